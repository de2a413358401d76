#include "portfolio/roll_planner.h"

#include <gtest/gtest.h>

#include <cmath>

#include "synthetic_chain.h"
#include "test_positions.h"

namespace nightdesk::portfolio {
namespace {

using namespace testing;
using execution::Side;

const market::OptionChain& chain() {
  static const market::OptionChain c = synthetic_chain(day("2025-01-13"));  // spot 449.995
  return c;
}

Position spread(std::int64_t units, PositionSource source = PositionSource::bot_managed) {
  return put_credit_spread(units, "2.00", "0.50", source);  // short 440P / long 430P, 2025-01-17
}

RollSettings settings(StrikeStrategy strategy) {
  RollSettings s;
  s.strike_strategy = strategy;
  return s;
}

TEST(RollTarget, NearestThirtyDteInsideTheWindow) {
  // From 2025-01-13: 2025-02-07 is 25 DTE, 2025-02-14 is 32 DTE -> 2025-02-14.
  const auto* target = roll_target_expiry(chain(), day("2025-01-13"), day("2025-01-17"), RollSettings{});
  ASSERT_NE(target, nullptr);
  EXPECT_EQ(target->expiry(), day("2025-02-14"));
  RollSettings far;
  far.min_target_dte = 100, far.target_dte = 110, far.max_target_dte = 120;  // 94 and 123 DTE listed, none inside
  EXPECT_EQ(roll_target_expiry(chain(), day("2025-01-13"), day("2025-01-17"), far), nullptr);
}

TEST(RollPlanner, SameStrikesRollsTheSpreadOutForACredit) {
  auto plan = plan_roll(spread(2), chain(), day("2025-01-13"), settings(StrikeStrategy::same_strikes), RollReason::expiry_near);
  ASSERT_TRUE(plan) << plan.error().describe();
  EXPECT_EQ(plan->to_expiry, day("2025-02-14"));
  EXPECT_EQ(plan->to_dte, 32);
  EXPECT_EQ(plan->units, Quantity(2));
  ASSERT_EQ(plan->new_legs.size(), 2u);
  EXPECT_EQ(plan->new_legs[0].instrument, put("2025-02-14", "440"));
  EXPECT_EQ(plan->new_legs[0].contracts_per_unit, -1);
  EXPECT_EQ(plan->new_legs[1].instrument, put("2025-02-14", "430"));
  EXPECT_EQ(plan->new_legs[1].contracts_per_unit, 1);
  // Close: buy 440P at 0.57, sell 430P at 0.11 = +0.46; open: sell 440P at 5.10, buy 430P at 2.96 = -2.14.
  EXPECT_EQ(plan->old_legs[0].mid, px("0.57"));
  EXPECT_EQ(plan->new_legs[0].mid, px("5.10"));
  EXPECT_EQ(plan->net_price, px("-1.68"));
  EXPECT_EQ(plan->net_credit, usd("336"));
  EXPECT_EQ(plan->execution, RollExecutionMode::combo);
}

TEST(RollPlanner, AtmAdjustShiftsTheStructureWithinTheMaximumAdjustment) {
  // Centre 435, ATM 450: a +15 shift, capped at 10 per leg: 440/430 -> 450/440 (width kept).
  auto plan = plan_roll(spread(1), chain(), day("2025-01-13"), settings(StrikeStrategy::atm_adjust), RollReason::expiry_near);
  ASSERT_TRUE(plan) << plan.error().describe();
  EXPECT_EQ(plan->new_legs[0].instrument, put("2025-02-14", "450"));
  EXPECT_EQ(plan->new_legs[1].instrument, put("2025-02-14", "440"));
  EXPECT_EQ(plan->net_price, px("0.46") - px("8.65") + px("5.10"));  // -3.09
  RollSettings wide = settings(StrikeStrategy::atm_adjust);
  wide.max_strike_adjustment = px("20");
  auto recentred = plan_roll(spread(1), chain(), day("2025-01-13"), wide, RollReason::expiry_near);
  ASSERT_TRUE(recentred);
  EXPECT_EQ(recentred->new_legs[0].instrument, put("2025-02-14", "455"));
  EXPECT_EQ(recentred->new_legs[1].instrument, put("2025-02-14", "445"));
}

TEST(RollPlanner, DeltaMaintainPicksTheClosestDeltaWithinTheMaximumAdjustment) {
  RollSettings s = settings(StrikeStrategy::delta_maintain);
  auto plan = plan_roll(spread(1), chain(), day("2025-01-13"), s, RollReason::expiry_near);
  ASSERT_TRUE(plan) << plan.error().describe();
  // The short 440P has delta -0.126 now; in 2025-02-14 the -0.126 delta lies below 430, so the 10.00 cap
  // stops at 430 (-0.197). The long 430P (-0.027) likewise goes to 420 (-0.122).
  EXPECT_NEAR(*plan->old_legs[0].delta, -0.1259, 1e-4);
  EXPECT_EQ(plan->new_legs[0].instrument, put("2025-02-14", "430"));
  EXPECT_EQ(plan->new_legs[1].instrument, put("2025-02-14", "420"));
  // Uncapped, each new strike's delta is the closest listed to the old leg's delta.
  s.max_strike_adjustment = px("100");
  auto free = plan_roll(spread(1), chain(), day("2025-01-13"), s, RollReason::expiry_near);
  ASSERT_TRUE(free);
  const auto* slice = chain().expiry(day("2025-02-14"));
  for (std::size_t i = 0; i < 2; ++i) {
    double target = *free->old_legs[i].delta;
    double chosen = *free->new_legs[i].delta;
    for (const auto& row : slice->strikes())
      if (row.put && row.put->delta && row.put->quote.has_offer()) {
        ASSERT_GE(std::fabs(*row.put->delta - target), std::fabs(chosen - target)) << row.strike.to_string();
      }
  }
  EXPECT_LT(free->new_legs[0].instrument.strike, px("430"));
}

TEST(RollPlanner, RequireCreditRefusesADebitRoll) {
  // A long 440 put: closing gets 0.57, reopening costs 5.10: a 4.53 debit.
  Position p("long-put", "SPY", PositionSource::bot_managed, at("2025-01-06T15:00:00Z"));
  ASSERT_TRUE(p.apply_fill(fill(put("2025-01-17", "440"), Side::buy, 1, "3.00", "lp")));
  auto refused = plan_roll(p, chain(), day("2025-01-13"), RollSettings{}, RollReason::expiry_near);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);
  EXPECT_EQ(refused.error().field, "require_credit");
  EXPECT_NE(refused.error().message.find("4.53"), std::string::npos) << refused.error().message;
  RollSettings allow;
  allow.require_credit = false;
  auto debit = plan_roll(p, chain(), day("2025-01-13"), allow, RollReason::expiry_near);
  ASSERT_TRUE(debit);
  EXPECT_EQ(debit->net_price, px("4.53"));
  EXPECT_EQ(debit->net_credit, usd("-453"));
}

TEST(RollPlanner, SameStrikesRefusesAStrikeThatIsNotListed) {
  RollSettings s;
  s.min_target_dte = 35, s.target_dte = 39, s.max_target_dte = 45;  // 2025-02-21, a monthly with 5-point strikes
  Position p("odd", "SPY", PositionSource::bot_managed, at("2025-01-06T15:00:00Z"));
  ASSERT_TRUE(p.apply_fill(fill(put("2025-01-17", "441"), Side::sell, 1, "2.00", "s")));
  auto plan = plan_roll(p, chain(), day("2025-01-13"), s, RollReason::expiry_near);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().field, "strike");
  EXPECT_EQ(plan.error().code, ErrorCode::not_found);
}

