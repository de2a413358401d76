#include <gtest/gtest.h>

#include "venue_fixture.h"

namespace nightdesk::broker::testing {
namespace {

TEST_F(VenueTest, MarketableBuyLimit_FillsAtTheAskNotItsLimit) {
  quote(call(100), 2.00, 2.10);
  send(limit(call(100), Side::buy, 2, 2.50));
  run();
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].kind, ExecutionReportKind::accepted);
  EXPECT_FALSE(reports[0].order_id.empty());
  auto f = fills();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].price, px(2.10));
  EXPECT_EQ(f[0].quantity, Quantity(2));
  EXPECT_EQ(position(call(100)), Quantity(2));
}

TEST_F(VenueTest, MarketableSellLimit_FillsAtTheBid) {
  quote(call(100), 2.00, 2.10);
  send(limit(call(100), Side::sell, 1, 1.50));
  run();
  ASSERT_EQ(fills().size(), 1u);
  EXPECT_EQ(fills()[0].price, px(2.00));
  EXPECT_EQ(position(call(100)), Quantity(-1));
}

TEST_F(VenueTest, RestingBuyLimit_FillsAtItsLimitWhenTheAskComesDownThroughIt) {
  quote(call(100), 2.00, 2.20);
  send(limit(call(100), Side::buy, 1, 2.10));
  run();
  EXPECT_TRUE(fills().empty());
  quote(call(100), 1.90, 2.15);  // not yet
  run();
  EXPECT_TRUE(fills().empty());
  quote(call(100), 1.85, 2.05);  // crosses the resting 2.10
  run();
  ASSERT_EQ(fills().size(), 1u);
  EXPECT_EQ(fills()[0].price, px(2.10));
  EXPECT_TRUE(venue->open_orders()->empty());
}

TEST_F(VenueTest, MarketOrder_FillsAtTheFarTouch) {
  quote(call(100), 2.00, 2.10);
  auto r = limit(call(100), Side::buy, 1, 2.10);
  r.type = execution::OrderType::market;
  r.limit_price.reset();
  send(r);
  run();
  ASSERT_EQ(fills().size(), 1u);
  EXPECT_EQ(fills()[0].price, px(2.10));
}

TEST_F(VenueTest, IocRemainder_ExpiresInsteadOfResting) {
  quote(call(100), 2.00, 2.10);
  auto r = limit(call(100), Side::buy, 1, 2.05);
  r.tif = execution::TimeInForce::ioc;
  send(r);
  run();
  EXPECT_TRUE(fills().empty());
  EXPECT_EQ(of_kind(ExecutionReportKind::expired).size(), 1u);
  EXPECT_TRUE(venue->open_orders()->empty());
}

struct BadQuote {
  const char* name;
  double bid, ask;
  Side side;
};

class NoFillOnBadQuote : public VenueTest, public ::testing::WithParamInterface<BadQuote> {};

TEST_P(NoFillOnBadQuote, MarketableOrder_DoesNotFill) {
  const BadQuote& q = GetParam();
  quote(call(100), q.bid, q.ask);
  auto r = limit(call(100), q.side, 1, q.side == Side::buy ? 5.00 : 0.05);
  r.type = execution::OrderType::market;  // the most eager order there is
  r.limit_price.reset();
  send(r);
  run();
  EXPECT_EQ(of_kind(ExecutionReportKind::accepted).size(), 1u);
  EXPECT_TRUE(fills().empty());
  EXPECT_EQ(venue->open_orders()->size(), 1u);  // it waits for a fillable quote
  quote(call(100), 2.00, 2.10);
  run();
  EXPECT_EQ(fills().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Quotes, NoFillOnBadQuote,
                         ::testing::Values(BadQuote{"ZeroQuoteBuy", 0, 0, Side::buy}, BadQuote{"ZeroQuoteSell", 0, 0, Side::sell},
                                           BadQuote{"CrossedBuy", 2.20, 2.10, Side::buy},
                                           BadQuote{"CrossedSell", 2.20, 2.10, Side::sell},
                                           BadQuote{"NoOfferBuy", 2.00, 0, Side::buy},
                                           BadQuote{"ZeroBidSell", 0, 2.10, Side::sell}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST_F(VenueTest, NoQuoteYetForCombosSecondLeg_NeitherLegFills) {
  quote(call(100), 5.00, 5.10);
  quote(call(105), 2.00, 2.10);
  auto r = combo({{call(100), 1, Side::buy}, {call(105), 1, Side::sell}}, 1, 3.10);
  send(r);
  run();
  ASSERT_EQ(fills().size(), 2u);  // sanity: both quoted, it fills
  reports.clear();
  quote(call(105), 0, 0);  // second leg's quote disappears
  send(combo({{call(100), 1, Side::buy}, {call(105), 1, Side::sell}}, 1, 9.00));
  run();
  EXPECT_TRUE(fills().empty());
}

TEST_F(VenueTest, ComboMarketable_FillsAllLegsAtOnceAtTheNetPrice) {
  quote(call(100), 5.00, 5.10);
  quote(call(105), 2.00, 2.10);
  send(combo({{call(100), 1, Side::buy}, {call(105), 1, Side::sell}}, 2, 3.10));  // net far touch 5.10 - 2.00
  run();
  auto f = fills();
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].leg, 0u);
  EXPECT_EQ(f[0].price, px(5.10));
  EXPECT_EQ(f[1].leg, 1u);
  EXPECT_EQ(f[1].price, px(2.00));
  EXPECT_EQ(f[0].quantity, Quantity(2));
  EXPECT_EQ(f[1].quantity, Quantity(2));
  EXPECT_EQ(position(call(100)), Quantity(2));
  EXPECT_EQ(position(call(105)), Quantity(-2));
  // net debit 3.10 x 100 x 2 = 620, fees 4 x 0.65
  EXPECT_EQ(venue->ledger().cash, -(usd(620) + usd(2.60)));
}

TEST_F(VenueTest, RestingCreditCombo_FillsAtItsNetLimitWhenTheMarketComesThrough) {
  quote(put(95), 1.00, 1.10);
  quote(put(100), 3.00, 3.10);
  // Sell the 100/95 put spread for a credit of 1.95 (net -1.95); the market gives 3.00 - 1.10 = 1.90.
  auto r = combo({{put(100), 1, Side::sell}, {put(95), 1, Side::buy}}, 1, -1.95);
  send(r);
  run();
  EXPECT_TRUE(fills().empty());
  quote(put(100), 3.10, 3.20);  // now the market pays 3.10 - 1.10 = 2.00 credit
  run();
  auto f = fills();
  ASSERT_EQ(f.size(), 2u);
  std::int64_t net = -f[0].price.units() + f[1].price.units();
  EXPECT_EQ(net, px(-1.95).units());
}

TEST_F(VenueTest, RatioCombo_LegQuantitiesFollowRatios) {
  quote(call(100), 5.00, 5.10);
  quote(call(105), 2.00, 2.10);
  send(combo({{call(100), 1, Side::buy}, {call(105), 2, Side::sell}}, 3, 1.10));  // 5.10 - 2 x 2.00
  run();
  auto f = fills();
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].quantity, Quantity(3));
  EXPECT_EQ(f[1].quantity, Quantity(6));
}

