#include "risk/margin_requirement.h"

#include <gtest/gtest.h>

#include "risk/buying_power.h"
#include "risk/risk_fixtures.h"

namespace nightdesk::risk {
namespace {

using namespace testing;

MarginRequirement margin(std::vector<HeldLeg> legs, double underlying,
                         ShortPutCollateral puts = ShortPutCollateral::reg_t) {
  auto m = margin_requirement(std::move(legs), dollars(underlying), puts);
  EXPECT_TRUE(m.has_value()) << m.error().describe();
  return m.value_or(MarginRequirement{});
}

TEST(MarginRequirement, LongCall_NeedsThePremium) {
  // 2 x 3.00 x 100 = 600.00
  auto m = margin({leg(call(450), 2, 3.00)}, 448);
  EXPECT_EQ(m.structure, Structure::long_premium);
  EXPECT_EQ(m.requirement, usd(600));
  EXPECT_EQ(m.buying_power_effect, usd(600));
}

TEST(MarginRequirement, CashSecuredPut_HoldsStrikeTimesMultiplierLessPremium) {
  // 50 x 100 = 5000 held; premium 1.00 x 100 = 100 received; effect 4900.
  auto m = margin({leg(put(50), -1, 1.00)}, 52, ShortPutCollateral::cash_secured);
  EXPECT_EQ(m.structure, Structure::cash_secured_put);
  EXPECT_EQ(m.requirement, usd(5000));
  EXPECT_EQ(m.premium_received, usd(100));
  EXPECT_EQ(m.buying_power_effect, usd(4900));
}

TEST(MarginRequirement, CoveredCall_StockFullyPaidLessCallPremium) {
  // 100 shares x 52 = 5200; call premium 0.80 x 100 = 80; effect 5120.
  auto m = margin({leg(shares(), 100, 52), leg(call(55), -1, 0.80)}, 52);
  EXPECT_EQ(m.structure, Structure::covered_call);
  EXPECT_EQ(m.requirement, usd(5200));
  EXPECT_EQ(m.buying_power_effect, usd(5120));
}

TEST(MarginRequirement, CoveredCall_TooFewShares_IsMarginedAsUncovered) {
  auto m = margin({leg(shares(), 99, 52), leg(call(55), -1, 0.80)}, 52);
  EXPECT_EQ(m.structure, Structure::uncovered_mix);
}

TEST(MarginRequirement, CreditPutVertical_WidthTimesMultiplierLessCredit) {
  // short 50P @1.50, long 45P @0.50, 2 each: width 5 x 100 x 2 = 1000; credit (150-50) x 2 = 200; effect 800.
  auto m = margin({leg(put(50), -2, 1.50), leg(put(45), 2, 0.50)}, 52);
  EXPECT_EQ(m.structure, Structure::credit_vertical);
  EXPECT_EQ(m.requirement, usd(1000));
  EXPECT_EQ(m.premium_received, usd(200));
  EXPECT_EQ(m.buying_power_effect, usd(800));
}

TEST(MarginRequirement, CreditCallVertical_WidthTimesMultiplierLessCredit) {
  // short 105C @2.00, long 110C @0.75: 5 x 100 = 500; credit 125; effect 375.
  auto m = margin({leg(call(105), -1, 2.00), leg(call(110), 1, 0.75)}, 100);
  EXPECT_EQ(m.structure, Structure::credit_vertical);
  EXPECT_EQ(m.buying_power_effect, usd(375));
}

TEST(MarginRequirement, DebitCallVertical_NeedsTheNetDebit) {
  // long 100C @3.00, short 105C @1.00: debit 200.
  auto m = margin({leg(call(100), 1, 3.00), leg(call(105), -1, 1.00)}, 100);
  EXPECT_EQ(m.structure, Structure::debit_vertical);
  EXPECT_EQ(m.requirement, usd(200));
  EXPECT_EQ(m.buying_power_effect, usd(200));
}

TEST(MarginRequirement, IronCondor_WiderWingLessCredit) {
  // put wing 95/90 (5), call wing 105/115 (10): 10 x 100 = 1000; credit 120+110-40-30 = 160; effect 840.
  auto m = margin({leg(put(95), -1, 1.20), leg(put(90), 1, 0.40), leg(call(105), -1, 1.10), leg(call(115), 1, 0.30)}, 100);
  EXPECT_EQ(m.structure, Structure::iron_condor);
  EXPECT_EQ(m.requirement, usd(1000));
  EXPECT_EQ(m.premium_received, usd(160));
  EXPECT_EQ(m.buying_power_effect, usd(840));
}

TEST(MarginRequirement, IronButterfly_IsAnIronCondorWithOneShortStrike) {
  auto m = margin({leg(put(100), -1, 3.0), leg(put(95), 1, 1.0), leg(call(100), -1, 3.0), leg(call(105), 1, 1.0)}, 100);
  EXPECT_EQ(m.structure, Structure::iron_condor);
  EXPECT_EQ(m.buying_power_effect, usd(500 - 400));
}

TEST(MarginRequirement, NakedPut_TwentyPercentBranch) {
  // U 52, K 50, premium 1.00: max(10.40 - 2.00 + 1.00, 5.00 + 1.00) = 9.40 -> 940; effect 840.
  auto m = margin({leg(put(50), -1, 1.00)}, 52);
  EXPECT_EQ(m.structure, Structure::naked_put);
  EXPECT_EQ(m.requirement, usd(940));
  EXPECT_EQ(m.buying_power_effect, usd(840));
}

TEST(MarginRequirement, NakedPut_DeepOutOfTheMoney_TenPercentOfStrikeMinimum) {
  // U 100, K 70, premium 0.20: max(20 - 30 + 0.20, 7.00 + 0.20) = 7.20 -> 720.
  auto m = margin({leg(put(70), -1, 0.20)}, 100);
  EXPECT_EQ(m.requirement, usd(720));
}

TEST(MarginRequirement, NakedCall_OutOfTheMoneyAmountReducesIt) {
  // U 100, K 105, premium 0.50: max(20 - 5 + 0.50, 10 + 0.50) = 15.50 -> 1550 per contract, 3 contracts 4650.
  auto m = margin({leg(call(105), -3, 0.50)}, 100);
  EXPECT_EQ(m.structure, Structure::naked_call);
  EXPECT_EQ(m.requirement, usd(4650));
}

TEST(MarginRequirement, NakedCall_TenPercentOfUnderlyingMinimum) {
  // U 100, K 150, premium 0.05: max(20 - 50 + 0.05, 10 + 0.05) = 10.05 -> 1005.
  auto m = margin({leg(call(150), -1, 0.05)}, 100);
  EXPECT_EQ(m.requirement, usd(1005));
}

TEST(MarginRequirement, CashSettledIndexPut_UsesFifteenPercent) {
  // U 5000, K 4900, premium 10: max(750 - 100 + 10, 490 + 10) = 660 -> 66000.
  auto spx = market::Instrument::option("SPX", near_expiry(), dollars(4900), OptionRight::put);
  spx.settlement = market::Settlement::cash;
  spx.style = market::ExerciseStyle::european;
  auto m = margin({HeldLeg{spx, Quantity(-1), dollars(10)}}, 5000);
  EXPECT_EQ(m.requirement, usd(66000));
}

TEST(MarginRequirement, ShortStraddle_GreaterSidePlusOtherPremium) {
  // U 100: call 100 @3.00 -> 20 + 3 = 23.00; put 100 @2.50 -> 22.50. 2300 + 250 = 2550; received 550.
  auto m = margin({leg(call(100), -1, 3.00), leg(put(100), -1, 2.50)}, 100);
  EXPECT_EQ(m.structure, Structure::short_straddle);
  EXPECT_EQ(m.requirement, usd(2550));
  EXPECT_EQ(m.buying_power_effect, usd(2000));
}

TEST(MarginRequirement, ShortStrangle_GreaterSidePlusOtherPremium) {
  // U 100: call 110 @1.00 -> max(11, 11) = 1100; put 90 @1.20 -> max(11.20, 10.20) = 1120. 1120 + 100 = 1220.
  auto m = margin({leg(call(110), -1, 1.00), leg(put(90), -1, 1.20)}, 100);
  EXPECT_EQ(m.structure, Structure::short_strangle);
  EXPECT_EQ(m.requirement, usd(1220));
}

TEST(MarginRequirement, Calendar_GetsNoSpreadOffset) {
  // short near 100C @2.00 (naked: 20 + 2 = 22 -> 2200) + long far 100C @3.50 (350) = 2550; received 200.
  auto m = margin({leg(call(100), -1, 2.00), leg(call(100, far_expiry()), 1, 3.50)}, 100);
  EXPECT_EQ(m.structure, Structure::uncovered_mix);
  EXPECT_EQ(m.requirement, usd(2550));
  EXPECT_EQ(m.buying_power_effect, usd(2350));
}

TEST(MarginRequirement, RatioSpread_IsMarginedAsUncovered) {
  auto m = margin({leg(call(100), 1, 3.00), leg(call(105), -2, 1.00)}, 100);
  EXPECT_EQ(m.structure, Structure::uncovered_mix);
}

TEST(MarginRequirement, LegsOfOneInstrument_AreNettedFirst) {
  // +1 and -1 of the same put net to nothing.
  auto m = margin({leg(put(50), -1, 1.00), leg(put(50), 1, 1.00)}, 52);
  EXPECT_EQ(m.structure, Structure::flat);
  EXPECT_EQ(m.requirement, Money{});
}

TEST(MarginRequirement, ShortOptionWithoutUnderlyingPrice_IsAnError) {
  auto m = margin_requirement({leg(put(50), -1, 1.00)}, Price{}, ShortPutCollateral::reg_t);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().field, "underlying_price");
}

TEST(MarginRequirement, NegativeMark_IsAnError) {
  auto m = margin_requirement({leg(call(50), 1, -1.00)}, dollars(50), ShortPutCollateral::reg_t);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().field, "mark");
}

