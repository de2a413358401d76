// AcceleratedClock: runs `speed` times faster than the wall clock from its start; jumps only forward.
#include "common/accelerated_clock.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

namespace nightdesk {
namespace {

using namespace std::chrono_literals;

const Timestamp kStart = from_unix_nanos(1'735'828'200'000'000'000);  // 2025-01-02T14:30Z

TEST(AcceleratedClock, SixtyTimes_FiftyMillisecondsOfWallTimeAreSecondsOfEngineTime) {
  auto clock = AcceleratedClock::create(kStart, 60);
  ASSERT_TRUE(clock);
  EXPECT_GE((*clock)->now(), kStart);
  std::this_thread::sleep_for(50ms);
  const auto moved = (*clock)->now() - kStart;
  EXPECT_GE(moved, 3s) << "50 ms at 60x is at least 3 s";
  EXPECT_LT(moved, 60s);
}

TEST(AcceleratedClock, JumpForward_MovesAtOnce_AndABackwardJumpIsIgnored) {
  auto clock = AcceleratedClock::create(kStart, 1);
  ASSERT_TRUE(clock);
  EXPECT_GE((*clock)->jump_to(kStart + 17h), 16h);
  EXPECT_GE((*clock)->now(), kStart + 17h);
  EXPECT_EQ((*clock)->jump_to(kStart), Nanoseconds{0});
  EXPECT_GE((*clock)->now(), kStart + 17h);
}

TEST(AcceleratedClock, SpeedBelowOneOrNotANumber_IsRefused) {
  EXPECT_FALSE(AcceleratedClock::create(kStart, 0.5));
  EXPECT_FALSE(AcceleratedClock::create(kStart, std::nan("")));
  auto bad = AcceleratedClock::create(kStart, -2);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "speed");
}

}  // namespace
}  // namespace nightdesk