TEST_F(VenueTest, Replace_ToAMarketablePriceFillsAfterTheReplacedReport) {
  quote(call(100), 2.00, 2.20);
  auto r = limit(call(100), Side::buy, 1, 2.05);
  send(r);
  run();
  ASSERT_TRUE(venue->replace(r.client_order_id, {px(2.20), Quantity(1)}));
  run();
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[1].kind, ExecutionReportKind::replaced);
  EXPECT_EQ(reports[1].limit_price, px(2.20));
  EXPECT_EQ(reports[2].kind, ExecutionReportKind::fill);
}

TEST_F(VenueTest, ReplaceAfterFill_IsRefusedAsClosed) {
  quote(call(100), 2.00, 2.10);
  auto r = limit(call(100), Side::buy, 1, 2.10);
  send(r);
  run();
  ASSERT_TRUE(venue->replace(r.client_order_id, {px(2.00), Quantity(1)}));
  run();
  ASSERT_EQ(of_kind(ExecutionReportKind::replace_rejected).size(), 1u);
  EXPECT_TRUE(of_kind(ExecutionReportKind::replace_rejected)[0].reason.starts_with("order_closed"));
}

TEST_F(VenueTest, ReplaceToTotalBelowFilled_IsRefused) {
  make_venue(with_model(FillModel::displayed_size));
  quote(call(100), 2.00, 2.10, 10, 2);
  auto r = limit(call(100), Side::buy, 5, 2.10);
  send(r);
  run();
  ASSERT_EQ(fills().size(), 1u);  // 2 of 5
  ASSERT_TRUE(venue->replace(r.client_order_id, {px(2.10), Quantity(2)}));
  run();
  ASSERT_EQ(of_kind(ExecutionReportKind::replace_rejected).size(), 1u);
  EXPECT_TRUE(of_kind(ExecutionReportKind::replace_rejected)[0].reason.starts_with("quantity_below_filled"));
}

TEST_F(VenueTest, ResubmitSameRequest_IsIdempotentAndDifferentTermsConflict) {
  quote(call(100), 2.00, 2.10);
  auto r = limit(call(100), Side::buy, 1, 2.10);
  send(r);
  send(r);
  run();
  EXPECT_EQ(fills().size(), 1u);
  r.quantity = Quantity(3);
  auto again = venue->submit(r, {});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
}

TEST_F(VenueTest, ForgetClosedOrders_KeepsWorkingOnesAndFreesIds) {
  quote(call(100), 2.00, 2.10);
  auto filled = limit(call(100), Side::buy, 1, 2.10);
  auto resting = limit(call(100), Side::buy, 1, 2.00);
  send(filled);
  send(resting);
  run();
  EXPECT_EQ(venue->forget_closed_orders(), 1u);
  ASSERT_EQ(venue->open_orders()->size(), 1u);
  ASSERT_TRUE(venue->cancel(filled.client_order_id));
  run();
  EXPECT_TRUE(of_kind(ExecutionReportKind::cancel_rejected).back().reason.starts_with("unknown_order"));
  quote(call(100), 1.95, 2.00);  // the working order still fills after the clean-up
  run();
  EXPECT_EQ(position(call(100)), Quantity(2));
}