TEST(MarginRequirement, Formula_ShowsTheWorkedNumbers) {
  auto m = margin({leg(put(50), -2, 1.50), leg(put(45), 2, 0.50)}, 52);
  EXPECT_EQ(m.formula, "width 5.00 x 100 x 2 = 1000.00; credit 200.00");
}

TEST(BuyingPower, EquityLessEachPositionsEffect_EachVisible) {
  std::vector<PositionView> positions{position("p1", 100, {leg(call(100), 2, 3.00)}),
                                      position("p2", 52, {leg(put(50), -2, 1.50), leg(put(45), 2, 0.50)})};
  auto bp = buying_power(usd(20'000), positions, ShortPutCollateral::reg_t);
  ASSERT_TRUE(bp);
  ASSERT_EQ(bp->positions.size(), 2u);
  EXPECT_EQ(bp->positions[0].position_id, "p1");
  EXPECT_EQ(bp->positions[0].margin.buying_power_effect, usd(600));
  EXPECT_EQ(bp->positions[1].margin.buying_power_effect, usd(800));
  EXPECT_EQ(bp->in_use, usd(1400));
  EXPECT_EQ(bp->available, usd(18'600));
}

TEST(BuyingPower, UnpricablePosition_IsNamed) {
  std::vector<PositionView> positions{position("p9", 0, {leg(put(50), -1, 1.00)})};
  auto bp = buying_power(usd(20'000), positions, ShortPutCollateral::reg_t);
  ASSERT_FALSE(bp);
  EXPECT_NE(bp.error().message.find("p9"), std::string::npos);
}

}  // namespace
}  // namespace nightdesk::risk
