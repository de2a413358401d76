#include "overnight/restart_policy.h"

#include <gtest/gtest.h>

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

const Timestamp kStart = from_unix_nanos(1'700'000'000'000'000'000);

RestartPolicyConfig no_jitter() {
  RestartPolicyConfig config;
  config.backoff_jitter_pct = 0;
  return config;
}

// A failed session that ran `length` and ended at `end`.
SessionEnd crash_at(Timestamp end, Nanoseconds length = 5s, bool progress = false) {
  return SessionEnd{end - length, end, true, progress};
}

TEST(RestartPolicy, BackoffDoublesFromTheBase) {
  RestartPolicy policy(no_jitter(), 1);
  EXPECT_EQ(policy.backoff(1), 30s);
  EXPECT_EQ(policy.backoff(2), 60s);
  EXPECT_EQ(policy.backoff(3), 120s);
  EXPECT_EQ(policy.backoff(5), 480s);
}

TEST(RestartPolicy, BackoffIsCappedAtTheMaximum) {
  RestartPolicy policy(no_jitter(), 1);
  EXPECT_EQ(policy.backoff(6), 600s);
  EXPECT_EQ(policy.backoff(1000), 600s) << "a long streak must not overflow";
}

TEST(RestartPolicy, JitterStaysWithinThePercentageAndVaries) {
  RestartPolicy policy(RestartPolicyConfig{}, 42);
  milliseconds low = 1h, high = 0ms;
  for (int i = 0; i < 1000; ++i) {
    auto d = policy.backoff(1);
    EXPECT_GE(d, 24s);
    EXPECT_LE(d, 36s);
    low = std::min(low, d);
    high = std::max(high, d);
  }
  EXPECT_LT(low, 25s);
  EXPECT_GT(high, 35s);
}

TEST(RestartPolicy, JitterIsAppliedAfterTheCap) {
  RestartPolicy policy(RestartPolicyConfig{}, 7);
  for (int i = 0; i < 100; ++i) EXPECT_LE(policy.backoff(20), 720s);
}

TEST(RestartPolicy, SameSeedGivesTheSameDelays) {
  RestartPolicy a(RestartPolicyConfig{}, 99), b(RestartPolicyConfig{}, 99);
  for (int i = 1; i < 6; ++i) EXPECT_EQ(a.backoff(i), b.backoff(i));
}

TEST(RestartPolicy, GivesUpAfterMaxRestartsConsecutiveFailures) {
  RestartPolicy policy(no_jitter(), 1);
  Timestamp t = kStart;
  for (int i = 1; i <= 5; ++i) {
    t += 10min;  // slow enough never to trip the pause
    auto d = policy.decide(crash_at(t));
    ASSERT_EQ(d.action, RestartAction::restart) << "failure " << i;
    EXPECT_EQ(d.consecutive_failures, i);
  }
  auto last = policy.decide(crash_at(t + 10min));
  EXPECT_EQ(last.action, RestartAction::give_up);
  EXPECT_NE(last.reason.find("max_restarts 5"), std::string::npos) << last.reason;
}

TEST(RestartPolicy, SessionThatMadeProgressResetsTheCount) {
  RestartPolicy policy(no_jitter(), 1);
  Timestamp t = kStart;
  for (int i = 0; i < 4; ++i) policy.decide(crash_at(t += 10min));
  auto d = policy.decide(crash_at(t += 10min, 5s, /*progress=*/true));
  EXPECT_EQ(d.action, RestartAction::restart);
  EXPECT_EQ(d.consecutive_failures, 1);
  EXPECT_EQ(d.delay, 30s) << "back to the base backoff";
}

TEST(RestartPolicy, StableSessionResetsTheBackoff) {
  RestartPolicy policy(no_jitter(), 1);
  Timestamp t = kStart;
  for (int i = 0; i < 3; ++i) policy.decide(crash_at(t += 10min));
  auto d = policy.decide(crash_at(t += 10min, 120s));
  EXPECT_EQ(d.consecutive_failures, 1);
  EXPECT_EQ(d.delay, 30s);
}

TEST(RestartPolicy, SessionJustUnderTheStableLengthDoesNotReset) {
  RestartPolicy policy(no_jitter(), 1);
  Timestamp t = kStart;
  policy.decide(crash_at(t += 10min));
  auto d = policy.decide(crash_at(t += 10min, 119s));
  EXPECT_EQ(d.consecutive_failures, 2);
  EXPECT_EQ(d.delay, 60s);
}

TEST(RestartPolicy, SuccessfulSessionProceedsAndResets) {
  RestartPolicy policy(no_jitter(), 1);
  policy.decide(crash_at(kStart + 1min));
  auto d = policy.decide(SessionEnd{kStart + 1min, kStart + 2min, false, false});
  EXPECT_EQ(d.action, RestartAction::proceed);
  EXPECT_EQ(d.delay, 0ms);
  EXPECT_EQ(policy.state().consecutive_failures, 0);
}

TEST(RestartPolicy, TenFailuresInThirtyMinutesPause) {
  RestartPolicyConfig config = no_jitter();
  config.max_restarts = 100;
  RestartPolicy policy(config, 1);
  Timestamp t = kStart;
  for (int i = 1; i <= 9; ++i) {
    ASSERT_EQ(policy.decide(crash_at(t += 2min, 5s, true)).action, RestartAction::restart) << i;
  }
  auto d = policy.decide(crash_at(t += 2min, 5s, true));
  EXPECT_EQ(d.action, RestartAction::pause) << "productive but crashing every 2 minutes still pauses";
  EXPECT_NE(d.reason.find("10 failed sessions within 30 minutes"), std::string::npos) << d.reason;
}

TEST(RestartPolicy, FailuresOlderThanTheWindowDoNotCountTowardsPause) {
  RestartPolicyConfig config = no_jitter();
  config.max_restarts = 100;
  RestartPolicy policy(config, 1);
  Timestamp t = kStart;
  for (int i = 0; i < 9; ++i) policy.decide(crash_at(t += 1min, 5s, true));
  auto d = policy.decide(crash_at(kStart + 31min, 5s, true));
  EXPECT_EQ(d.action, RestartAction::restart);
  EXPECT_EQ(policy.state().recent_failures.size(), 9u);
}

TEST(RestartPolicy, StateSurvivesARunnerRestart) {
  RestartPolicy first(no_jitter(), 1);
  first.decide(crash_at(kStart + 1min));
  first.decide(crash_at(kStart + 2min));
  RestartPolicy second(no_jitter(), 1, first.state());
  auto d = second.decide(crash_at(kStart + 3min));
  EXPECT_EQ(d.consecutive_failures, 3);
  EXPECT_EQ(d.delay, 120s);
}

TEST(RestartPolicy, ResetAfterPauseStartsFresh) {
  RestartPolicy policy(no_jitter(), 1);
  policy.decide(crash_at(kStart + 1min));
  policy.reset();
  EXPECT_EQ(policy.state().consecutive_failures, 0);
  EXPECT_TRUE(policy.state().recent_failures.empty());
}

TEST(RestartPolicy, NegativeJitterConfigIsTreatedAsNone) {
  RestartPolicyConfig config;
  config.backoff_jitter_pct = -5;
  RestartPolicy policy(config, 3);
  EXPECT_EQ(policy.backoff(1), 30s);
}

}  // namespace
}  // namespace nightdesk::overnight