// Forgotten orders' records are reused by later orders: each later order starts fresh (its own legs,
// books, fills and venue id), and a forgotten id submitted again is a new order, not a conflict.
TEST_F(VenueTest, OrdersAfterForgetting_StartFreshInReusedRecords) {
  quote(call(100), 2.00, 2.10);
  quote(call(105), 1.00, 1.10);
  auto first = limit(call(100), Side::buy, 1, 2.10);
  send(first);
  run();
  ASSERT_EQ(venue->forget_closed_orders(), 1u);
  auto again = first;
  again.quantity = Quantity(2);  // different terms under the forgotten id
  send(again);
  auto spread = combo({{call(100), 1, Side::buy}, {call(105), 1, Side::sell}}, 1, 0.90);  // rests: far net 1.10
  send(spread);
  run();
  EXPECT_EQ(position(call(100)), Quantity(3));
  auto accepted = of_kind(ExecutionReportKind::accepted);
  ASSERT_EQ(accepted.size(), 3u);
  EXPECT_NE(accepted[1].order_id, accepted[0].order_id);
  ASSERT_EQ(venue->forget_closed_orders(), 1u);
  ASSERT_EQ(venue->open_orders()->size(), 1u);
  EXPECT_EQ(venue->open_orders()->front().request, spread);
  quote(call(105), 1.10, 1.20);  // the spread's net far touch is 2.10 - 1.10 = 1.00: still above 0.90
  run();
  EXPECT_EQ(position(call(105)), Quantity(0));
  quote(call(105), 1.20, 1.30);  // 2.10 - 1.20 = 0.90: fills at its limit
  run();
  EXPECT_EQ(position(call(100)), Quantity(4));
  EXPECT_EQ(position(call(105)), Quantity(-1));
}

TEST_F(VenueTest, StateRoundTrip_RestoredVenueHasSameBooksAndOrders) {
  quote(call(100), 2.00, 2.10);
  send(limit(call(100), Side::buy, 2, 2.10));
  send(limit(call(100), Side::buy, 1, 2.00));  // rests
  run();
  PaperVenueState saved = venue->state();
  ASSERT_EQ(saved.open_orders.size(), 1u);
  make_venue();
  ASSERT_TRUE(venue->restore(saved));
  EXPECT_EQ(venue->state(), saved);
  quote(call(100), 1.90, 1.95);  // the restored resting order still fills
  run();
  EXPECT_EQ(position(call(100)), Quantity(3));
}

// A submit in flight points at its order: restoring under it would drop that order, so it is refused.
TEST_F(VenueTest, RestoreWhileASubmitIsInFlight_IsRefusedAndTheSubmitStillArrives) {
  quote(call(100), 2.00, 2.10);
  PaperVenueState empty = venue->state();
  send(limit(call(100), Side::buy, 1, 2.00));  // not run: still on its way
  auto restored = venue->restore(empty);
  ASSERT_FALSE(restored);
  EXPECT_EQ(restored.error().code, ErrorCode::conflict);
  run();
  EXPECT_EQ(of_kind(ExecutionReportKind::accepted).size(), 1u);
  EXPECT_EQ(venue->open_orders()->size(), 1u);
}

TEST_F(VenueTest, Reports_EchoTheEngineHandleOfTheLatestSubmit_RestoredOrdersHaveNone) {
  quote(call(100), 2.00, 2.10);
  const execution::OrderHandle filled_handle{3, 7}, first_handle{4, 1}, resent_handle{4, 2};
  ASSERT_TRUE(venue->submit(limit(call(100), Side::buy, 1, 2.10), filled_handle));
  auto resting = limit(call(100), Side::buy, 1, 2.00);
  ASSERT_TRUE(venue->submit(resting, first_handle));
  run();
  ASSERT_EQ(reports.size(), 3u);  // accepted, fill, accepted
  EXPECT_EQ(reports[0].engine_order, filled_handle);
  EXPECT_EQ(reports[1].engine_order, filled_handle);
  EXPECT_EQ(reports[2].engine_order, first_handle);
  ASSERT_TRUE(venue->submit(resting, resent_handle));  // idempotent; the engine names the order anew
  ASSERT_TRUE(venue->cancel(resting.client_order_id));
  run();
  ASSERT_EQ(reports.size(), 4u);
  EXPECT_EQ(reports[3].kind, ExecutionReportKind::cancelled);
  EXPECT_EQ(reports[3].engine_order, resent_handle);

  auto still_resting = limit(call(100), Side::buy, 1, 2.00);
  ASSERT_TRUE(venue->submit(still_resting, first_handle));
  run();
  PaperVenueState saved = venue->state();
  make_venue();
  reports.clear();
  ASSERT_TRUE(venue->restore(saved));
  ASSERT_TRUE(venue->cancel(still_resting.client_order_id));
  run();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_FALSE(reports[0].engine_order.valid());
}

}  // namespace
}  // namespace nightdesk::broker::testing
