// StrategyHost: attaches strategies to an EventLoop's bus and a TradingDesk. It delivers every quote (after
// the desk has booked it), the fills and ends of each strategy's own orders (matched by strategy_tag), and
// the strategy's timers (fills and ends on the loop's next turn, never inside the OrderManager's own event
// handlers, so a strategy may submit from them); it catches and counts what a strategy throws so nothing escapes into the loop, and
// keeps per-strategy counters. Create it after the TradingDesk. Engine thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "common/trading_calendar.h"
#include "engine/event_loop.h"
#include "engine/order_manager.h"
#include "engine/trading_desk.h"
#include "strategy/recurring_orders.h"
#include "strategy/strategy.h"
#include "strategy/strategy_context.h"
#include "strategy/strategy_counters.h"

namespace nightdesk::strategy {

struct StrategyHostConfig {
  RecurringOrdersConfig recurring;
  // A strategy that has thrown this many exceptions gets no more callbacks (its orders stay with the desk).
  std::uint64_t max_exceptions = 100;
};

class StrategyHost {
 public:
  // `loop`, `desk`, `orders` and `calendar` must outlive the host. `orders` is read for order state and
  // used for cancels only: every new order goes through `desk`.
  static Result<std::unique_ptr<StrategyHost>> create(engine::EventLoop& loop, engine::TradingDesk& desk,
                                                      engine::OrderManager& orders, const TradingCalendar& calendar,
                                                      StrategyHostConfig config = {});
  ~StrategyHost();
  StrategyHost(const StrategyHost&) = delete;
  StrategyHost& operator=(const StrategyHost&) = delete;

  // Adds a strategy and calls its on_start now. invalid_argument for an empty name or one that is not
  // [A-Za-z0-9_.-]; conflict for a name already added.
  Status add(std::unique_ptr<Strategy> strategy);

  // The recurring templates running on the same loop and desk.
  RecurringOrders& recurring() { return *recurring_; }
  const RecurringOrders& recurring() const { return *recurring_; }

  std::size_t size() const { return slots_.size(); }
  // nullptr for an unknown name.
  const Strategy* find(std::string_view name) const;
  Result<StrategyCounters> counters(std::string_view name) const;
  // Every strategy's name and counters, in the order added.
  std::vector<std::pair<std::string, StrategyCounters>> all_counters() const;

 private:
  friend class StrategyContext;
  struct Slot {
    std::unique_ptr<Strategy> strategy;
    std::unique_ptr<StrategyContext> context;
    StrategyCounters counters;
    std::uint64_t next_order = 1;
    std::vector<execution::ClientOrderId> working;  // submitted and not seen to end
  };

  StrategyHost(engine::EventLoop& loop, engine::TradingDesk& desk, engine::OrderManager& orders,
               const TradingCalendar& calendar, StrategyHostConfig config);
  void subscribe();
  void on_quote(const market::QuoteEvent& event);
  void on_fill(const execution::OrderFilled& event);
  void on_state_changed(const execution::OrderStateChanged& event);
  // Delivers the queued fills and order ends (a zero-delay timer).
  void schedule_delivery();
  void deliver_order_events();
  // The slot whose strategy sent `id`, or nullptr.
  Slot* owner_of(const execution::ClientOrderId& id, const execution::Order** order);
  // Runs `call` for `slot`'s strategy unless it is stopped; an exception is caught and counted.
  template <class F>
  void guarded(Slot& slot, const char* callback, F&& call);

  // StrategyContext's door.
  Result<const execution::Order*> submit(std::size_t slot, execution::OrderRequest request, engine::ExecutionStyle style);
  Status cancel(std::size_t slot, const execution::ClientOrderId& id);
  const execution::Order* own_order(std::size_t slot, const execution::ClientOrderId& id) const;
  TimerId set_timer(std::size_t slot, Timestamp when, std::uint64_t tag);
  void note_skip(std::size_t slot, std::string reason);

  engine::EventLoop& loop_;
  engine::TradingDesk& desk_;
  engine::OrderManager& orders_;
  const TradingCalendar& calendar_;
  StrategyHostConfig config_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::unique_ptr<RecurringOrders> recurring_;
  std::unordered_map<std::string, std::size_t> by_name_;
  struct OrderNews {  // a fill (fill set) or an order's end, waiting for delivery
    std::size_t slot = 0;
    std::optional<execution::OrderFilled> fill;
    execution::ClientOrderId id;
    execution::OrderState end = execution::OrderState::cancelled;
  };
  std::vector<OrderNews> news_;
  bool delivery_scheduled_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::vector<engine::SubscriptionId> subscriptions_;
};

}  // namespace nightdesk::strategy