TEST(RollPlanner, NoExpiryInTheWindowIsAnError) {
  RollSettings s;
  s.min_target_dte = 100, s.target_dte = 110, s.max_target_dte = 120;
  auto plan = plan_roll(spread(1), chain(), day("2025-01-13"), s, RollReason::expiry_near);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().field, "expiry");
}

TEST(RollPlanner, ManualPositionIsNeverRolled) {
  auto plan = plan_roll(spread(1, PositionSource::manual), chain(), day("2025-01-13"), RollSettings{}, RollReason::requested);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::conflict);
  EXPECT_EQ(plan.error().field, "source");
}

TEST(RollPlanner, IronCondorTooWideForOneComboRollsCloseFirst) {
  Position p("ic", "SPY", PositionSource::bot_managed, at("2025-01-06T15:00:00Z"));
  ASSERT_TRUE(p.apply_fill(fill(put("2025-01-17", "430"), Side::buy, 1, "0.50", "a")));
  ASSERT_TRUE(p.apply_fill(fill(put("2025-01-17", "440"), Side::sell, 1, "1.50", "b")));
  ASSERT_TRUE(p.apply_fill(fill(call("2025-01-17", "460"), Side::sell, 1, "1.50", "c")));
  ASSERT_TRUE(p.apply_fill(fill(call("2025-01-17", "470"), Side::buy, 1, "0.50", "d")));
  RollSettings s;
  s.require_credit = false;
  auto plan = plan_roll(p, chain(), day("2025-01-13"), s, RollReason::expiry_near);
  ASSERT_TRUE(plan) << plan.error().describe();
  EXPECT_EQ(plan->execution, RollExecutionMode::close_first);
  EXPECT_NE(plan->note.find("8 legs"), std::string::npos);
}

TEST(RollPlanner, LegWithoutAQuoteCannotBePriced) {
  Position p("far", "SPY", PositionSource::bot_managed, at("2025-01-06T15:00:00Z"));
  ASSERT_TRUE(p.apply_fill(fill(put("2025-01-17", "300"), Side::sell, 1, "0.05", "s")));  // not listed
  auto plan = plan_roll(p, chain(), day("2025-01-13"), RollSettings{}, RollReason::expiry_near);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().field, "quote");
}

TEST(RollSettings, DefaultsAreValidAndBadValuesNameTheKey) {
  EXPECT_TRUE(RollSettings{}.validate());
  RollSettings s;
  s.target_dte = 90;
  EXPECT_EQ(s.validate().error().field, "target_dte");
  s = RollSettings{};
  s.min_dte_for_roll = 21;
  EXPECT_EQ(s.validate().error().field, "min_dte_for_roll");
  s = RollSettings{};
  s.delta_breach = 1.5;
  EXPECT_EQ(s.validate().error().field, "delta_breach");
}

}  // namespace
}  // namespace nightdesk::portfolio
