#include "execution/slippage_budget.h"

#include <gtest/gtest.h>

#include "execution/order_fixtures.h"

namespace nightdesk::execution {
namespace {

using namespace testing;

TEST(Slippage, BuyAboveArrivalMid_IsACostInTicksDollarsAndPercent) {
  auto s = measure_slippage(Side::buy, px(10.60), px(10.50), px(1.00), Quantity(3), 100, px(0.05));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->per_share, px(0.10));
  EXPECT_DOUBLE_EQ(s->ticks, 2.0);
  EXPECT_EQ(s->dollars, Money::from_units(300'000));  // $30
  ASSERT_TRUE(s->pct_of_spread);
  EXPECT_DOUBLE_EQ(*s->pct_of_spread, 10.0);
}

TEST(Slippage, SellBelowArrivalMid_IsACost) {
  auto s = measure_slippage(Side::sell, px(2.10), px(2.20), px(0.40), Quantity(1), 100, px(0.05));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->per_share, px(0.10));
  EXPECT_DOUBLE_EQ(*s->pct_of_spread, 25.0);
}

TEST(Slippage, PriceImprovement_IsNegative) {
  auto s = measure_slippage(Side::buy, px(10.40), px(10.50), px(1.00), Quantity(1), 100, px(0.05));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->per_share, px(-0.10));
  EXPECT_EQ(s->dollars, Money::from_units(-100'000));
}

TEST(Slippage, ComboCredit_LessCreditIsACost) {
  // Arrival net mid -1.05 (a credit); filled at -1.00: received 0.05 less.
  auto s = measure_slippage(Side::buy, px(-1.00), px(-1.05), px(0.30), Quantity(2), 100, px(0.01));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->dollars, Money::from_units(100'000));  // $10
}

TEST(Slippage, LockedArrivalQuote_HasNoPercent) {
  auto s = measure_slippage(Side::buy, px(1.00), px(1.00), px(0.00), Quantity(1), 100, px(0.05));
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->pct_of_spread);
}

TEST(Slippage, BadTickOrMultiplier_IsRefused) {
  EXPECT_FALSE(measure_slippage(Side::buy, px(1), px(1), px(0.1), Quantity(1), 100, px(0)));
  EXPECT_FALSE(measure_slippage(Side::buy, px(1), px(1), px(0.1), Quantity(1), 0, px(0.01)));
}

TEST(OrderSlippageBudget, AllowsUpToTheBudgetExactly) {
  OrderSlippageBudget budget{50.0, WalkEndAction::rest};
  EXPECT_TRUE(budget.allows(Side::buy, px(11.00), px(10.50), px(1.00)));   // exactly 50%
  EXPECT_FALSE(budget.allows(Side::buy, px(11.01), px(10.50), px(1.00)));
  EXPECT_TRUE(budget.allows(Side::sell, px(10.00), px(10.50), px(1.00)));
  EXPECT_FALSE(budget.allows(Side::sell, px(9.99), px(10.50), px(1.00)));
  EXPECT_TRUE(budget.allows(Side::buy, px(9.00), px(10.50), px(1.00)));    // improvement is always fine
}

TEST(OrderSlippageBudget, ZeroSpreadAllowsNoCost) {
  OrderSlippageBudget budget{50.0, WalkEndAction::rest};
  EXPECT_TRUE(budget.allows(Side::buy, px(1.00), px(1.00), px(0)));
  EXPECT_FALSE(budget.allows(Side::buy, px(1.01), px(1.00), px(0)));
}

TEST(OrderSlippageBudget, NegativePercent_IsInvalid) {
  EXPECT_FALSE((OrderSlippageBudget{-1.0, WalkEndAction::rest}.validate()));
  EXPECT_TRUE((OrderSlippageBudget{0.0, WalkEndAction::cancel}.validate()));
}

TEST(DailySlippageBudget, BlocksNewWalksOnceSpent) {
  DailySlippageBudget daily(Money::from_units(500'000));  // $50
  daily.record(Money::from_units(300'000));
  EXPECT_TRUE(daily.admit_new_walk());
  EXPECT_EQ(daily.remaining(), Money::from_units(200'000));
  daily.record(Money::from_units(250'000));
  auto refused = daily.admit_new_walk();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "daily slippage budget spent: $55.00 of $50.00");
  EXPECT_EQ(daily.remaining(), Money());
}

TEST(DailySlippageBudget, ImprovementDoesNotRefund) {
  DailySlippageBudget daily(Money::from_units(500'000));
  daily.record(Money::from_units(400'000));
  daily.record(Money::from_units(-300'000));
  EXPECT_EQ(daily.spent(), Money::from_units(400'000));
}

TEST(DailySlippageBudget, NewDayStartsAtZero) {
  DailySlippageBudget daily(Money::from_units(100));
  daily.record(Money::from_units(100));
  EXPECT_FALSE(daily.admit_new_walk());
  daily.start_day();
  EXPECT_TRUE(daily.admit_new_walk());
}

TEST(DailySlippageBudget, NoLimit_NeverRefusesButTracks) {
  DailySlippageBudget daily;
  daily.record(Money::from_units(1'000'000'000));
  EXPECT_TRUE(daily.admit_new_walk());
  EXPECT_FALSE(daily.remaining());
  EXPECT_EQ(daily.spent(), Money::from_units(1'000'000'000));
}

}  // namespace
}  // namespace nightdesk::execution
