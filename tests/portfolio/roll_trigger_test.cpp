#include "portfolio/roll_trigger.h"

#include <gtest/gtest.h>

#include "test_positions.h"

namespace nightdesk::portfolio {
namespace {

using namespace testing;

TEST(RollTrigger, NearestLegAtSevenDteTriggersAndAtEightDoesNot) {
  Position p = put_credit_spread(1, "2.00", "0.50");  // expiry 2025-01-17
  EXPECT_EQ(nearest_leg_dte(p, day("2025-01-10")), 7);
  auto trigger = roll_trigger(p, day("2025-01-10"), RollSettings{}, {});
  ASSERT_TRUE(trigger);
  EXPECT_EQ(trigger->reason, RollReason::expiry_near);
  EXPECT_FALSE(roll_trigger(p, day("2025-01-09"), RollSettings{}, {}));
}

TEST(RollTrigger, ShortLegDeltaBreachTriggersOnlyWhenEnabled) {
  Position p = put_credit_spread(1, "2.00", "0.50");
  std::vector<LegDelta> deltas = {{put("2025-01-17", "440"), -0.52}, {put("2025-01-17", "430"), -0.20}};
  EXPECT_FALSE(roll_trigger(p, day("2025-01-02"), RollSettings{}, deltas));
  RollSettings s;
  s.roll_on_delta_breach = true;
  auto trigger = roll_trigger(p, day("2025-01-02"), s, deltas);
  ASSERT_TRUE(trigger);
  EXPECT_EQ(trigger->reason, RollReason::delta_breach);
  deltas[0].delta = -0.49;
  deltas[1].delta = -0.90;  // a long leg's delta never breaches
  EXPECT_FALSE(roll_trigger(p, day("2025-01-02"), s, deltas));
}

TEST(RollTrigger, ProfitTargetTriggersWhenEnabled) {
  Position p = put_credit_spread(1, "2.00", "0.50");  // credit 150
  mark_spread(p, "0.80", "0.05");                    // worth -75: +50%
  RollSettings s;
  s.roll_on_profit_target = true;
  auto trigger = roll_trigger(p, day("2025-01-02"), s, {});
  ASSERT_TRUE(trigger);
  EXPECT_EQ(trigger->reason, RollReason::profit_target);
  mark_spread(p, "0.81", "0.05");
  EXPECT_FALSE(roll_trigger(p, day("2025-01-02"), s, {}));
}

TEST(RollTrigger, ManualAndDisabledNeverTrigger) {
  Position manual = put_credit_spread(1, "2.00", "0.50", PositionSource::manual);
  EXPECT_FALSE(roll_trigger(manual, day("2025-01-16"), RollSettings{}, {}));
  RollSettings off;
  off.enabled = false;
  EXPECT_FALSE(roll_trigger(put_credit_spread(1, "2.00", "0.50"), day("2025-01-16"), off, {}));
}

}  // namespace
}  // namespace nightdesk::portfolio
