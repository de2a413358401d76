// The paper venue's reports: each carries only its own fields although the venue reuses their records,
// a sink may cause more reports while it handles one, and requests of every kind arrive in the order sent.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "venue_fixture.h"

namespace nightdesk::broker::testing {
namespace {

// Each report below is delivered (run) before the next is made, so it is built in the record the one
// before it used: nothing of the earlier report may show through.
TEST_F(VenueTest, ReusedReportRecords_CarryNothingOfTheReportBefore) {
  quote(call(100), 2.00, 2.10);
  auto filled = limit(call(100), Side::buy, 1, 2.10);
  send(filled);
  run();
  ASSERT_EQ(reports.size(), 2u);
  ASSERT_TRUE(reports[1].fill.has_value());

  auto resting = limit(call(100), Side::buy, 2, 2.00);
  ASSERT_TRUE(venue->submit(resting, execution::OrderHandle{5, 1}));
  run();
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[2].kind, ExecutionReportKind::accepted);
  EXPECT_EQ(reports[2].client_order_id, resting.client_order_id);
  EXPECT_FALSE(reports[2].fill.has_value());
  EXPECT_TRUE(reports[2].reason.empty());

  ASSERT_TRUE(venue->replace(resting.client_order_id, {px(1.95), Quantity(3)}));
  run();
  ASSERT_EQ(reports.size(), 4u);
  EXPECT_EQ(reports[3].kind, ExecutionReportKind::replaced);
  EXPECT_EQ(reports[3].limit_price, px(1.95));
  EXPECT_EQ(reports[3].quantity, Quantity(3));

  ASSERT_TRUE(venue->cancel(resting.client_order_id));
  run();
  ASSERT_EQ(reports.size(), 5u);
  EXPECT_EQ(reports[4].kind, ExecutionReportKind::cancelled);
  EXPECT_EQ(reports[4].order_id, reports[2].order_id);
  EXPECT_EQ(reports[4].engine_order, (execution::OrderHandle{5, 1}));
  EXPECT_EQ(reports[4].reason, "cancelled on request");
  EXPECT_FALSE(reports[4].limit_price.has_value());
  EXPECT_FALSE(reports[4].quantity.has_value());

  ASSERT_TRUE(venue->cancel(execution::ClientOrderId("never-sent")));
  run();
  ASSERT_EQ(reports.size(), 6u);
  EXPECT_EQ(reports[5].kind, ExecutionReportKind::cancel_rejected);
  EXPECT_EQ(reports[5].client_order_id, execution::ClientOrderId("never-sent"));
  EXPECT_TRUE(reports[5].order_id.empty());
  EXPECT_FALSE(reports[5].engine_order.valid());
  EXPECT_TRUE(reports[5].reason.starts_with("unknown_order"));
}

// The sink fills the order it is being told about (a quote through its limit) before it reads the
// report: the fill's report is made while the acceptance is being delivered, and both arrive intact.
TEST_F(VenueTest, SinkThatCausesAReport_SeesItsReportIntactAndTheNewOneAfter) {
  quote(call(100), 2.00, 2.10);
  std::vector<ExecutionReport> seen;
  venue->set_report_sink([&](const ExecutionReport& r) {
    if (r.kind == ExecutionReportKind::accepted) {
      for (int i = 0; i < 4; ++i) quote(call(100), 1.90, 1.95);  // fills the resting buy at 2.00
    }
    seen.push_back(r);
  });
  auto r = limit(call(100), Side::buy, 1, 2.00);
  send(r);
  run();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].kind, ExecutionReportKind::accepted);
  EXPECT_EQ(seen[0].client_order_id, r.client_order_id);
  EXPECT_FALSE(seen[0].fill.has_value());
  EXPECT_EQ(seen[1].kind, ExecutionReportKind::fill);
  ASSERT_TRUE(seen[1].fill.has_value());
  EXPECT_EQ(seen[1].fill->price, px(2.00));
  EXPECT_EQ(seen[1].order_id, seen[0].order_id);
}

TEST_F(VenueTest, SubmitsReplacesAndCancels_ArriveInTheOrderSent) {
  quote(call(100), 2.00, 2.10);
  auto a = limit(call(100), Side::buy, 1, 1.90);
  auto b = limit(call(100), Side::buy, 1, 1.80);
  send(a);
  ASSERT_TRUE(venue->replace(a.client_order_id, {px(1.95), Quantity(2)}));
  send(b);
  ASSERT_TRUE(venue->cancel(a.client_order_id));
  ASSERT_TRUE(venue->replace(b.client_order_id, {px(1.85), Quantity(4)}));
  ASSERT_TRUE(venue->cancel(execution::ClientOrderId("never-sent")));
  run();
  ASSERT_EQ(reports.size(), 6u);
  EXPECT_EQ(reports[0].kind, ExecutionReportKind::accepted);
  EXPECT_EQ(reports[0].client_order_id, a.client_order_id);
  EXPECT_EQ(reports[1].kind, ExecutionReportKind::replaced);
  EXPECT_EQ(reports[1].quantity, Quantity(2));
  EXPECT_EQ(reports[2].kind, ExecutionReportKind::accepted);
  EXPECT_EQ(reports[2].client_order_id, b.client_order_id);
  EXPECT_EQ(reports[3].kind, ExecutionReportKind::cancelled);
  EXPECT_EQ(reports[3].client_order_id, a.client_order_id);
  EXPECT_EQ(reports[4].kind, ExecutionReportKind::replaced);
  EXPECT_EQ(reports[4].client_order_id, b.client_order_id);
  EXPECT_EQ(reports[4].limit_price, px(1.85));
  EXPECT_EQ(reports[4].quantity, Quantity(4));
  EXPECT_EQ(reports[5].kind, ExecutionReportKind::cancel_rejected);
}

