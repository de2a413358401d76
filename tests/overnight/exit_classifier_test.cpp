#include "overnight/exit_classifier.h"

#include <signal.h>

#include <gtest/gtest.h>

namespace nightdesk::overnight {
namespace {

ExitStatus exited(int code) {
  ExitStatus s;
  s.exit_code = code;
  return s;
}

ExitStatus by_signal(int sig, bool from_runner = false) {
  ExitStatus s;
  s.signal = sig;
  s.stopped_by_runner = from_runner;
  return s;
}

SessionEndFacts facts(std::optional<ExitStatus> exit, WatchdogKill kill = WatchdogKill::none) {
  SessionEndFacts f;
  f.exit = exit;
  f.killed_by = kill;
  return f;
}

RateLimitSignal limit() { return RateLimitSignal{std::nullopt, Timestamp{}, true, "rejected"}; }

TEST(ExitClassifier, CleanExitIsFinished) {
  auto c = classify(facts(exited(0)));
  EXPECT_EQ(c.exit_class, ExitClass::finished);
  EXPECT_FALSE(retryable(c.exit_class));
}

TEST(ExitClassifier, NonZeroExitIsARetryableCrash) {
  auto c = classify(facts(exited(1)));
  EXPECT_EQ(c.exit_class, ExitClass::crashed);
  EXPECT_TRUE(retryable(c.exit_class));
  EXPECT_EQ(c.reason, "exit code 1");
}

TEST(ExitClassifier, ForeignSignalIsSignalled) {
  EXPECT_EQ(classify(facts(by_signal(SIGKILL))).exit_class, ExitClass::signalled);
  EXPECT_TRUE(retryable(ExitClass::signalled));
}

TEST(ExitClassifier, StallKillIsStalledNotCrashed) {
  auto c = classify(facts(by_signal(SIGTERM, true), WatchdogKill::stall));
  EXPECT_EQ(c.exit_class, ExitClass::stalled);
  EXPECT_TRUE(retryable(c.exit_class));
  EXPECT_NE(c.reason.find("stall"), std::string::npos);
}

TEST(ExitClassifier, IdleLimitKillIsStalled) {
  EXPECT_EQ(classify(facts(by_signal(SIGTERM, true), WatchdogKill::idle_limit)).exit_class, ExitClass::stalled);
}

TEST(ExitClassifier, RuntimeLimitIsTimedOutAndFinal) {
  auto c = classify(facts(by_signal(SIGTERM, true), WatchdogKill::runtime_limit));
  EXPECT_EQ(c.exit_class, ExitClass::timed_out);
  EXPECT_FALSE(retryable(c.exit_class));
}

TEST(ExitClassifier, CostBudgetIsOverBudgetAndFinal) {
  auto c = classify(facts(by_signal(SIGTERM, true), WatchdogKill::cost_budget));
  EXPECT_EQ(c.exit_class, ExitClass::over_budget);
  EXPECT_FALSE(retryable(c.exit_class));
}

TEST(ExitClassifier, MemoryKillIsACrash) {
  EXPECT_EQ(classify(facts(by_signal(SIGKILL, true), WatchdogKill::memory_critical)).exit_class, ExitClass::crashed);
}

TEST(ExitClassifier, UsageLimitBeatsTheExitCodeAndTheStall) {
  auto f = facts(exited(1));
  f.findings.rate_limit = limit();
  EXPECT_EQ(classify(f).exit_class, ExitClass::rate_limited);
  f.killed_by = WatchdogKill::stall;
  EXPECT_EQ(classify(f).exit_class, ExitClass::rate_limited) << "a limit explains the silence";
  EXPECT_TRUE(retryable(ExitClass::rate_limited));
}

TEST(ExitClassifier, UsageLimitWithCleanExitIsStillRateLimited) {
  auto f = facts(exited(0));
  f.findings.rate_limit = limit();
  EXPECT_EQ(classify(f).exit_class, ExitClass::rate_limited);
}

TEST(ExitClassifier, RunLimitsBeatAUsageLimit) {
  auto f = facts(by_signal(SIGTERM, true), WatchdogKill::cost_budget);
  f.findings.rate_limit = limit();
  EXPECT_EQ(classify(f).exit_class, ExitClass::over_budget);
}

TEST(ExitClassifier, AuthFailureIsNotRetryable) {
  auto f = facts(exited(1));
  f.findings.auth_failure = "Invalid API key";
  auto c = classify(f);
  EXPECT_EQ(c.exit_class, ExitClass::auth_failure);
  EXPECT_FALSE(retryable(c.exit_class));
  EXPECT_NE(c.reason.find("Invalid API key"), std::string::npos);
}

TEST(ExitClassifier, MissingCommandIsNotRetryable) {
  SessionEndFacts f;
  f.command_missing = true;
  auto c = classify(f);
  EXPECT_EQ(c.exit_class, ExitClass::command_missing);
  EXPECT_FALSE(retryable(c.exit_class));
}

TEST(ExitClassifier, InvalidConfigIsNotRetryable) {
  SessionEndFacts f;
  f.invalid_config = true;
  EXPECT_EQ(classify(f).exit_class, ExitClass::invalid_config);
  EXPECT_FALSE(retryable(ExitClass::invalid_config));
}

TEST(ExitClassifier, RunnerStoppingIsSignalled) {
  EXPECT_EQ(classify(facts(by_signal(SIGTERM, true), WatchdogKill::runner_stopping)).exit_class, ExitClass::signalled);
}

TEST(ExitClassifier, SessionThatNeverStartedIsACrash) {
  EXPECT_EQ(classify(facts(std::nullopt)).exit_class, ExitClass::crashed);
}

TEST(ExitClassifier, EveryClassHasAName) {
  for (int i = 0; i <= static_cast<int>(ExitClass::invalid_config); ++i) {
    EXPECT_NE(to_string(static_cast<ExitClass>(i)), "unknown");
  }
}

}  // namespace
}  // namespace nightdesk::overnight
