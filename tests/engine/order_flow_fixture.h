// Test fixture for the engine's order path: a simulated loop, the paper venue wired to its bus, an
// OrderManager, scripted quotes, and every event the manager publishes, recorded in order. One thread.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "broker/paper_venue.h"
#include "engine/event_loop.h"
#include "support/quote_event.h"
#include "engine/order_manager.h"
#include "engine/paper_venue_wiring.h"
#include "execution/execution_events.h"

namespace nightdesk {
template <class Tag>
void PrintTo(const Decimal4<Tag>& value, std::ostream* os) { *os << value.to_string(); }
}  // namespace nightdesk

namespace nightdesk::engine::testing {

using execution::ClientOrderId;
using execution::OrderLeg;
using execution::OrderRequest;
using execution::OrderState;
using execution::Side;

inline Price px(double dollars) { return *Price::from_double(dollars, Rounding::nearest); }
inline Money usd(double dollars) { return *Money::from_double(dollars, Rounding::nearest); }

// 2025-01-15 15:00Z: a Wednesday, 10:00 in New York.
inline const Timestamp kStart = *parse_iso8601("2025-01-15T15:00:00Z");
inline const Date kExpiry{std::chrono::year{2025}, std::chrono::January, std::chrono::day{17}};

inline market::Instrument call(double strike) { return market::Instrument::option("SPY", kExpiry, px(strike), OptionRight::call); }

// The manager's events, in the order published.
struct Recorder {
  std::vector<execution::WalkStep> steps;
  std::vector<execution::WalkStopped> stops;
  std::vector<execution::SlippageBudgetHit> budget_hits;
  std::vector<execution::WalkRefused> refused_walks;
  std::vector<execution::OrderRequestThrottled> throttled;
  std::vector<execution::OrderFilled> fills;
  std::vector<execution::OrderStateChanged> transitions;
  std::vector<execution::OrderTransitionRefused> refused_transitions;

  void attach(MessageBus& bus) {
    bus.subscribe<execution::WalkStep>([this](const auto& e) { steps.push_back(e); });
    bus.subscribe<execution::WalkStopped>([this](const auto& e) { stops.push_back(e); });
    bus.subscribe<execution::SlippageBudgetHit>([this](const auto& e) { budget_hits.push_back(e); });
    bus.subscribe<execution::WalkRefused>([this](const auto& e) { refused_walks.push_back(e); });
    bus.subscribe<execution::OrderRequestThrottled>([this](const auto& e) { throttled.push_back(e); });
    bus.subscribe<execution::OrderFilled>([this](const auto& e) { fills.push_back(e); });
    bus.subscribe<execution::OrderStateChanged>([this](const auto& e) { transitions.push_back(e); });
    bus.subscribe<execution::OrderTransitionRefused>([this](const auto& e) { refused_transitions.push_back(e); });
  }
  std::vector<Price> step_prices() const {
    std::vector<Price> out;
    for (const auto& s : steps) out.push_back(s.to_price);
    return out;
  }
};

// A manager config for tests: the spec's walk defaults, no per-order budget, a generous rate limit.
inline OrderManagerConfig test_config() {
  OrderManagerConfig c;
  c.walk.slippage_budget.reset();
  c.rate_limit.per_minute = 10'000;
  return c;
}

class OrderFlowTest : public ::testing::Test {
 public:
  SimulatedClock clock{kStart};
  EventLoop loop = EventLoop::simulated(clock);
  std::unique_ptr<broker::PaperVenue> venue;
  std::unique_ptr<OrderManager> manager;
  Recorder events;
  int next_id = 1;

  // Call once per test, first.
  void start(broker::PaperVenueConfig venue_config = {}, OrderManagerConfig manager_config = test_config()) {
    auto v = broker::PaperVenue::create(std::move(venue_config), loop);
    ASSERT_TRUE(v) << v.error().describe();
    venue = std::move(*v);
    wire_paper_venue(loop, *venue);
    auto m = OrderManager::create(std::move(manager_config), loop, *venue);
    ASSERT_TRUE(m) << m.error().describe();
    manager = std::move(*m);
    events.attach(loop.bus());
  }

  // Publishes a quote on the bus now (the venue sees it first, then the manager).
  void quote(const market::Instrument& i, double bid, double ask, std::int64_t bid_size = 10, std::int64_t ask_size = 10) {
    loop.bus().publish(nightdesk::testing::quote_event(i, loop.now(), px(bid), px(ask), Quantity(bid_size), Quantity(ask_size)));
  }
  OrderRequest limit(const market::Instrument& i, Side side, std::int64_t qty, double limit_price) {
    OrderRequest r;
    r.client_order_id = ClientOrderId("o" + std::to_string(next_id++));
    r.legs = {OrderLeg{i, 1, side}};
    r.quantity = Quantity(qty);
    r.limit_price = px(limit_price);
    r.strategy_tag = "test";
    return r;
  }
  const execution::Order& submit(OrderRequest r, ExecutionStyle style = ExecutionStyle::smart) {
    auto placed = manager->submit(ParentOrderRequest{std::move(r), style});
    EXPECT_TRUE(placed) << placed.error().describe();
    static const execution::Order kNone;
    return placed ? **placed : kNone;
  }
  // Runs every timer due up to now + `seconds`.
  void advance(double seconds) {
    ASSERT_TRUE(loop.run_until(loop.now() + std::chrono::nanoseconds(static_cast<std::int64_t>(seconds * 1e9))));
  }
  Timestamp at(double seconds) const { return kStart + std::chrono::nanoseconds(static_cast<std::int64_t>(seconds * 1e9)); }
};

}  // namespace nightdesk::engine::testing