// A closed order with a cancel on its way is kept by the clean-up, so the cancel learns it is too late
// (order_closed), not that the id is unknown.
TEST_F(VenueTest, ForgetClosedOrders_KeepsAnOrderWithACancelInFlight) {
  quote(call(100), 2.00, 2.10);
  auto filled = limit(call(100), Side::buy, 1, 2.10);
  send(filled);
  run();
  ASSERT_TRUE(venue->cancel(filled.client_order_id));  // not run: on its way
  EXPECT_EQ(venue->forget_closed_orders(), 0u);
  run();
  ASSERT_EQ(of_kind(ExecutionReportKind::cancel_rejected).size(), 1u);
  EXPECT_TRUE(of_kind(ExecutionReportKind::cancel_rejected).front().reason.starts_with("order_closed"));
  EXPECT_EQ(venue->forget_closed_orders(), 1u);
}

// A backlog of requests that never drains while the engine keeps answering reports with new requests:
// the venue's queues compact under it, and every cancel still names the order it was sent for.
TEST_F(VenueTest, RequestsSentWhileOthersWait_EachCancelReachesItsOwnOrder) {
  make_venue(with_latency(std::chrono::microseconds(100)));  // ~100 requests on their way at any time
  quote(call(100), 2.00, 2.10);
  std::vector<ExecutionReport> seen;
  int sent = 0;
  venue->set_report_sink([&](const ExecutionReport& r) {
    seen.push_back(r);
    if (r.kind == ExecutionReportKind::accepted) {
      ASSERT_TRUE(venue->cancel(r.client_order_id));
    } else if (r.kind == ExecutionReportKind::cancelled && sent < 400) {
      ++sent;
      send(limit(call(100), Side::buy, 1, 2.00));
    }
  });
  for (; sent < 150; ++sent) {  // one a microsecond: answers to the first interleave with the last sent
    send(limit(call(100), Side::buy, 1, 2.00));
    ASSERT_TRUE(loop.run_until(loop.now() + std::chrono::microseconds(1)));
  }
  run(1'000);
  std::size_t accepted = 0, cancelled = 0;
  std::set<std::string> accepted_ids, cancelled_ids;
  for (const auto& r : seen) {
    if (r.kind == ExecutionReportKind::accepted) ++accepted, accepted_ids.insert(r.client_order_id.value());
    if (r.kind == ExecutionReportKind::cancelled) ++cancelled, cancelled_ids.insert(r.client_order_id.value());
  }
  EXPECT_EQ(accepted, 400u);
  EXPECT_EQ(cancelled, 400u);
  EXPECT_EQ(accepted_ids.size(), 400u);
  EXPECT_EQ(cancelled_ids, accepted_ids);
  EXPECT_TRUE(venue->open_orders()->empty());
}

TEST_F(VenueTest, VenueIds_CountOnAcrossDigitsAndFromARestoredState) {
  quote(call(100), 2.00, 2.10);
  for (int i = 0; i < 10; ++i) send(limit(call(100), Side::buy, 1, 2.10));
  run();
  auto accepted = of_kind(ExecutionReportKind::accepted);
  ASSERT_EQ(accepted.size(), 10u);
  EXPECT_EQ(accepted[0].order_id.value(), "pv-1");
  EXPECT_EQ(accepted[8].order_id.value(), "pv-9");
  EXPECT_EQ(accepted[9].order_id.value(), "pv-10");
  EXPECT_EQ(fills().back().fill_id, "pvf-10");
  PaperVenueState saved = venue->state();
  EXPECT_EQ(saved.next_order_number, 11u);
  saved.next_order_number = 99;
  saved.next_fill_number = 1000;
  make_venue();
  reports.clear();
  ASSERT_TRUE(venue->restore(saved));
  quote(call(100), 2.00, 2.10);
  send(limit(call(100), Side::buy, 1, 2.10));
  send(limit(call(100), Side::buy, 1, 2.10));
  run();
  accepted = of_kind(ExecutionReportKind::accepted);
  ASSERT_EQ(accepted.size(), 2u);
  EXPECT_EQ(accepted[0].order_id.value(), "pv-99");
  EXPECT_EQ(accepted[1].order_id.value(), "pv-100");
  EXPECT_EQ(fills().front().fill_id, "pvf-1000");
  EXPECT_EQ(venue->state().next_order_number, 101u);
}

}  // namespace
}  // namespace nightdesk::broker::testing
