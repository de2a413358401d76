// OrderManager: the engine thread's owner of every order. Takes parent order requests (single or combo;
// from a strategy, the bot, a person or a roll), registers them idempotently, works limit orders by the
// smart walk (mid toward the far touch, spec A6) or sends them as they are, routes every submit, cancel
// and replace through the rate limiter, enforces the per-order and daily slippage budgets, measures
// execution quality, and publishes what happens on the loop's bus. Engine thread only.
//
// Reports reach it from the bus (ExecutionReport events: wire the broker's report sink to the bus, as
// wire_paper_venue does) and quotes as market::QuoteEvent; subscribe the venue first so it knows a quote
// before any order is priced on it. Client ids are strings at the boundary only: inside, an order is its
// registry handle (a slot), so the per-report and per-timer path neither hashes ids nor allocates.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "broker/broker.h"
#include "common/error.h"
#include "common/tick_rule.h"
#include "common/trading_calendar.h"
#include "engine/durability.h"
#include "engine/event_loop.h"
#include "engine/order_manager_metrics.h"
#include "engine/quote_board.h"
#include "engine/rate_limit_gate.h"
#include "execution/execution_events.h"
#include "execution/execution_quality.h"
#include "execution/order_rate_limiter.h"
#include "execution/order_registry.h"
#include "execution/slippage_budget.h"
#include "execution/smart_order_walk.h"

namespace nightdesk::engine {

// smart: a limit order opens at the mid (use_mid_price) and walks toward the far touch; its own limit
// price is the worst price the trader accepts (the walk never passes it). direct: sent as it is.
// Market, stop and stop-limit orders are always direct.
enum class ExecutionStyle : std::uint8_t { smart, direct };

struct ParentOrderRequest {
  execution::OrderRequest order;
  ExecutionStyle style = ExecutionStyle::smart;
};

struct OrderManagerConfig {
  execution::SmartExecutionConfig walk;         // the walk and its per-order slippage budget
  std::optional<Money> daily_slippage_budget;   // dollars across all orders per trading day; none: no limit
  execution::RateLimitConfig rate_limit;
  std::string account = "paper";                // the rate limiter's account
  TickTable ticks;                              // option tick rules per underlying (as the venue uses)
  Price stock_tick = Price::from_units(100);    // $0.01
  Price combo_tick = Price::from_units(100);    // a combo's net price: $0.01
  const TradingCalendar* calendar = nullptr;    // the trading day (New York) for the daily budget and
                                                // quality; none: the UTC date
  execution::QualityRetention quality_retention;  // per-order quality records kept (aggregates keep all)

  Status validate() const;
};

class OrderManager {
 public:
  // Subscribes to quotes and execution reports on `loop`'s bus. `loop` and `broker` must outlive it.
  static Result<std::unique_ptr<OrderManager>> create(OrderManagerConfig config, EventLoop& loop, broker::Broker& broker);
  ~OrderManager();
  OrderManager(const OrderManager&) = delete;
  OrderManager& operator=(const OrderManager&) = delete;

  // Registers and starts working `request`. The same client id with the same request returns the order
  // already held and sends nothing; with a different request it is a conflict. An invalid request is an
  // error (invalid_argument naming the field). A smart order that cannot start its walk (the day's
  // slippage budget is spent, no two-sided quote) is returned rejected, with the reason in its history.
  Result<const execution::Order*> submit(ParentOrderRequest request);
  // Registers `request` as an order refused before anything was sent (a risk refusal of a person's queued
  // order), rejected with `reason` in its history, so that it is in the order book and the journal like any
  // other order and is never dropped unseen. The same client id again gets the order already held. Errors:
  // an invalid request (invalid_argument naming the field), the client id held for a different request (conflict).
  Result<const execution::Order*> record_refused(execution::OrderRequest request, std::string reason);
  // Cancels a working order (stopping its walk); a request already in flight is answered first, a
  // request still queued is withdrawn. Errors: not_found, conflict when the order has ended.
  Status cancel(const execution::ClientOrderId& id);
  // A person's replace (API; order_manager_replace.cpp): `terms` (limit price, new TOTAL quantity) for a
  // working order. Stops its smart walk (the person sets the price now), withdraws a walk step still waiting
  // for a rate-limit token, and sends the replace through the rate limiter (queued when no token is free).
  // Errors, with nothing changed: not_found; conflict "client_order_id" when the order has ended, "order_state"
  // while its submit, cancel or replace is in flight (ask again once answered; the walk is stopped already);
  // invalid_argument naming "quantity" (not above what is filled) or the broken field ("limit_price", also
  // off the tick); unavailable "rate_limit" when the limiter refused it (the order works on unchanged).
  Status replace(const execution::ClientOrderId& id, execution::ReplaceTerms terms);

