#include "overnight/run_health_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace nightdesk::overnight {
namespace {

using ::testing::HasSubstr;

OvernightConfig config() {
  OvernightConfig c;
  c.budget.max_cost_usd = 10;
  c.budget.warning_threshold_pct = 80;
  c.budget.critical_threshold_pct = 95;
  return c;
}

RunnerFacts healthy(const RunState& s) {
  RunnerFacts f;
  f.lock_held = true;
  f.state = &s;
  f.agent_path = "/usr/bin/claude";
  return f;
}

std::string check_status(const nlohmann::json& doc, const std::string& name) {
  return doc["checks"][name][0]["status"].get<std::string>();
}

TEST(RunHealthReport, RunningRunWithEverythingInPlace_IsReadyAndPasses) {
  RunState s;
  s.run_id = "r";
  s.status = RunStatus::running;
  const auto f = healthy(s);
  EXPECT_TRUE(readiness_problems(f).empty());
  auto doc = health_document(runner_health_checks(f, config()), f);
  EXPECT_EQ(doc["status"], "pass");
  EXPECT_EQ(doc["serviceId"], "r");
  EXPECT_EQ(check_status(doc, "runner:lock"), "pass");
  EXPECT_EQ(check_status(doc, "agent:command"), "pass");
  EXPECT_EQ(doc["checks"]["cost:budget"][0]["observedUnit"], "USD");
}

TEST(RunHealthReport, Paused_IsNotReadyAndWarns) {
  RunState s;
  s.status = RunStatus::paused;
  s.end_reason = "10 failures";
  const auto f = healthy(s);
  auto problems = readiness_problems(f);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("paused"));
  EXPECT_EQ(health_document(runner_health_checks(f, config()), f)["status"], "warn");
}

TEST(RunHealthReport, MissingAgentLockAndState_AreEachNamedAndFail) {
  RunnerFacts f;
  f.agent_error = "claude: not found on PATH";
  auto problems = readiness_problems(f);
  EXPECT_EQ(problems.size(), 3u);
  auto doc = health_document(runner_health_checks(f, config()), f);
  EXPECT_EQ(doc["status"], "fail");
  EXPECT_EQ(check_status(doc, "state:loaded"), "fail");
  EXPECT_THAT(doc["checks"]["agent:command"][0]["output"].get<std::string>(), HasSubstr("not found"));
}

TEST(RunHealthReport, CostThresholds_WarnThenFail) {
  RunState s;
  s.status = RunStatus::running;
  s.cost_usd = 8.5;
  auto f = healthy(s);
  EXPECT_EQ(check_status(health_document(runner_health_checks(f, config()), f), "cost:budget"), "warn");
  s.cost_usd = 9.6;
  EXPECT_EQ(health_document(runner_health_checks(f, config()), f)["status"], "fail");
}

TEST(RunHealthReport, FailedRun_Fails) {
  RunState s;
  s.status = RunStatus::failed;
  auto f = healthy(s);
  EXPECT_EQ(health_document(runner_health_checks(f, config()), f)["status"], "fail");
}

}  // namespace
}  // namespace nightdesk::overnight
