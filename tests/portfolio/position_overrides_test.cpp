#include "portfolio/position_overrides.h"

#include <gtest/gtest.h>

namespace nightdesk::portfolio {
namespace {

TEST(PositionOverrides, OnlySetFieldsReplaceTheGlobalSettings) {
  ManagementSettings global;
  PositionOverrides o;
  o.exits.stop_loss = Percent::points(-150);
  o.roll.target_dte = 45;
  o.roll.max_target_dte = 90;
  ManagementSettings mine = o.applied_to(global);
  EXPECT_EQ(mine.exits.stop_loss.stop, Percent::points(-150));
  EXPECT_TRUE(mine.exits.stop_loss.enabled);
  EXPECT_EQ(mine.exits.ladder, global.exits.ladder);
  EXPECT_EQ(mine.roll.target_dte, 45);
  EXPECT_EQ(mine.roll.max_target_dte, 90);
  EXPECT_EQ(mine.roll.min_dte_for_roll, global.roll.min_dte_for_roll);
  EXPECT_EQ(mine.roll.require_credit, global.roll.require_credit);
}

TEST(PositionOverrides, MergeKeepsEarlierFieldsAndLaterOnesWin) {
  PositionOverrides first;
  first.roll.target_dte = 45;
  first.exits.trailing_enabled = true;
  PositionOverrides later;
  later.roll.target_dte = 35;
  later.roll.require_credit = false;
  first.merge(later);
  EXPECT_EQ(first.roll.target_dte, 35);
  EXPECT_EQ(first.roll.require_credit, false);
  EXPECT_EQ(first.exits.trailing_enabled, true);
  EXPECT_FALSE(first.empty());
  EXPECT_TRUE(PositionOverrides{}.empty());
}

TEST(PositionOverrides, DescribeNamesEachSetKeyWithItsValue) {
  PositionOverrides o;
  o.exits.ladder = ProfitLadder{{{Percent::points(50), Percent::points(100)}}};
  o.roll.strike_strategy = StrikeStrategy::atm_adjust;
  EXPECT_EQ(o.describe(), "ladder_levels=[+50%:+100%], strike_strategy=atm_adjust");
  EXPECT_EQ(PositionOverrides{}.describe(), "");
}

TEST(PositionOverrides, PositiveStop_RefusedNamingStopLossPct) {
  PositionOverrides o;
  o.exits.stop_loss = Percent::points(10);
  auto s = validate_position_settings(o.applied_to(ManagementSettings{}));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "stop_loss_pct");
}

TEST(PositionOverrides, TargetDteOutsideWindow_RefusedNamingTargetDte) {
  PositionOverrides o;
  o.roll.target_dte = 500;
  auto s = validate_position_settings(o.applied_to(ManagementSettings{}));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "target_dte");
}

TEST(PositionOverrides, LadderLevelTakingNothing_RefusedNamingTheLevel) {
  PositionOverrides o;
  o.exits.ladder = ProfitLadder{{{Percent::points(50), Percent::points(30)}, {Percent::points(100), Percent()}}};
  auto s = validate_position_settings(o.applied_to(ManagementSettings{}));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "ladder_levels[1]");
}

TEST(PositionOverrides, ZeroTrail_RefusedNamingTrailingStopPct) {
  PositionOverrides o;
  o.exits.trailing_enabled = true;
  o.exits.trailing = Percent();
  auto s = validate_position_settings(o.applied_to(ManagementSettings{}));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "trailing_stop_pct");
}

}  // namespace
}  // namespace nightdesk::portfolio