  const execution::Order* find(const execution::ClientOrderId& id) const { return registry_.find(id); }
  // Every order held (working and ended, until pruned), in no particular order.
  void for_each_order(const std::function<void(const execution::Order&)>& visit) const { registry_.for_each(visit); }
  OrderManagerMetrics metrics() const;
  const execution::ExecutionQualityBook& quality() const { return quality_; }
  const execution::DailySlippageBudget& daily_budget() const { return daily_; }
  const QuoteBoard& quotes() const { return board_; }
  // From now on every broker request waits in `durability`'s when_durable() until what the manager has
  // published before it is journaled (null: requests go out at once). Set before trading.
  void set_durability(Durability* durability) { durability_ = durability; }

  // Start-up only, before trading: the registry for the journal's rebuild (store::OrderRebuilder), then
  // adopt_recovered_orders() so each rebuilt order is worked as a direct order (no walk) and its reports apply.
  execution::OrderRegistry& registry_for_recovery() { return registry_; }
  void adopt_recovered_orders();

  // Forgets ended orders last changed before `cutoff` (after they are journaled). Returns how many.
  std::size_t prune_closed_before(Timestamp cutoff);

 private:
  struct QueuedRequest {
    execution::BrokerRequestKind kind = execution::BrokerRequestKind::submit;
    std::uint64_t ticket = 0;
    std::optional<execution::ReplaceTerms> terms;
  };
  // What the manager keeps per parent order beside the registry's Order (indexed by its registry slot).
  struct Parent {
    execution::OrderHandle handle;             // the order this slot holds now; empty: none
    ExecutionStyle style = ExecutionStyle::direct;
    std::optional<execution::SmartOrderWalk> walk;
    bool walk_done = false;                    // stopped by the manager (limit price, cancel)
    std::optional<Price> worst_price;          // smart: the trader's limit
    std::optional<execution::QualityContext> quality;  // set when an arrival quote was known
    bool quality_recorded = false;
    std::optional<QueuedRequest> queued;       // waiting for a rate-limit token
    bool cancel_wanted = false;                // cancel once the request in flight is answered
    TimerId walk_timer;
    Timestamp walk_timer_at{};
    bool awaiting_quote = false;               // the walk is due but had no usable quote
    Money slippage_booked;                     // this order's slippage already on the daily budget
    std::string spare_symbol;                  // an earlier order's quality symbol, kept for its buffer
  };

  OrderManager(OrderManagerConfig config, EventLoop& loop, broker::Broker& broker, execution::OrderRateLimiter limiter);
  // The parent of `handle`'s order; nullptr once the order was pruned.
  Parent* parent_of(execution::OrderHandle handle);
  Parent& adopt(execution::OrderHandle handle);  // a fresh Parent in the new order's slot
  void recycle(Parent& parent);                  // makes `parent` fresh (no order), keeping its buffers
  void on_quote(const market::QuoteEvent& event);
  void on_report(const execution::ExecutionReport& report);
  void after_report(Parent& parent, execution::Order& order, const execution::ExecutionReport& report);

  // order_manager_walk.cpp
  bool start_walk(Parent& parent, execution::Order& order, const Result<execution::NetQuote>& arrival);
  void refuse_walk(execution::Order& order, std::string reason);
  void drive_walk(Parent& parent, execution::Order& order);
  void step_walk(Parent& parent, execution::Order& order, const execution::WalkDecision& decision);
  void arm_walk_timer(Parent& parent, Timestamp at);
  TickRule tick_rule_for(const execution::OrderRequest& request) const;

