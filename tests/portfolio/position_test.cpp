#include "portfolio/position.h"

#include <gtest/gtest.h>

#include "test_positions.h"

namespace nightdesk::portfolio {
namespace {

using namespace testing;
using execution::Side;

TEST(Position, CreditSpreadEntryCostIsNegative) {
  // Sell the 440 put at 6.50, buy the 430 put at 1.50: a net credit of 5.00 x 100 = 500 received.
  Position p = put_credit_spread(1, "6.50", "1.50");
  EXPECT_EQ(p.entry_cost(), usd("-500"));
  EXPECT_EQ(p.open_cost(), usd("-500"));
  ASSERT_EQ(p.legs().size(), 2u);
  EXPECT_EQ(p.leg(put("2025-01-17", "440"))->quantity, Quantity(-1));
  EXPECT_EQ(p.leg(put("2025-01-17", "430"))->quantity, Quantity(1));
}

TEST(Position, CreditSpreadWorthHalfTheCreditIsFiftyPercentProfit) {
  Position p = put_credit_spread(1, "6.50", "1.50");
  mark_spread(p, "3.50", "1.00");  // worth -350 + 100 = -250
  EXPECT_EQ(*p.market_value(), usd("-250"));
  EXPECT_EQ(*p.unrealized_pnl(), usd("250"));
  EXPECT_EQ(*p.pnl_pct(), Percent::points(50));
}

TEST(Position, DebitPositionPnlPercentUsesThePricePaid) {
  Position p = long_calls(2, "5.00");
  EXPECT_EQ(p.entry_cost(), usd("1000"));
  mark_calls(p, "7.50");
  EXPECT_EQ(*p.unrealized_pnl(), usd("500"));
  EXPECT_EQ(*p.pnl_pct(), Percent::points(50));
  mark_calls(p, "2.50");
  EXPECT_EQ(*p.pnl_pct(), Percent::points(-50));
}

TEST(Position, PnlPercentIsUnavailableUntilEveryLegHasAMark) {
  Position p = put_credit_spread(1, "6.50", "1.50");
  p.set_mark(put("2025-01-17", "440"), px("3.00"));
  EXPECT_EQ(p.pnl_pct().error().code, ErrorCode::unavailable);
}

TEST(Position, ClosingFillsRealizeFifoLotsExactly) {
  Position p("p", "SPY", PositionSource::bot_managed, at("2025-01-06T15:00:00Z"));
  auto c = call("2025-01-17", "460");
  ASSERT_TRUE(p.apply_fill(fill(c, Side::buy, 2, "1.00", "a", "1.30")));
  ASSERT_TRUE(p.apply_fill(fill(c, Side::buy, 1, "2.00", "b", "0.65")));
  ASSERT_TRUE(p.apply_fill(fill(c, Side::sell, 2, "3.05", "c", "1.30")));
  // The two oldest contracts (1.00) are closed at 3.05: (3.05 - 1.00) x 2 x 100 = 410.
  EXPECT_EQ(p.realized_pnl(), usd("410"));
  EXPECT_EQ(p.fees(), usd("3.25"));
  EXPECT_EQ(p.entry_cost(), usd("400"));  // every opening fill: 200 + 200
  EXPECT_EQ(p.open_cost(), usd("200"));   // the 2.00 lot left
  EXPECT_EQ(p.leg(c)->quantity, Quantity(1));
}

TEST(Position, ShortLegBoughtBackCheaperRealizesAGain) {
  Position p = put_credit_spread(3, "6.50", "1.50");
  ASSERT_TRUE(p.apply_fill(fill(put("2025-01-17", "440"), Side::buy, 3, "2.0001", "bb")));
  // (2.0001 - 6.50) x (-3) x 100 = +1349.97: exact to the 1e-4 unit.
  EXPECT_EQ(p.realized_pnl(), usd("1349.97"));
  EXPECT_EQ(p.legs().size(), 1u);  // the flat leg is gone
}

TEST(Position, AFillPastFlatOpensTheOtherSide) {
  Position p = long_calls(1, "1.00");
  ASSERT_TRUE(p.apply_fill(fill(call("2025-01-17", "460"), Side::sell, 3, "1.50", "x")));
  EXPECT_EQ(p.realized_pnl(), usd("50"));
  EXPECT_EQ(p.leg(call("2025-01-17", "460"))->quantity, Quantity(-2));
  EXPECT_EQ(p.open_cost(), usd("-300"));
}

TEST(Position, RepeatedFillIdIsAppliedOnce) {
  Position p = long_calls(1, "1.00");
  ASSERT_TRUE(p.apply_fill(fill(call("2025-01-17", "460"), Side::buy, 1, "1.00", "f-call")));
  EXPECT_EQ(p.leg(call("2025-01-17", "460"))->quantity, Quantity(1));
}

TEST(Position, BadFillsAreRefusedAndChangeNothing) {
  Position p = long_calls(1, "1.00");
  auto c = call("2025-01-17", "460");
  EXPECT_EQ(p.apply_fill(fill(c, Side::buy, 0, "1.00", "z")).error().field, "quantity");
  EXPECT_EQ(p.apply_fill(fill(c, Side::buy, 1, "-1.00", "z")).error().field, "price");
  EXPECT_EQ(p.apply_fill(fill(c, Side::buy, 1, "1.00", "z", "-1")).error().field, "fees");
  auto qqq = market::Instrument::option("QQQ", day("2025-01-17"), px("500"), OptionRight::call);
  EXPECT_EQ(p.apply_fill(fill(qqq, Side::buy, 1, "1.00", "z")).error().field, "instrument");
  // An overflowing fill: quantity x price x multiplier beyond int64.
  EXPECT_EQ(p.apply_fill(fill(c, Side::buy, 4'000'000'000'000, "900000", "big")).error().code, ErrorCode::overflow);
  EXPECT_EQ(p.leg(c)->quantity, Quantity(1));
  EXPECT_EQ(p.entry_cost(), usd("100"));
}

TEST(Position, UnitShapeOfARatioSpreadKeepsTheRatio) {
  Position p("r", "SPY", PositionSource::bot_managed, at("2025-01-06T15:00:00Z"));
  ASSERT_TRUE(p.apply_fill(fill(put("2025-01-17", "440"), Side::buy, 5, "3.00", "l")));
  ASSERT_TRUE(p.apply_fill(fill(put("2025-01-17", "430"), Side::sell, 10, "1.20", "s")));
  UnitShape shape = p.unit_shape();
  EXPECT_EQ(shape.units, Quantity(5));
  EXPECT_EQ(shape.ratios, (std::vector<std::int64_t>{1, -2}));
}

TEST(Position, HistoryRecordsOpeningAndGoingFlat) {
  Position p = long_calls(1, "1.00");
  ASSERT_TRUE(p.apply_fill(fill(call("2025-01-17", "460"), Side::sell, 1, "1.40", "out")));
  ASSERT_EQ(p.history().size(), 2u);
  EXPECT_EQ(p.history()[0].kind, ManagementActionKind::opened);
  EXPECT_EQ(p.history()[1].kind, ManagementActionKind::closed);
  EXPECT_EQ(p.history()[1].amount, usd("40"));
  EXPECT_TRUE(p.is_flat());
}

}  // namespace
}  // namespace nightdesk::portfolio
