#include "common/request_rate_window.h"

#include <gtest/gtest.h>

namespace nightdesk {
namespace {

using namespace std::chrono_literals;
using Time = RequestRateWindow::Time;

TEST(RequestRateWindow, DiscordFivePerTwoSeconds_SixthWaitsForTheFirstToLeave) {
  RequestRateWindow w(5, 2000ms);
  const Time t0{};
  for (int i = 0; i < 5; ++i) {
    const Time at = t0 + i * 100ms;
    EXPECT_EQ(w.next_allowed(at), at) << i;
    w.record(at);
  }
  EXPECT_EQ(w.next_allowed(t0 + 500ms), t0 + 2000ms);
  EXPECT_EQ(w.next_allowed(t0 + 2500ms), t0 + 2500ms);
}

TEST(RequestRateWindow, SlackOnePerSecond_SecondWaitsOneSecond) {
  RequestRateWindow w(1, 1000ms);
  const Time t0{};
  w.record(t0);
  EXPECT_EQ(w.next_allowed(t0 + 10ms), t0 + 1000ms);
}

TEST(RequestRateWindow, ServerHold_DelaysEvenWithRoomInTheWindow) {
  RequestRateWindow w(5, 2000ms);
  const Time t0{};
  w.hold_until(t0 + 3s);
  EXPECT_EQ(w.next_allowed(t0), t0 + 3s);
}

TEST(RequestRateWindow, EarlierHold_NeverShortensALaterOne) {
  RequestRateWindow w(5, 2000ms);
  const Time t0{};
  w.hold_until(t0 + 3s);
  w.hold_until(t0 + 1s);
  EXPECT_EQ(w.next_allowed(t0), t0 + 3s);
}

TEST(RequestRateWindow, NoLimit_OnlyHoldsApply) {
  RequestRateWindow w(0, 1000ms);
  const Time t0{};
  for (int i = 0; i < 100; ++i) w.record(t0);
  EXPECT_EQ(w.next_allowed(t0), t0);
}

}  // namespace
}  // namespace nightdesk