  // order_manager_dispatch.cpp
  void dispatch(Parent& parent, execution::Order& order, execution::BrokerRequestKind kind,
                std::optional<execution::ReplaceTerms> terms = std::nullopt);
  // `handle` names `order` (the venue echoes it in the order's reports).
  void transmit(execution::OrderHandle handle, execution::Order& order, execution::BrokerRequestKind kind,
                const std::optional<execution::ReplaceTerms>& terms);
  void send(execution::OrderHandle handle, execution::Order& order, execution::BrokerRequestKind kind,
            const std::optional<execution::ReplaceTerms>& terms);
  void on_released(const execution::BrokerRequest& request);
  void reject_unsent(execution::Order& order, std::string reason);

  // order_manager_replace.cpp
  Status check_replace(const execution::Order& order, const execution::ReplaceTerms& terms) const;
  void stop_walk_for_person(Parent& parent, const execution::Order& order);

  // order_manager_quality.cpp
  // The order's net quote as it arrives (what a walk starts from), quality measured from it when it has one.
  Result<execution::NetQuote> arrive(Parent& parent, const execution::Order& order);
  void start_quality(Parent& parent, const execution::Order& order, const execution::NetQuote& arrival, const std::string& symbol);
  void on_fill(Parent& parent, const execution::Order& order, const execution::Fill& fill);
  void book_slippage(Parent& parent, const execution::Order& order);
  void feed_mid(execution::OrderHandle handle);
  void arm_horizon_timer();
  void on_horizons_due();
  void finish(Parent& parent, const execution::Order& order);
  void roll_day();

  void publish_transitions(const execution::Order& order, std::size_t from);
  void note_refused(const execution::ClientOrderId& id, execution::OrderState state, execution::OrderEvent event, const Error& error);
  void count_reject(std::string_view reason) { ++rejects_by_reason_[reject_reason_key(reason)]; }

  OrderManagerConfig config_;
  EventLoop& loop_;
  broker::Broker& broker_;
  RateLimitGate gate_;
  execution::OrderRegistry registry_;
  std::deque<Parent> parents_;  // by registry slot; a deque so a Parent& survives growth (a bus handler may submit)
  std::vector<execution::OrderHandle> awaiting_quote_;   // walks due that wait for a usable quote
  QuoteBoard board_;
  execution::DailySlippageBudget daily_;
  Date day_{};
  std::optional<std::chrono::sys_time<std::chrono::hours>> day_hour_;  // the UTC hour day_ was worked out for
  execution::ExecutionQualityBook quality_;
  // Realized-spread horizons due (one per fill and horizon), earliest first (a heap), behind one timer.
  struct HorizonDue {
    Timestamp at;
    std::uint64_t sequence;  // ties keep the order they were scheduled in
    execution::OrderHandle order;
  };
  std::vector<HorizonDue> horizons_due_;
  std::uint64_t next_horizon_sequence_ = 0;
  TimerId horizon_timer_;
  Timestamp horizon_timer_at_{};
  // What the manager keeps per contract of a single-leg order, found by one lookup per order: its latest
  // quote on the board (the board keeps each quote at one address) and its quality_key() (formatting an
  // OCC symbol per order is costly).
  struct Contract {
    const market::Quote* quote = nullptr;  // null until the board has a quote for it
    std::string quality_symbol;
  };
  Contract& contract_of(const execution::OrderRequest& single_leg);
  std::unordered_map<broker::InstrumentKey, Contract, broker::InstrumentKeyHash, broker::InstrumentKeyEqual> contracts_;
  std::string combo_symbol_;  // a combo's key, built per order
  // The state-change event, built in place so that its strings keep their capacity (an engine client id,
  // ~23 characters, allocates on every copy otherwise); an event published from inside a handler of this
  // one is built afresh, so no handler sees the event it is reading change.
  execution::OrderStateChanged state_event_;
  bool publishing_state_ = false;
  SubscriptionId quote_subscription_, report_subscription_;
  Durability* durability_ = nullptr;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // a deferred send outliving the manager does nothing
  OrderManagerMetrics counters_;  // the counting fields; metrics() adds the current values
  std::map<std::string, std::uint64_t, std::less<>> rejects_by_reason_;
};

}  // namespace nightdesk::engine
