#include "common/tick_rule.h"

#include <gtest/gtest.h>

namespace nightdesk {
namespace {

Price p(const char* text) { return *Price::parse(text); }

std::string rounded(const TickRule& rule, const char* price, Rounding r) {
  auto out = rule.round(p(price), r);
  return out ? out->to_string() : "error: " + out.error().describe();
}

TEST(TickRule, StandardIsFiveCentsUnderThreeDollarsAndTenAbove) {
  auto rule = TickRule::standard();
  EXPECT_EQ(rule.tick_at(p("2.95")), p("0.05"));
  EXPECT_EQ(rule.tick_at(p("3.00")), p("0.10"));
  EXPECT_TRUE(rule.is_on_tick(p("2.95")));
  EXPECT_FALSE(rule.is_on_tick(p("3.05")));
  EXPECT_TRUE(rule.is_on_tick(p("3.10")));
}

TEST(TickRule, PennyPilotIsOneCentUnderThreeDollarsAndFiveAbove) {
  auto rule = TickRule::penny_pilot();
  EXPECT_TRUE(rule.is_on_tick(p("1.37")));
  EXPECT_FALSE(rule.is_on_tick(p("3.37")));
  EXPECT_EQ(rounded(rule, "3.37", Rounding::down), "3.35");
}

TEST(TickRule, BuyLimitsRoundDownSellLimitsRoundUp) {
  auto rule = TickRule::standard();
  EXPECT_EQ(rounded(rule, "1.07", Rounding::down), "1.05");
  EXPECT_EQ(rounded(rule, "1.07", Rounding::up), "1.10");
  EXPECT_EQ(rounded(rule, "1.05", Rounding::down), "1.05");
  EXPECT_EQ(rounded(rule, "1.07", Rounding::nearest), "1.05");
  EXPECT_EQ(rounded(rule, "1.075", Rounding::nearest), "1.10");
}

TEST(TickRule, RoundingAcrossTheThresholdLandsOnAValidPrice) {
  auto rule = TickRule::standard();
  EXPECT_EQ(rounded(rule, "2.98", Rounding::up), "3.00");
  EXPECT_EQ(rounded(rule, "3.03", Rounding::down), "3.00");
  EXPECT_EQ(rounded(rule, "3.01", Rounding::up), "3.10");
  EXPECT_EQ(rounded(rule, "2.99", Rounding::nearest), "3.00");
  EXPECT_EQ(rounded(rule, "2.97", Rounding::nearest), "2.95");
  EXPECT_EQ(rounded(rule, "3.04", Rounding::nearest), "3.00");
}

TEST(TickRule, CreditPricesRoundTowardTheirOwnDirection) {
  auto rule = TickRule::flat(p("0.05"));
  EXPECT_EQ(rounded(rule, "-1.07", Rounding::down), "-1.10");
  EXPECT_EQ(rounded(rule, "-1.07", Rounding::up), "-1.05");
  EXPECT_EQ(rounded(TickRule::standard(), "-3.03", Rounding::up), "-3.00");
}

TEST(TickRule, InvalidRulesAreRejected) {
  TickRule zero{p("3.00"), p("0"), p("0.10")};
  EXPECT_FALSE(zero.validate());
  EXPECT_EQ(rounded(zero, "1.00", Rounding::down).rfind("error", 0), 0u);
  TickRule off_grid{p("3.03"), p("0.05"), p("0.10")};
  EXPECT_FALSE(off_grid.validate());
  EXPECT_FALSE(round_to_tick(p("1.00"), p("-0.05"), Rounding::down));
}

TEST(TickTable, PerUnderlyingRuleWithADefault) {
  TickTable table;
  table.set("SPY", TickRule::penny_pilot());
  EXPECT_EQ(table.rule_for("SPY").below, p("0.01"));
  EXPECT_EQ(table.rule_for("XYZ").below, p("0.05"));
}

}  // namespace
}  // namespace nightdesk
