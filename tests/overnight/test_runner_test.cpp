#include "overnight/test_runner.h"

#include <gtest/gtest.h>

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;

TestCommand command(const std::string& line) {
  TestCommand c;
  c.command = line;
  return c;
}

TestRun run_with(bool passed, std::optional<TestCounts> counts, bool timed_out = false) {
  TestRun r;
  r.passed = passed;
  r.counts = counts;
  r.timed_out = timed_out;
  return r;
}

TEST(ParseTestCounts, CtestSummary) {
  auto c = parse_test_counts("Test project /x\n...\n75% tests passed, 3 tests failed out of 12\n\nTotal Test time (real) = 1.2 sec\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, (TestCounts{9, 3, 12}));
}

TEST(ParseTestCounts, CtestAllPassed) {
  auto c = parse_test_counts("100% tests passed, 0 tests failed out of 1\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, (TestCounts{1, 0, 1}));
}

TEST(ParseTestCounts, PytestSummaryWithErrorsAndSkips) {
  auto c = parse_test_counts("==== 2 failed, 10 passed, 1 skipped, 1 error, 3 warnings in 1.23s ====\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, (TestCounts{10, 3, 14}));
}

TEST(ParseTestCounts, PytestQuietSummary) {
  auto c = parse_test_counts("....\n4 passed in 0.05s\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, (TestCounts{4, 0, 4}));
}

TEST(ParseTestCounts, GoogleTestSummary) {
  auto c = parse_test_counts("[==========] 12 tests ran.\n[  PASSED  ] 9 tests.\n[  FAILED  ] 3 tests, listed below:\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, (TestCounts{9, 3, 12}));
}

TEST(ParseTestCounts, UnknownOutputHasNoCounts) {
  EXPECT_FALSE(parse_test_counts("make: *** [all] Error 2\n"));
  EXPECT_FALSE(parse_test_counts(""));
}

TEST(ParseTestCounts, LastSummaryWins) {
  auto c = parse_test_counts("50% tests passed, 1 tests failed out of 2\n100% tests passed, 0 tests failed out of 2\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->failed, 0);
}

TEST(RunTests, PassingCommandWithSummary) {
  auto r = run_tests(command("echo '100% tests passed, 0 tests failed out of 5'"));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->passed);
  EXPECT_EQ(r->counts, (TestCounts{5, 0, 5}));
  EXPECT_EQ(r->summary(), "passed (5/5)");
}

TEST(RunTests, FailingCommandWithoutSummaryFallsBackToTheExitCode) {
  auto r = run_tests(command("echo compiling; exit 2"));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->passed);
  EXPECT_EQ(r->exit_code, 2);
  EXPECT_FALSE(r->counts);
  EXPECT_EQ(r->summary(), "failed: exit code 2");
  EXPECT_NE(r->output_tail.find("compiling"), std::string::npos);
}

TEST(RunTests, HangingSuiteTimesOut) {
  auto c = command("sleep 10");
  c.timeout = 100ms;
  auto r = run_tests(c);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->timed_out);
  EXPECT_FALSE(r->passed);
  EXPECT_LT(r->elapsed, 5s);
}

TEST(GotWorse, GreenToRedIsWorse) { EXPECT_TRUE(got_worse(run_with(false, std::nullopt), run_with(true, std::nullopt))); }

TEST(GotWorse, StillGreenIsNotWorse) { EXPECT_FALSE(got_worse(run_with(true, std::nullopt), run_with(true, std::nullopt))); }

TEST(GotWorse, MoreFailuresIsWorse) {
  EXPECT_TRUE(got_worse(run_with(false, TestCounts{8, 4, 12}), run_with(false, TestCounts{9, 3, 12})));
}

TEST(GotWorse, FewerFailuresIsNotWorse) {
  EXPECT_FALSE(got_worse(run_with(false, TestCounts{10, 2, 12}), run_with(false, TestCounts{9, 3, 12})));
}

TEST(GotWorse, FewerPassingIsWorseEvenWithEqualFailures) {
  EXPECT_TRUE(got_worse(run_with(false, TestCounts{5, 3, 8}), run_with(false, TestCounts{9, 3, 12})));
}

TEST(GotWorse, NewTimeoutIsWorse) {
  EXPECT_TRUE(got_worse(run_with(false, std::nullopt, true), run_with(false, std::nullopt)));
}

TEST(GotWorse, RedWithoutCountsOnBothSidesIsNotProvenWorse) {
  EXPECT_FALSE(got_worse(run_with(false, std::nullopt), run_with(false, std::nullopt)));
}

}  // namespace
}  // namespace nightdesk::overnight
