// OrderManager: idempotent submission, the rate limiter (queue, reject, never drop), illegal transitions,
// cancels, stop orders, metrics and execution quality, end to end against the paper venue.
#include "order_flow_fixture.h"

namespace nightdesk::engine::testing {
namespace {

using execution::ExecutionReport;
using execution::ExecutionReportKind;
using execution::ThrottleOutcome;

TEST_F(OrderFlowTest, Resubmit_SameClientId_ReturnsTheHeldOrderAndSendsNothing) {
  start();
  quote(call(100), 1.00, 1.40);
  OrderRequest r = limit(call(100), Side::buy, 1, 1.10);
  const auto* first = &submit(r, ExecutionStyle::direct);
  advance(0);
  const auto* again = &submit(r, ExecutionStyle::direct);
  advance(0);
  EXPECT_EQ(first, again);
  EXPECT_EQ(manager->metrics().duplicate_submits, 1u);
  EXPECT_EQ(manager->metrics().orders_submitted, 1u);
  EXPECT_EQ(venue->open_orders()->size(), 1u);
}

// The manager builds its state-change event in a reused buffer; a handler that submits (and so publishes
// again, nested) must not change the event the handlers after it are still to see.
TEST_F(OrderFlowTest, StateChangedHandlerSubmitting_LaterHandlersStillSeeTheOuterEvent) {
  start();
  quote(call(100), 1.00, 1.40);
  OrderRequest first = limit(call(100), Side::buy, 1, 1.10);  // o1
  OrderRequest second = limit(call(100), Side::buy, 1, 1.10);  // o2
  loop.bus().subscribe<execution::OrderStateChanged>([&](const execution::OrderStateChanged& e) {
    if (e.client_order_id == ClientOrderId("o1") && e.transition.to == execution::OrderState::accepted)
      (void)manager->submit(ParentOrderRequest{second, ExecutionStyle::direct});
  });
  std::vector<std::pair<std::string, execution::OrderState>> seen;
  loop.bus().subscribe<execution::OrderStateChanged>(
      [&](const execution::OrderStateChanged& e) { seen.emplace_back(e.client_order_id.value(), e.transition.to); });
  submit(first, ExecutionStyle::direct);
  advance(0);
  const std::vector<std::pair<std::string, execution::OrderState>> expected = {
      {"o1", execution::OrderState::pending_submit},
      {"o2", execution::OrderState::pending_submit},  // published inside o1's accepted, so seen first here
      {"o1", execution::OrderState::accepted},
      {"o2", execution::OrderState::accepted}};
  EXPECT_EQ(seen, expected);
}

TEST_F(OrderFlowTest, Resubmit_SameClientIdDifferentTerms_IsConflict) {
  start();
  quote(call(100), 1.00, 1.40);
  OrderRequest r = limit(call(100), Side::buy, 1, 1.10);
  submit(r, ExecutionStyle::direct);
  r.quantity = Quantity(2);
  auto again = manager->submit(ParentOrderRequest{r, ExecutionStyle::direct});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_EQ(manager->metrics().rejects("duplicate_client_order_id"), 1u);
}

TEST_F(OrderFlowTest, Submit_InvalidRequest_NamesTheField) {
  start();
  OrderRequest r = limit(call(100), Side::buy, 0, 1.10);
  auto placed = manager->submit(ParentOrderRequest{r, ExecutionStyle::direct});
  ASSERT_FALSE(placed);
  EXPECT_EQ(placed.error().field, "quantity");
}

TEST_F(OrderFlowTest, Smart_NoQuote_IsRejectedWithReasonNotSentBlind) {
  start();
  const auto& order = submit(limit(call(100), Side::buy, 1, 1.10));
  EXPECT_EQ(order.state, OrderState::rejected);
  EXPECT_TRUE(order.history.back().reason.starts_with("no_quote")) << order.history.back().reason;
  EXPECT_EQ(events.refused_walks.size(), 1u);
}

TEST_F(OrderFlowTest, RateLimiter_QueuesTheWalksReplace_AndSendsItWhenATokenComes) {
  auto config = test_config();
  config.rate_limit.per_minute = 1;  // the submit takes the only token; the next comes 60 s later
  start({}, config);
  quote(call(100), 1.00, 1.40);
  const auto& order = submit(limit(call(100), Side::buy, 1, 2.00));
  advance(30);
  ASSERT_EQ(events.throttled.size(), 1u);
  EXPECT_EQ(events.throttled[0].outcome, ThrottleOutcome::queued);
  EXPECT_EQ(order.state, OrderState::accepted) << "nothing sent while the replace waits";
  EXPECT_EQ(order.request.limit_price, px(1.20));
  advance(29);
  EXPECT_EQ(manager->metrics().replaces_sent, 0u);
  EXPECT_EQ(manager->metrics().walk_steps, 1u) << "the walk waits with its queued step";
  advance(1);
  ASSERT_EQ(events.throttled.size(), 2u);
  EXPECT_EQ(events.throttled[1].outcome, ThrottleOutcome::released);
  EXPECT_EQ(order.request.limit_price, px(1.25)) << "the queued replace was sent, not dropped";
  const auto m = manager->metrics();
  EXPECT_EQ(m.rate_limit_queued, 1u);
  EXPECT_EQ(m.rate_limit_released, 1u);
  EXPECT_EQ(m.replaces_sent, 1u);
}

TEST_F(OrderFlowTest, RateLimiter_RejectMode_RejectsWithReason) {
  auto config = test_config();
  config.rate_limit.per_minute = 1;
  config.rate_limit.when_limited = execution::WhenRateLimited::reject;
  start({}, config);
  quote(call(100), 1.00, 1.40);
  submit(limit(call(100), Side::buy, 1, 1.10), ExecutionStyle::direct);
  const auto& second = submit(limit(call(100), Side::buy, 1, 1.10), ExecutionStyle::direct);
  EXPECT_EQ(second.state, OrderState::rejected);
  EXPECT_TRUE(second.history.back().reason.starts_with("rate_limited")) << second.history.back().reason;
  ASSERT_EQ(events.throttled.size(), 1u);
  EXPECT_EQ(events.throttled[0].outcome, ThrottleOutcome::rejected);
  EXPECT_EQ(manager->metrics().rate_limit_rejected, 1u);
  EXPECT_EQ(manager->metrics().rejects("rate_limited"), 1u);
}

TEST_F(OrderFlowTest, RateLimiter_QueuedSubmitCancelled_IsRejectedNeverSent) {
  auto config = test_config();
  config.rate_limit.per_minute = 1;
  start({}, config);
  quote(call(100), 1.00, 1.40);
  submit(limit(call(100), Side::buy, 1, 1.10), ExecutionStyle::direct);
  const auto& queued = submit(limit(call(100), Side::buy, 1, 1.10), ExecutionStyle::direct);
  EXPECT_EQ(queued.state, OrderState::new_order);
  ASSERT_TRUE(manager->cancel(queued.client_order_id()));
  EXPECT_EQ(queued.state, OrderState::rejected);
  advance(120);
  EXPECT_EQ(venue->open_orders()->size(), 1u) << "only the first order reached the venue";
}

TEST_F(OrderFlowTest, IllegalTransition_IsLoggedCountedAndPublished_OrderUnchanged) {
  start();
  quote(call(100), 1.00, 1.40);
  const auto& order = submit(limit(call(100), Side::buy, 1, 1.10), ExecutionStyle::direct);
  advance(0);
  ASSERT_EQ(order.state, OrderState::accepted);
  ExecutionReport bogus;
  bogus.kind = ExecutionReportKind::replaced;  // no replace was asked for
  bogus.client_order_id = order.client_order_id();
  bogus.order_id = order.order_id;
  bogus.limit_price = px(1.30);
  loop.bus().publish(bogus);
  EXPECT_EQ(order.state, OrderState::accepted);
  EXPECT_EQ(order.request.limit_price, px(1.10));
  EXPECT_EQ(manager->metrics().illegal_transitions, 1u);
  ASSERT_EQ(events.refused_transitions.size(), 1u);
  EXPECT_EQ(events.refused_transitions[0].event, execution::OrderEvent::replace);
}

TEST_F(OrderFlowTest, ReportForUnknownOrder_IsCounted) {
  start();
  ExecutionReport stray;
  stray.kind = ExecutionReportKind::accepted;
  stray.client_order_id = ClientOrderId("nobody");
  stray.order_id = execution::OrderId("pv-99");
  loop.bus().publish(stray);
  EXPECT_EQ(manager->metrics().unknown_order_reports, 1u);
}

TEST_F(OrderFlowTest, Cancel_WhileReplaceInFlight_WaitsForTheAnswerThenCancels) {
  broker::PaperVenueConfig latency;
  latency.order_latency = std::chrono::seconds(1);
  start(latency);
  quote(call(100), 1.00, 1.40);
  const auto& order = submit(limit(call(100), Side::buy, 1, 2.00));
  advance(31);  // acked at 1 s, step sent at 31 s
  ASSERT_EQ(order.state, OrderState::pending_replace);
  ASSERT_TRUE(manager->cancel(order.client_order_id()));
  EXPECT_EQ(order.state, OrderState::pending_replace) << "no second request in flight";
  advance(5);
  EXPECT_EQ(order.state, OrderState::cancelled);
  std::vector<OrderState> path;
  for (const auto& t : events.transitions) path.push_back(t.transition.to);
  EXPECT_EQ(path, (std::vector<OrderState>{OrderState::pending_submit, OrderState::accepted, OrderState::pending_replace,
                                           OrderState::accepted, OrderState::pending_cancel, OrderState::cancelled}));
}

TEST_F(OrderFlowTest, Cancel_EndedOrder_IsConflict) {
  start();
  quote(call(100), 1.00, 1.40);
  const auto& order = submit(limit(call(100), Side::buy, 1, 1.40), ExecutionStyle::direct);
  advance(0);
  ASSERT_EQ(order.state, OrderState::filled);
  EXPECT_EQ(manager->cancel(order.client_order_id()).error().code, ErrorCode::conflict);
  EXPECT_EQ(manager->cancel(ClientOrderId("nope")).error().code, ErrorCode::not_found);
}

TEST_F(OrderFlowTest, StopOrder_ThroughTheManager_TriggersAndFills) {
  start();
  quote(call(100), 2.00, 2.10);
  OrderRequest r = limit(call(100), Side::sell, 1, 1.0);
  r.type = execution::OrderType::stop;
  r.limit_price.reset();
  r.stop_price = px(1.80);
  const auto& order = submit(r);  // smart applies to limits only: a stop goes direct
  advance(0);
  EXPECT_EQ(order.state, OrderState::accepted);
  quote(call(100), 1.75, 1.85);
  advance(0);
  ASSERT_EQ(order.state, OrderState::filled);
  EXPECT_EQ(order.fills[0].price, px(1.75));
  EXPECT_EQ(manager->metrics().walks_started, 0u);
}

TEST_F(OrderFlowTest, Metrics_CountStatesFillsAndVenueRejectsByReason) {
  start();
  quote(call(100), 1.00, 1.40);
  submit(limit(call(100), Side::buy, 2, 1.40), ExecutionStyle::direct);  // fills
  submit(limit(call(100), Side::buy, 1, 1.10), ExecutionStyle::direct);  // rests
  submit(limit(call(100), Side::buy, 1, 1.23), ExecutionStyle::direct);  // off the 0.05 tick
  advance(0);
  const auto m = manager->metrics();
  EXPECT_EQ(m.orders_in(OrderState::filled), 1u);
  EXPECT_EQ(m.orders_in(OrderState::accepted), 1u);
  EXPECT_EQ(m.orders_in(OrderState::rejected), 1u);
  EXPECT_EQ(m.fills, 1u);
  EXPECT_EQ(m.filled_contracts, 2u);
  EXPECT_EQ(m.rejects("off_tick"), 1u);
  EXPECT_EQ(m.orders_submitted, 3u);
}

TEST_F(OrderFlowTest, Quality_RealizedSpreadsPricedAtEachHorizonAfterTheFill) {
  start();
  quote(call(100), 1.00, 1.40);
  const auto& order = submit(limit(call(100), Side::buy, 1, 1.40), ExecutionStyle::direct);
  advance(0);
  ASSERT_EQ(order.state, OrderState::filled);
  ASSERT_EQ(manager->quality().orders().size(), 1u);
  advance(2);
  quote(call(100), 1.20, 1.60);  // mid 1.40 from t=2 s on
  advance(5 * 60);
  const auto& q = manager->quality().orders()[0];
  EXPECT_EQ(q.effective_spread, px(0.40)) << "2 x (1.40 - 1.20)";
  ASSERT_TRUE(q.realized_spread[0]);
  EXPECT_NEAR(*q.realized_spread[0], 0.40, 1e-12) << "1 s: mid still 1.20";
  ASSERT_TRUE(q.realized_spread[3]);
  EXPECT_NEAR(*q.realized_spread[3], 0.0, 1e-12) << "5 min: mid 1.40";
  EXPECT_EQ(manager->quality().pending_horizons(), 0u);
}

TEST_F(OrderFlowTest, Quality_ContractFirstSeenUnquoted_IsMeasuredFromItsLatestQuoteOnceQuoted) {
  start();
  const auto& blind = submit(limit(call(100), Side::buy, 1, 1.40), ExecutionStyle::direct);  // no quote yet
  advance(0);
  EXPECT_EQ(blind.state, OrderState::rejected);  // the venue knows no such contract yet
  EXPECT_TRUE(manager->quality().orders().empty()) << "no arrival quote: nothing to measure against";
  quote(call(100), 1.00, 1.40);
  ASSERT_EQ(submit(limit(call(100), Side::buy, 1, 1.40), ExecutionStyle::direct).state, OrderState::pending_submit);
  advance(0);
  quote(call(100), 1.30, 1.50);  // the next order's arrival: mid 1.40
  ASSERT_EQ(submit(limit(call(100), Side::buy, 1, 1.50), ExecutionStyle::direct).state, OrderState::pending_submit);
  advance(0);
  ASSERT_EQ(manager->quality().orders().size(), 2u);
  EXPECT_EQ(manager->quality().orders()[0].effective_spread, px(0.40)) << "2 x (1.40 - 1.20)";
  EXPECT_EQ(manager->quality().orders()[1].effective_spread, px(0.20)) << "2 x (1.50 - 1.40): the latest quote";
}

TEST_F(OrderFlowTest, Quality_RetentionBoundsTheRecordsKept_TotalsCountEveryOrder) {
  OrderManagerConfig config = test_config();
  config.quality_retention.max_orders = 2;
  start({}, config);
  quote(call(100), 1.00, 1.40);
  for (int i = 0; i < 6; ++i) {
    const auto& order = submit(limit(call(100), Side::buy, 1, 1.40), ExecutionStyle::direct);
    advance(0);
    ASSERT_EQ(order.state, OrderState::filled);
    advance(6 * 60);  // past the 5-minute horizon: the record is settled
    quote(call(100), 1.00, 1.40);
  }
  EXPECT_LE(manager->quality().orders().size(), 2u);
  EXPECT_GT(manager->quality().retired_orders(), 0u);
  EXPECT_EQ(manager->quality().total().orders, 6u);
  EXPECT_EQ(manager->quality().pending_horizons(), 0u);
}

TEST_F(OrderFlowTest, Create_InvalidQualityRetention_IsRefused) {
  OrderManagerConfig config = test_config();
  config.quality_retention.max_orders = 0;
  auto v = broker::PaperVenue::create({}, loop);
  ASSERT_TRUE(v);
  auto m = OrderManager::create(config, loop, **v);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().field, "max_orders");
}

TEST_F(OrderFlowTest, ManagerDestroyed_WithHorizonAndWalkTimersPending_LoopRunsOnSafely) {
  start();
  quote(call(100), 1.00, 1.40);
  submit(limit(call(100), Side::buy, 1, 1.40), ExecutionStyle::direct);
  submit(limit(call(100), Side::buy, 1, 1.30));  // a smart walk resting at the mid, its timer armed
  advance(0);
  ASSERT_GT(loop.pending_timers(), 0u);
  manager.reset();
  EXPECT_EQ(loop.pending_timers(), 0u) << "every timer the manager armed is cancelled with it";
  advance(10 * 60);
}

}  // namespace
}  // namespace nightdesk::engine::testing
