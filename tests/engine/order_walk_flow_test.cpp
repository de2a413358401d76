// End to end: scripted quotes -> OrderManager -> smart walk -> paper venue -> fills, on simulated time.
#include "order_flow_fixture.h"

namespace nightdesk::engine::testing {
namespace {

using execution::WalkEndAction;
using execution::WalkStopReason;

broker::PaperVenueConfig displayed_size() {
  broker::PaperVenueConfig c;
  c.fills.model = broker::FillModel::displayed_size;
  return c;
}

std::vector<Price> prices(std::initializer_list<double> dollars) {
  std::vector<Price> out;
  for (double d : dollars) out.push_back(px(d));
  return out;
}

// Bid 1.00 ask 1.40 with nothing offered at the ask, so the walk reaches the far touch without a fill.
TEST_F(OrderFlowTest, Walk_TenPercentSteps_PricesStepExactlyAndStopAtFarTouch) {
  start(displayed_size());
  quote(call(100), 1.00, 1.40, 10, 0);
  const auto& order = submit(limit(call(100), Side::buy, 1, 2.00));
  advance(0);
  EXPECT_EQ(order.state, OrderState::accepted);
  EXPECT_EQ(order.request.limit_price, px(1.20)) << "opens at the mid";
  advance(30 * 6);
  EXPECT_EQ(events.step_prices(), prices({1.25, 1.30, 1.35, 1.40}));
  ASSERT_EQ(events.stops.size(), 1u);
  EXPECT_EQ(events.stops[0].reason, WalkStopReason::far_touch);
  EXPECT_EQ(events.stops[0].action, WalkEndAction::rest);
  EXPECT_EQ(order.request.limit_price, px(1.40));
  EXPECT_EQ(order.state, OrderState::accepted) << "rests at the far touch";
  EXPECT_EQ(manager->metrics().walk_steps, 4u);
  EXPECT_EQ(manager->metrics().replaces_accepted, 4u);
}

TEST_F(OrderFlowTest, Walk_StepsEveryCancelAfterSeconds_NotBefore) {
  start(displayed_size());
  quote(call(100), 1.00, 1.40, 10, 0);
  submit(limit(call(100), Side::buy, 1, 2.00));
  advance(29.999);
  EXPECT_TRUE(events.steps.empty());
  advance(0.001);
  ASSERT_EQ(events.steps.size(), 1u);
  EXPECT_EQ(events.steps[0].time, at(30));
}

TEST_F(OrderFlowTest, Walk_ReanchorsOnTheCurrentQuote) {
  start(displayed_size());
  quote(call(100), 1.00, 1.40, 10, 0);
  submit(limit(call(100), Side::buy, 1, 2.00));
  advance(30);  // 60% of 1.00/1.40 = 1.24 -> 1.25
  quote(call(100), 1.10, 1.50, 10, 0);
  advance(30);  // 70% of 1.10/1.50 = 1.38 -> 1.40
  EXPECT_EQ(events.step_prices(), prices({1.25, 1.40}));
  EXPECT_EQ(events.steps[1].anchor_mid, px(1.30));
}

TEST_F(OrderFlowTest, Walk_NeverPassesTheTradersLimit) {
  start(displayed_size());
  quote(call(100), 1.00, 1.40, 10, 0);
  const auto& order = submit(limit(call(100), Side::buy, 1, 1.30));
  advance(30 * 4);
  EXPECT_EQ(events.step_prices(), prices({1.25, 1.30}));
  ASSERT_EQ(events.stops.size(), 1u);
  EXPECT_EQ(events.stops[0].reason, WalkStopReason::limit_price);
  EXPECT_EQ(order.request.limit_price, px(1.30));
}

TEST_F(OrderFlowTest, OrderBudget_NextStepOverBudget_StopsAndRestsWithReason) {
  auto config = test_config();
  config.walk.slippage_budget = execution::OrderSlippageBudget{20.0, WalkEndAction::rest};  // 0.08 of a 0.40 spread
  start(displayed_size(), config);
  quote(call(100), 1.00, 1.40, 10, 0);
  const auto& order = submit(limit(call(100), Side::buy, 1, 2.00));
  advance(30 * 3);
  EXPECT_EQ(events.step_prices(), prices({1.25})) << "1.30 would slip 0.10 = 25% of the arrival spread";
  ASSERT_EQ(events.stops.size(), 1u);
  EXPECT_EQ(events.stops[0].reason, WalkStopReason::slippage_budget);
  EXPECT_NE(events.stops[0].detail.find("1.30"), std::string::npos) << events.stops[0].detail;
  ASSERT_EQ(events.budget_hits.size(), 1u);
  EXPECT_EQ(events.budget_hits[0].scope, execution::SlippageBudgetScope::order);
  EXPECT_EQ(order.state, OrderState::accepted);
  EXPECT_EQ(order.request.limit_price, px(1.25));
  EXPECT_EQ(manager->metrics().order_budget_stops, 1u);
}

TEST_F(OrderFlowTest, OrderBudget_OnBudgetCancel_CancelsTheOrder) {
  auto config = test_config();
  config.walk.slippage_budget = execution::OrderSlippageBudget{20.0, WalkEndAction::cancel};
  start(displayed_size(), config);
  quote(call(100), 1.00, 1.40, 10, 0);
  const auto& order = submit(limit(call(100), Side::buy, 1, 2.00));
  advance(30 * 3);
  ASSERT_EQ(events.stops.size(), 1u);
  EXPECT_EQ(events.stops[0].action, WalkEndAction::cancel);
  EXPECT_EQ(order.state, OrderState::cancelled);
  EXPECT_EQ(manager->metrics().cancels_sent, 1u);
}

TEST_F(OrderFlowTest, DailyBudget_Spent_BlocksTheNextWalkBeforeItIsSent) {
  auto config = test_config();
  config.daily_slippage_budget = usd(1.00);
  start({}, config);
  quote(call(100), 1.00, 1.40);
  const auto& first = submit(limit(call(100), Side::buy, 1, 2.00));
  advance(30);                      // steps to 1.25
  quote(call(100), 1.00, 1.25);     // the ask comes down to the resting limit
  advance(0);
  ASSERT_EQ(first.state, OrderState::filled);
  EXPECT_EQ(manager->daily_budget().spent(), usd(5.00)) << "0.05 over the 1.20 arrival mid x 100";
  const auto& second = submit(limit(call(100), Side::buy, 1, 2.00));
  EXPECT_EQ(second.state, OrderState::rejected);
  ASSERT_FALSE(second.history.empty());
  EXPECT_TRUE(second.history.back().reason.starts_with("daily_slippage_budget")) << second.history.back().reason;
  ASSERT_EQ(events.refused_walks.size(), 1u);
  ASSERT_EQ(events.budget_hits.size(), 1u);
  EXPECT_EQ(events.budget_hits[0].scope, execution::SlippageBudgetScope::daily);
  EXPECT_EQ(manager->metrics().daily_budget_blocks, 1u);
  EXPECT_EQ(manager->metrics().rejects("daily_slippage_budget"), 1u);
  EXPECT_EQ(venue->open_orders()->size(), 0u) << "the refused order never reached the venue";
}

TEST_F(OrderFlowTest, DailyBudget_DirectOrdersAreNotWalks_AndStillGo) {
  auto config = test_config();
  config.daily_slippage_budget = usd(0.01);
  start({}, config);
  quote(call(100), 1.00, 1.40);
  submit(limit(call(100), Side::buy, 1, 1.40), ExecutionStyle::direct);  // fills at the ask: $20 of slippage
  advance(0);
  EXPECT_GE(manager->daily_budget().spent(), usd(20.00));
  const auto& direct = submit(limit(call(100), Side::buy, 1, 1.10), ExecutionStyle::direct);
  advance(0);
  EXPECT_EQ(direct.state, OrderState::accepted);
}

TEST_F(OrderFlowTest, PartialFillsAcrossReplaces_CarryLeavesAndAverageExactly) {
  start(displayed_size());
  quote(call(100), 1.00, 1.40, 10, 0);
  const auto& order = submit(limit(call(100), Side::buy, 10, 2.00));
  advance(1);
  quote(call(100), 1.00, 1.20, 10, 3);  // 3 offered at our 1.20
  advance(1);
  quote(call(100), 1.00, 1.40, 10, 0);
  advance(28);                          // t=30: replace to 1.25 for the 7 left
  quote(call(100), 1.00, 1.25, 10, 4);
  advance(1);
  quote(call(100), 1.00, 1.40, 10, 0);
  advance(29);                          // t=60: replace to 1.30 for the 3 left
  quote(call(100), 1.00, 1.30, 10, 10);
  advance(0);
  ASSERT_EQ(order.state, OrderState::filled);
  ASSERT_EQ(events.steps.size(), 2u);
  EXPECT_EQ(events.steps[0].leaves, Quantity(7));
  EXPECT_EQ(events.steps[1].leaves, Quantity(3));
  EXPECT_EQ(events.step_prices(), prices({1.25, 1.30}));
  ASSERT_EQ(order.fills.size(), 3u);
  EXPECT_EQ(order.fills[0].quantity, Quantity(3));
  EXPECT_EQ(order.fills[1].quantity, Quantity(4));
  EXPECT_EQ(order.fills[2].quantity, Quantity(3));
  EXPECT_EQ(order.request.quantity, Quantity(10)) << "a replace keeps the total; the fills shrink what is left";
  EXPECT_EQ(*order.average_fill_price(), px(1.25)) << "(3 x 1.20 + 4 x 1.25 + 3 x 1.30) / 10";
  EXPECT_EQ(order.replace_count, 2);
}

TEST_F(OrderFlowTest, ComboWalk_StepsOnNetPrice_FillsAllLegsAtOnce) {
  start();
  quote(call(100), 5.00, 5.20);
  quote(call(105), 2.00, 2.20);  // vertical: net bid 2.80, ask 3.20, mid 3.00
  OrderRequest r = limit(call(100), Side::buy, 2, 4.00);
  r.legs = {OrderLeg{call(100), 1, Side::buy}, OrderLeg{call(105), 1, Side::sell}};
  const auto& order = submit(r);
  advance(0);
  EXPECT_EQ(order.request.limit_price, px(3.00));
  advance(30);
  ASSERT_EQ(events.steps.size(), 1u);
  EXPECT_EQ(events.steps[0].to_price, px(3.04)) << "10% of the 0.40 net spread on a $0.01 combo tick";
  EXPECT_EQ(events.steps[0].anchor_mid, px(3.00));
  quote(call(105), 2.16, 2.20);  // net ask 5.20 - 2.16 = 3.04 reaches the limit
  advance(0);
  ASSERT_EQ(order.state, OrderState::filled);
  ASSERT_EQ(order.fills.size(), 2u);
  EXPECT_EQ(order.fills[0].leg, 0u);
  EXPECT_EQ(order.fills[1].leg, 1u);
  EXPECT_EQ(order.fills[0].venue_time, order.fills[1].venue_time) << "atomic: both legs in one execution";
  EXPECT_EQ(order.fills[0].quantity, Quantity(2));
  EXPECT_EQ(order.fills[1].quantity, Quantity(2));
  EXPECT_EQ(*order.average_fill_price(), px(3.04));
  EXPECT_EQ(events.fills.size(), 2u);
  EXPECT_EQ(events.fills.back().state_after, OrderState::filled);
}

TEST_F(OrderFlowTest, Walk_NoTwoRequestsInFlight_ReplaceWaitsForTheAck) {
  broker::PaperVenueConfig latency = displayed_size();
  latency.order_latency = std::chrono::seconds(20);  // each request reaches the venue 20 s after it is sent
  start(latency);
  quote(call(100), 1.00, 1.40, 10, 0);
  const auto& order = submit(limit(call(100), Side::buy, 1, 2.00));
  advance(50);  // acked at t=20; first step due at t=50 (30 s after the ack, not after the submit)
  ASSERT_EQ(events.steps.size(), 1u);
  EXPECT_EQ(events.steps[0].time, at(50));
  EXPECT_EQ(order.state, OrderState::pending_replace);
  advance(30);  // the replace is answered at t=70; nothing else was sent meanwhile
  EXPECT_EQ(events.steps.size(), 1u);
  EXPECT_EQ(order.state, OrderState::accepted);
  int in_flight = 0, max_in_flight = 0;
  for (const auto& t : events.transitions) {
    if (t.transition.to == OrderState::pending_submit || t.transition.to == OrderState::pending_replace ||
        t.transition.to == OrderState::pending_cancel)
      ++in_flight;
    else
      in_flight = 0;
    max_in_flight = std::max(max_in_flight, in_flight);
  }
  EXPECT_EQ(max_in_flight, 1);
}

}  // namespace
}  // namespace nightdesk::engine::testing
