// TradingDesk: the engine thread's owner of the portfolio and the risk gate, and the one door every order
// goes through (strategies, the bot's exits and rolls, a person through the API): pre-trade check, then
// OrderManager::submit. It books quotes, fills and expiry settlements on the positions, runs the bot's
// management on a timer of engine time, feeds the circuit breaker on account updates and carries out its
// trips (cancelling opening orders). Engine thread only; the API reaches halt/reset through EventLoop::post.
//
// Create it after the OrderManager (so quotes reach the manager's board first). Order follow-ups (a roll's
// next order, breaker cancels after a fill) run on the loop's next turn, never inside the manager's own
// event handlers.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "broker/expiry_settlement.h"
#include "common/error.h"
#include "common/id_generator.h"
#include "common/trading_calendar.h"
#include "engine/account_tracker.h"
#include "engine/desk_events.h"
#include "engine/desk_metrics.h"
#include "engine/event_loop.h"
#include "engine/order_manager.h"
#include "execution/execution_events.h"
#include "market/chain_book.h"
#include "portfolio/close_amount.h"
#include "portfolio/portfolio.h"
#include "portfolio/position_overrides.h"
#include "risk/risk_gate.h"

namespace nightdesk::engine {

// The account's cash balance as the venue holds it (receipts positive, fees paid out).
using CashSource = std::function<Money()>;

struct TradingDeskConfig {
  risk::RiskLimits limits;                       // NightdeskConfig::risk
  portfolio::ManagementSettings management;      // NightdeskConfig::management
  // Exits and rolls run after a quote when this much engine time has passed since the last run; 0: after
  // every quote.
  Nanoseconds management_interval{0};
  // Quotes re-evaluate the breaker at most this often (fills and settlements always do, on the next turn).
  Nanoseconds account_interval = std::chrono::seconds(1);
  ExecutionStyle bot_style = ExecutionStyle::smart;  // how the bot's exits and rolls are worked
  std::optional<std::uint64_t> id_seed;              // bot order ids: deterministic when set (backtests)

  Status validate() const;
};

// A person's change to a working order (PATCH /orders/{id}); an unset field keeps the order's current term.
struct OrderChange {
  std::optional<Price> limit_price;
  std::optional<Quantity> quantity;  // the new TOTAL (what is filled plus what is left to work)
};

class TradingDesk {
 public:
  // Subscribes to quotes, order events and expiry settlements on `loop`'s bus. `loop`, `orders`,
  // `calendar` must outlive it; `cash` is called on every account update.
  static Result<std::unique_ptr<TradingDesk>> create(TradingDeskConfig config, EventLoop& loop, OrderManager& orders,
                                                     CashSource cash, const TradingCalendar& calendar);
  ~TradingDesk();
  TradingDesk(const TradingDesk&) = delete;
  TradingDesk& operator=(const TradingDesk&) = delete;

  // The risk-checked entry. An order without a parent_position_id opens a new position named
  // "pos-<client id>". A refusal sends nothing, is published as OrderRiskRefused, counted by rule, and
  // returned as a conflict whose field is the first violated rule and whose message has every limit with
  // its numbers; missing market data refuses as rule market_data. Otherwise OrderManager::submit's answer.
  Result<const execution::Order*> submit(ParentOrderRequest request);

  // A person's commands (API): who and reason must not be blank. A halt or reduce-only cancels the
  // opening orders; each transition is published and kept in the breaker's audit log.
  Result<risk::BreakerTransition> halt(std::string who, std::string reason);
  Result<risk::BreakerTransition> reduce_only(std::string who, std::string reason);
  Result<risk::BreakerTransition> reset(std::string who, std::string reason);

  // A person's position and order commands (API; trading_desk_commands.cpp). `who` must not be blank; it is
  // kept in the position's management history.
  //
  // Closes `amount` of the position with an order at the legs' net mark, worked like the bot's exits and
  // risk-checked like every order (a close reduces risk, so it passes a tripped breaker). Errors:
  // Portfolio::close's (not_found, conflict "position_id" when flat or a close or roll is working,
  // invalid_argument "quantity"/"pct"), then the risk refusal or the manager's error (the position is free again).
  Result<const execution::Order*> close_position(const std::string& position_id, const portfolio::CloseAmount& amount,
                                                 const std::string& who);
  // Rolls the position on its underlying's chain with `overrides` on top of its settings; with `dry_run` (or
  // an effective roll_dry_run) only plans and records. Errors: not_found; unavailable "chain" without a
  // chain; conflict "circuit_breaker" for a real roll unless the breaker is active; Portfolio::roll_requested's;
  // the first order's refusal (the roll is then recorded as failed).
  Result<portfolio::RollStart> roll_position(const std::string& position_id, const portfolio::RollOverrides& overrides,
                                             bool dry_run, const std::string& who);
  // Changes the position's own management settings or hands it over (Portfolio::change_management).
  Result<portfolio::ManagementSettings> manage_position(const std::string& position_id, const portfolio::ManagementChange& change,
                                                        const std::string& who);
  // A person's replace: risk-checked at the new terms (the part left to work), then OrderManager::replace.
  // invalid_argument "order" when nothing changes, "who" when blank; the risk refusal; the manager's errors.
  Status replace_order(const execution::ClientOrderId& id, const OrderChange& change, const std::string& who);
  // A person's cancel (OrderManager::cancel); invalid_argument "who" when blank.
  Status cancel_order(const execution::ClientOrderId& id, const std::string& who);

