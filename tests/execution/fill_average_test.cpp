#include "execution/fill_average.h"

#include <gtest/gtest.h>

#include "execution/order_fixtures.h"
#include "execution/order_state_machine.h"

namespace nightdesk::execution {
namespace {

using namespace testing;

TEST(FillAverage, FiftyAt450AndFiftyAt452_Averages451) {
  FillAverage a;
  ASSERT_TRUE(a.add(px(450), Quantity(50)));
  ASSERT_TRUE(a.add(px(452), Quantity(50)));
  EXPECT_EQ(a.average(), px(451.00));
  EXPECT_EQ(a.quantity(), Quantity(100));
}

TEST(FillAverage, ThirtyAt174AndSeventyAt176_Averages175Point40) {
  FillAverage a;
  ASSERT_TRUE(a.add(px(174), Quantity(30)));
  ASSERT_TRUE(a.add(px(176), Quantity(70)));
  EXPECT_EQ(a.average(), px(175.40));
}

TEST(FillAverage, QuantityWeighted_NotAveragedPerFillCount) {
  // The original's bug: (174 + 176) / 2 = 175.00 would be wrong here.
  FillAverage a;
  ASSERT_TRUE(a.add(px(174), Quantity(30)));
  ASSERT_TRUE(a.add(px(176), Quantity(70)));
  EXPECT_NE(a.average(), px(175.00));
}

TEST(FillAverage, UnevenDivision_RoundsAsAsked) {
  FillAverage a;  // (1.00 + 1.00 + 1.01) / 3 = 1.003333...
  ASSERT_TRUE(a.add(px(1.00), Quantity(2)));
  ASSERT_TRUE(a.add(px(1.01), Quantity(1)));
  EXPECT_EQ(a.average(Rounding::down), Price::from_units(10'033));
  EXPECT_EQ(a.average(Rounding::up), Price::from_units(10'034));
  EXPECT_EQ(a.average(Rounding::nearest), Price::from_units(10'033));
  EXPECT_EQ(a.price_quantity_units(), 30'100);
}

TEST(FillAverage, ManySmallFills_StayExact) {
  FillAverage a;
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(a.add(i % 2 == 0 ? px(1.05) : px(1.10), Quantity(1)));
  EXPECT_EQ(a.average(), Price::from_units(10'750));
}

TEST(FillAverage, Empty_IsNotFound) {
  FillAverage a;
  ASSERT_FALSE(a.average());
  EXPECT_EQ(a.average().error().code, ErrorCode::not_found);
}

TEST(FillAverage, NonPositiveQuantity_IsRefusedAndChangesNothing) {
  FillAverage a;
  EXPECT_FALSE(a.add(px(1), Quantity(0)));
  EXPECT_FALSE(a.add(px(1), Quantity(-5)));
  EXPECT_TRUE(a.empty());
}

TEST(FillAverage, Overflow_IsAnErrorNotAWrap) {
  FillAverage a;
  ASSERT_TRUE(a.add(Price::from_units(std::int64_t{1} << 61), Quantity(2)));
  EXPECT_FALSE(a.add(Price::from_units(std::int64_t{1} << 61), Quantity(4)));
  EXPECT_EQ(a.quantity(), Quantity(2));
}

Order working(OrderRequest request) {
  Order o(std::move(request), Timestamp{});
  EXPECT_TRUE(submit(o, Timestamp{}));
  EXPECT_TRUE(apply(o, report(o, ExecutionReportKind::accepted), Timestamp{}));
  return o;
}

TEST(OrderAverage, ComboPerLegAndNetAverages) {
  Order o = working(vertical_order("v", 4, 1.00));
  // Two atomic combo fills: 1 spread at (3.00, 2.00) then 3 at (3.10, 2.05).
  ASSERT_TRUE(apply(o, fill_report(o, 0, 1, 3.00), Timestamp{}));
  ASSERT_TRUE(apply(o, fill_report(o, 1, 1, 2.00), Timestamp{}));
  ASSERT_TRUE(apply(o, fill_report(o, 0, 3, 3.10), Timestamp{}));
  ASSERT_TRUE(apply(o, fill_report(o, 1, 3, 2.05), Timestamp{}));
  EXPECT_EQ(o.leg_average_fill_price(0), px(3.075));
  EXPECT_EQ(o.leg_average_fill_price(1), px(2.0375));
  EXPECT_EQ(o.average_fill_price(), px(1.0375));  // (1.00 + 3 x 1.05) / 4
  EXPECT_EQ(o.state, OrderState::filled);
}

TEST(OrderAverage, ComboCredit_NetAverageIsNegative) {
  OrderRequest r = vertical_order("c", 2, -1.00);
  r.legs[0].side = Side::sell;
  r.legs[1].side = Side::buy;
  Order o = working(r);
  ASSERT_TRUE(apply(o, fill_report(o, 0, 2, 3.00), Timestamp{}));
  ASSERT_TRUE(apply(o, fill_report(o, 1, 2, 2.00), Timestamp{}));
  EXPECT_EQ(o.average_fill_price(), px(-1.00));
}

TEST(OrderAverage, RatioCombo_NetCountsEachLegTimesItsRatio) {
  OrderRequest r = vertical_order("r", 2, 0.50);
  r.legs[1].ratio = 2;  // buy 1 x 450C, sell 2 x 455C
  Order o = working(r);
  ASSERT_TRUE(apply(o, fill_report(o, 0, 2, 3.00), Timestamp{}));
  ASSERT_TRUE(apply(o, fill_report(o, 1, 4, 1.20), Timestamp{}));
  EXPECT_EQ(o.average_fill_price(), px(0.60));
}

TEST(OrderAverage, ComboWithNoCompleteUnit_HasNoNetAverageYet) {
  Order o = working(vertical_order("v", 1, 1.00));
  ASSERT_TRUE(apply(o, fill_report(o, 0, 1, 3.00), Timestamp{}));
  EXPECT_FALSE(o.average_fill_price());
  EXPECT_EQ(o.leg_average_fill_price(0), px(3.00));
  EXPECT_FALSE(o.leg_average_fill_price(1));
  EXPECT_FALSE(o.leg_average_fill_price(7));
}

TEST(OrderAverage, PartialFillsAcrossReplaces_AverageEveryFill) {
  Order o = working(limit_order("p", Side::buy, 100, 450));
  ASSERT_TRUE(apply(o, fill_report(o, 0, 30, 450), Timestamp{}));
  ASSERT_TRUE(request_replace(o, ReplaceTerms{px(451), o.request.quantity}, Timestamp{}));
  ASSERT_TRUE(apply(o, fill_report(o, 0, 20, 450), Timestamp{}));  // arrives while the replace is in flight
  ASSERT_TRUE(apply(o, report(o, ExecutionReportKind::replaced), Timestamp{}));
  ASSERT_TRUE(request_replace(o, ReplaceTerms{px(452), o.request.quantity}, Timestamp{}));
  ASSERT_TRUE(apply(o, report(o, ExecutionReportKind::replaced), Timestamp{}));
  ASSERT_TRUE(apply(o, fill_report(o, 0, 50, 452), Timestamp{}));
  EXPECT_EQ(o.state, OrderState::filled);
  EXPECT_EQ(o.replace_count, 2);
  EXPECT_EQ(o.average_fill_price(), px(451.00));
  EXPECT_EQ(o.fees, Money::from_units(6'500 * 3));
}

}  // namespace
}  // namespace nightdesk::execution
