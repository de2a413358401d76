// A person's replace through the OrderManager (PATCH /orders/{id}): the walk stops, the rate limiter is
// spent, and ended or busy orders are answered with a conflict.
#include <gtest/gtest.h>

#include "order_flow_fixture.h"

namespace nightdesk::engine::testing {
namespace {

using execution::ReplaceTerms;
using execution::ThrottleOutcome;
using execution::WalkStopReason;

TEST_F(OrderFlowTest, PersonsReplace_DirectOrder_WorksAtTheNewTerms) {
  start();
  quote(call(100), 1.00, 1.40);
  const auto& order = submit(limit(call(100), Side::buy, 2, 1.05), ExecutionStyle::direct);
  advance(0);
  ASSERT_EQ(order.state, OrderState::accepted);
  ASSERT_TRUE(manager->replace(order.client_order_id(), ReplaceTerms{px(1.10), Quantity(3)}));
  advance(0);
  EXPECT_EQ(order.state, OrderState::accepted);
  EXPECT_EQ(order.request.limit_price, px(1.10));
  EXPECT_EQ(order.request.quantity, Quantity(3));
  EXPECT_EQ(order.replace_count, 1);
  EXPECT_EQ(manager->metrics().replaces_sent, 1u);
}

TEST_F(OrderFlowTest, PersonsReplace_SmartOrder_StopsTheWalk) {
  start();
  quote(call(100), 1.00, 1.40);
  const auto& order = submit(limit(call(100), Side::buy, 1, 2.00));
  advance(0);
  ASSERT_EQ(order.request.limit_price, px(1.20));  // the walk opened at the mid
  ASSERT_TRUE(manager->replace(order.client_order_id(), ReplaceTerms{px(1.05), Quantity(1)}));
  advance(600);  // the walk would have stepped every 30 s
  EXPECT_EQ(order.request.limit_price, px(1.05));
  EXPECT_TRUE(events.steps.empty());
  EXPECT_EQ(manager->metrics().replaces_sent, 1u);
  ASSERT_FALSE(events.stops.empty());
  EXPECT_EQ(events.stops.back().reason, WalkStopReason::person_replaced);
}

TEST_F(OrderFlowTest, PersonsReplace_EndedOrder_Conflict) {
  start();
  quote(call(100), 1.00, 1.40);
  const auto& order = submit(limit(call(100), Side::buy, 1, 1.40), ExecutionStyle::direct);
  advance(0);
  ASSERT_EQ(order.state, OrderState::filled);
  auto r = manager->replace(order.client_order_id(), ReplaceTerms{px(1.10), Quantity(2)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
  EXPECT_EQ(r.error().field, "client_order_id");
}

TEST_F(OrderFlowTest, PersonsReplace_UnknownOrder_NotFound) {
  start();
  EXPECT_EQ(manager->replace(ClientOrderId("nope"), ReplaceTerms{px(1.10), Quantity(1)}).error().code, ErrorCode::not_found);
}

TEST_F(OrderFlowTest, PersonsReplace_WhileTheWalksReplaceIsInFlight_ConflictAndTheWalkStops) {
  broker::PaperVenueConfig latency;
  latency.order_latency = std::chrono::seconds(1);
  start(latency);
  quote(call(100), 1.00, 1.40);
  const auto& order = submit(limit(call(100), Side::buy, 1, 2.00));
  advance(31);  // acked at 1 s, the walk's step sent at 31 s
  ASSERT_EQ(order.state, OrderState::pending_replace);
  auto r = manager->replace(order.client_order_id(), ReplaceTerms{px(1.05), Quantity(1)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
  EXPECT_EQ(r.error().field, "order_state");
  advance(5);
  ASSERT_EQ(order.state, OrderState::accepted);
  const Price walked = *order.request.limit_price;
  advance(120);
  EXPECT_EQ(order.request.limit_price, walked) << "the walk stopped when the person asked";
  ASSERT_TRUE(manager->replace(order.client_order_id(), ReplaceTerms{px(1.05), Quantity(1)}));
  advance(5);
  EXPECT_EQ(order.request.limit_price, px(1.05));
}

TEST_F(OrderFlowTest, PersonsReplace_QuantityNotAboveFilled_InvalidNamingQuantity) {
  start();
  quote(call(100), 1.00, 1.40);
  const auto& order = submit(limit(call(100), Side::buy, 2, 1.05), ExecutionStyle::direct);
  advance(0);
  auto r = manager->replace(order.client_order_id(), ReplaceTerms{px(1.05), Quantity(0)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(r.error().field, "quantity");
  EXPECT_EQ(manager->metrics().illegal_transitions, 0u) << "a bad request is an answer, not a refused transition";
}

TEST_F(OrderFlowTest, PersonsReplace_BadPrice_InvalidNamingLimitPrice) {
  start();
  quote(call(100), 1.00, 1.40);
  const auto& order = submit(limit(call(100), Side::buy, 2, 1.05), ExecutionStyle::direct);
  advance(0);
  auto off_tick = manager->replace(order.client_order_id(), ReplaceTerms{px(1.053), Quantity(2)});
  ASSERT_FALSE(off_tick);
  EXPECT_EQ(off_tick.error().field, "limit_price");
  auto none = manager->replace(order.client_order_id(), ReplaceTerms{std::nullopt, Quantity(2)});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().field, "limit_price");
  EXPECT_EQ(order.request.limit_price, px(1.05));
}

TEST_F(OrderFlowTest, PersonsReplace_RateLimitRejects_UnavailableOrderUnchanged) {
  auto config = test_config();
  config.rate_limit.per_minute = 1;
  config.rate_limit.when_limited = execution::WhenRateLimited::reject;
  start({}, config);
  quote(call(100), 1.00, 1.40);
  const auto& order = submit(limit(call(100), Side::buy, 1, 1.05), ExecutionStyle::direct);
  advance(0);
  auto r = manager->replace(order.client_order_id(), ReplaceTerms{px(1.10), Quantity(1)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
  EXPECT_EQ(r.error().field, "rate_limit");
  ASSERT_EQ(events.throttled.size(), 1u);
  EXPECT_EQ(events.throttled[0].outcome, ThrottleOutcome::rejected);
  EXPECT_EQ(order.state, OrderState::accepted);
  EXPECT_EQ(order.request.limit_price, px(1.05));
}

TEST_F(OrderFlowTest, PersonsReplace_NoToken_QueuedThenSent) {
  auto config = test_config();
  config.rate_limit.per_minute = 1;
  start({}, config);
  quote(call(100), 1.00, 1.40);
  const auto& order = submit(limit(call(100), Side::buy, 1, 1.05), ExecutionStyle::direct);
  advance(0);
  ASSERT_TRUE(manager->replace(order.client_order_id(), ReplaceTerms{px(1.10), Quantity(1)}));
  EXPECT_EQ(order.request.limit_price, px(1.05));
  advance(61);
  EXPECT_EQ(order.request.limit_price, px(1.10)) << "the queued replace went out with the next token";
}

TEST_F(OrderFlowTest, PersonsReplace_WalksStepWaitingForAToken_IsWithdrawnForThePersons) {
  auto config = test_config();
  config.rate_limit.per_minute = 1;
  start({}, config);
  quote(call(100), 1.00, 1.40);
  const auto& order = submit(limit(call(100), Side::buy, 1, 2.00));
  advance(30);  // the walk's first step waits for a token
  ASSERT_EQ(events.throttled.size(), 1u);
  ASSERT_TRUE(manager->replace(order.client_order_id(), ReplaceTerms{px(1.05), Quantity(1)}));
  advance(120);
  EXPECT_EQ(order.request.limit_price, px(1.05));
  EXPECT_EQ(manager->metrics().replaces_sent, 1u) << "only the person's replace went out";
}

}  // namespace
}  // namespace nightdesk::engine::testing
