#include "overnight/activity_tracker.h"

#include <gtest/gtest.h>

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;

const Timestamp kStart = from_unix_nanos(1'700'000'000'000'000'000);

ActivityLimits limits(std::chrono::milliseconds idle, std::chrono::milliseconds stall) {
  ActivityLimits l;
  l.idle_limit = idle;
  l.stall_limit = stall;
  return l;
}

TEST(ActivityTracker, FreshSessionIsActive) {
  ActivityTracker tracker(ActivityLimits{}, kStart);
  EXPECT_EQ(tracker.check(kStart + 1min).state, ActivityState::active);
}

TEST(ActivityTracker, NoOutputNorRepoChangeForTheStallLimitIsStalled) {
  ActivityTracker tracker(ActivityLimits{}, kStart);
  auto v = tracker.check(kStart + 10min);
  EXPECT_EQ(v.state, ActivityState::stalled);
  EXPECT_EQ(v.limit, 10min);
  EXPECT_NE(v.reason.find("10m00s of 10m00s"), std::string::npos) << v.reason;
}

TEST(ActivityTracker, OutputKeepsTheSessionAlive) {
  ActivityTracker tracker(ActivityLimits{}, kStart);
  tracker.on_output(kStart + 9min);
  EXPECT_NE(tracker.check(kStart + 12min).state, ActivityState::stalled);
  EXPECT_EQ(tracker.last_output(), kStart + 9min);
}

TEST(ActivityTracker, RepositoryChangeKeepsTheSessionAlive) {
  ActivityTracker tracker(ActivityLimits{}, kStart);
  tracker.on_repository(RepoFingerprint{"abc", 1}, kStart);
  EXPECT_TRUE(tracker.on_repository(RepoFingerprint{"abc", 2}, kStart + 8min));
  EXPECT_EQ(tracker.check(kStart + 12min).state, ActivityState::active);
}

TEST(ActivityTracker, SameFingerprintIsNotActivity) {
  ActivityTracker tracker(ActivityLimits{}, kStart);
  tracker.on_repository(RepoFingerprint{"abc", 1}, kStart);
  EXPECT_FALSE(tracker.on_repository(RepoFingerprint{"abc", 1}, kStart + 8min));
  EXPECT_EQ(tracker.check(kStart + 10min).state, ActivityState::stalled);
}

TEST(ActivityTracker, FirstFingerprintIsOnlyTheBaseline) {
  ActivityTracker tracker(ActivityLimits{}, kStart);
  EXPECT_FALSE(tracker.on_progress_file(FileFingerprint{true, 1, 10, 99}, kStart + 5min));
  EXPECT_EQ(tracker.last_progress_change(), kStart);
}

TEST(ActivityTracker, ProgressFileChangeCountsForIdleButNotForStall) {
  ActivityTracker tracker(limits(30min, 10min), kStart);
  tracker.on_progress_file(FileFingerprint{true, 1, 10, 99}, kStart);
  tracker.on_progress_file(FileFingerprint{true, 2, 11, 98}, kStart + 9min);
  EXPECT_EQ(tracker.check(kStart + 10min).state, ActivityState::stalled);
}

TEST(ActivityTracker, IdleLimitAppliesWhenStallIsOff) {
  ActivityTracker tracker(limits(30min, 0ms), kStart);
  EXPECT_EQ(tracker.check(kStart + 20min).state, ActivityState::active);
  EXPECT_EQ(tracker.check(kStart + 30min).state, ActivityState::idle);
}

TEST(ActivityTracker, WarnsOnceAtTheWarningPercentage) {
  ActivityTracker tracker(limits(30min, 0ms), kStart);
  EXPECT_EQ(tracker.check(kStart + 20min).state, ActivityState::active);
  auto first = tracker.check(kStart + 21min);
  EXPECT_EQ(first.state, ActivityState::idle_warning);
  EXPECT_TRUE(first.warn_now);
  auto again = tracker.check(kStart + 25min);
  EXPECT_EQ(again.state, ActivityState::idle_warning);
  EXPECT_FALSE(again.warn_now) << "one notification per quiet spell";
}

TEST(ActivityTracker, NewQuietSpellWarnsAgain) {
  ActivityTracker tracker(limits(30min, 0ms), kStart);
  EXPECT_TRUE(tracker.check(kStart + 22min).warn_now);
  tracker.on_output(kStart + 23min);
  EXPECT_EQ(tracker.check(kStart + 24min).state, ActivityState::active);
  EXPECT_TRUE(tracker.check(kStart + 23min + 22min).warn_now);
}

TEST(ActivityTracker, WarningFollowsTheNearerLimit) {
  ActivityTracker tracker(limits(30min, 10min), kStart);
  auto v = tracker.check(kStart + 7min);
  EXPECT_EQ(v.state, ActivityState::idle_warning);
  EXPECT_EQ(v.limit, 10min);
}

TEST(ActivityTracker, BothLimitsOffNeverStops) {
  ActivityTracker tracker(limits(0ms, 0ms), kStart);
  EXPECT_EQ(tracker.check(kStart + 48h).state, ActivityState::active);
}

TEST(ActivityTracker, OutOfOrderTimesNeverMoveActivityBack) {
  ActivityTracker tracker(ActivityLimits{}, kStart);
  tracker.on_output(kStart + 5min);
  tracker.on_output(kStart + 1min);
  EXPECT_EQ(tracker.last_output(), kStart + 5min);
}

TEST(ActivityTracker, RunnersOwnCommitIsANewBaselineNotActivity) {
  const Timestamp start = RealClock().now();
  ActivityTracker tracker(ActivityLimits{std::chrono::minutes(30), std::chrono::seconds(10), 70}, start);
  tracker.on_repository(RepoFingerprint{"aaa", 1}, start);
  tracker.set_repository_baseline(RepoFingerprint{"bbb", 0});
  EXPECT_FALSE(tracker.on_repository(RepoFingerprint{"bbb", 0}, start + std::chrono::seconds(5)));
  EXPECT_EQ(tracker.check(start + std::chrono::seconds(11)).state, ActivityState::stalled);
}

}  // namespace
}  // namespace nightdesk::overnight