  // Recovery (trading_desk_recovery.cpp). Before the journal attaches: the position's journaled management
  // history and the exit memory replayed from it (Portfolio::restore_management; returns the order of an
  // unfinished roll). After it attaches: the orders rebuilt open count as this desk's open orders (risk checks,
  // a halt's cancels), the bot's id sequences continue after the journal's ids, and each restored exit whose order ended before the stop, or was never journaled, is
  // finished now as it would have been then (a level whose order filled nothing is pending again). Returns
  // how many exits were finished.
  Result<std::optional<std::string>> restore_management(const std::string& position_id,
                                                        std::vector<portfolio::ManagementAction> journaled);
  std::size_t resume_after_recovery();

  // Runs the bot's management now (exits, then rolls), whatever the timer says.
  void manage_now();
  // Measures the account now and lets the breaker act; returns the snapshot it used.
  risk::AccountSnapshot update_account();

  const portfolio::Portfolio& portfolio() const { return portfolio_; }
  const risk::RiskGate& risk() const { return gate_; }
  const market::ChainBook& chains() const { return chains_; }
  const risk::AccountSnapshot& account() const { return account_.last(); }
  Result<risk::BuyingPower> buying_power() const;
  // The order `id` as the manager holds it (nullptr: unknown or pruned).
  const execution::Order* order(const execution::ClientOrderId& id) const { return orders_.find(id); }
  // The requests of orders submitted here that have not ended.
  std::vector<execution::OrderRequest> open_orders() const;
  DeskMetrics metrics() const;

 private:
  TradingDesk(TradingDeskConfig config, EventLoop& loop, OrderManager& orders, CashSource cash, const TradingCalendar& calendar);
  void subscribe();

  // trading_desk_entry.cpp
  Result<const execution::Order*> refuse(const execution::OrderRequest& request, risk::RiskDecision decision);
  // The bot's (and a person's close's) orders: priced for the walk; a refusal is reported back to the portfolio.
  Result<const execution::Order*> submit_bot_order(execution::OrderRequest request);
  // An order of the portfolio's that never went out: finished as rejected (its position is free again).
  void finish_unsent(execution::OrderRequest request);

  // trading_desk_flow.cpp
  void on_quote(const market::QuoteEvent& event);
  void on_fill(const execution::OrderFilled& event);
  void on_state_changed(const execution::OrderStateChanged& event);
  void on_settlement(const broker::ExpirySettlement& settlement);
  void mark_from_board(const execution::OrderRequest& request);
  void finish_order(const execution::ClientOrderId& id);
  void plan_exits(Timestamp now);
  void plan_rolls(Timestamp now);
  void skip_roll(const std::string& position_id, std::string reason);
  // Runs pending follow-ups (finished orders, an account update) on the loop's next turn.
  void follow_up();
  void run_follow_ups();

  // trading_desk_breaker.cpp
  void carry_out(const risk::BreakerActions& actions);
  Result<risk::BreakerTransition> manual(Result<risk::BreakerActions> actions);
  // The account now, without letting the breaker act (the pre-trade check's view).
  risk::AccountSnapshot snapshot();

  TradingDeskConfig config_;
  EventLoop& loop_;
  OrderManager& orders_;
  CashSource cash_;
  const TradingCalendar& calendar_;
  IdGenerator order_ids_;
  IdGenerator person_order_ids_;  // a person's closes
  portfolio::Portfolio portfolio_;
  risk::RiskGate gate_;
  market::ChainBook chains_;
  AccountTracker account_;
  std::vector<execution::ClientOrderId> open_;      // submitted here, not ended
  std::vector<execution::ClientOrderId> finished_;  // ended, waiting for on_order_finished
  bool follow_up_scheduled_ = false;
  bool account_due_ = false;
  std::optional<Timestamp> last_management_, last_account_;
  std::map<std::string, Date, std::less<>> roll_skipped_on_;  // a skipped roll is tried again the next day
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::vector<SubscriptionId> subscriptions_;
  DeskMetrics counters_;
};

}  // namespace nightdesk::engine
