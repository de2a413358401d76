#include "overnight/run_status_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "overnight/feature_registry.h"

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

const Timestamp kStart = Timestamp{1'700'000'000s};

OvernightConfig config() {
  OvernightConfig c;
  c.paths.workdir = "/srv/repo";
  c.session.max_runtime = std::chrono::hours(10);
  c.session.max_continuation_attempts = 20;
  c.budget.max_cost_usd = 50;
  c.budget.warning_threshold_pct = 80;
  c.budget.critical_threshold_pct = 95;
  c.recovery.max_restarts = 5;
  return c;
}

RunState state() {
  RunState s;
  s.run_id = "r1";
  s.status = RunStatus::running;
  s.started_at = kStart;
  s.updated_at = kStart + 1h;
  s.session = 3;
  s.current_task = "second";
  s.total_restarts = 1;
  s.restarts.push_back({kStart + 30min, 2, "crashed: exit code 3"});
  s.cost_usd = 1.5;
  s.checkpoint_count = 2;
  s.last_checkpoint = CheckpointRecord{2, "overnight/r1/2", "abc", kStart + 40min};
  s.agent_calls = {kStart, kStart + 30min, kStart + 50min};
  return s;
}

TEST(RunStatusReport, Document_HasEveryB8Section) {
  auto progress = parse_progress("## A (P0)\n- [x] first\n- [ ] second\n## B (P1)\n- [ ] third\n");
  StatusFacts f{kStart + 1h, 4242, &progress};
  auto j = build_run_status(state(), config(), f);
  EXPECT_EQ(j["run"]["id"], "r1");
  EXPECT_EQ(j["run"]["status"], "running");
  EXPECT_EQ(j["run"]["repository"], "/srv/repo");
  EXPECT_DOUBLE_EQ(j["run"]["runtime_s"].get<double>(), 3600);
  EXPECT_EQ(j["run"]["runner"]["pid"], 4242);
  EXPECT_EQ(j["session"]["number"], 3);
  EXPECT_EQ(j["progress"]["by_priority"]["P0"]["done"], 1);
  EXPECT_EQ(j["progress"]["by_priority"]["P0"]["total"], 2);
  EXPECT_EQ(j["progress"]["by_priority"]["P1"]["total"], 1);
  EXPECT_EQ(j["progress"]["next_task"]["text"], "second");
  EXPECT_EQ(j["restarts"]["total"], 1);
  EXPECT_EQ(j["restarts"]["recent"][0]["reason"], "crashed: exit code 3");
  EXPECT_EQ(j["limits"]["cost_usd"]["used"], 1.5);
  EXPECT_EQ(j["limits"]["cost_usd"]["limit"], 50);
  EXPECT_EQ(j["limits"]["cost_usd"]["warning_at"], 40);
  EXPECT_TRUE(j["limits"]["sessions"]["limit"].is_null());     // 0: no limit
  EXPECT_EQ(j["limits"]["agent_calls_last_hour"]["used"], 2);  // the call at the start is an hour old
  EXPECT_EQ(j["limits"]["runtime_s"]["limit"], 36000);
  EXPECT_EQ(j["last_checkpoint"]["tag"], "overnight/r1/2");
  EXPECT_TRUE(j["rate_limit_wait"].is_null());
  EXPECT_THAT(j["next_action"].get<std::string>(), HasSubstr("supervise session 3: second"));
}

TEST(RunStatusReport, WithoutTheProgressFile_UsesTheStateSummary) {
  RunState s = state();
  s.progress.total = 4;
  s.progress.done = 1;
  s.progress.completion_pct_by_priority["P0"] = 25;
  auto j = build_run_status(s, config(), {kStart + 1h, 1, nullptr});
  EXPECT_EQ(j["progress"]["source"], "state");
  EXPECT_EQ(j["progress"]["by_priority"]["P0"]["completion_pct"], 25);
}

TEST(RunStatusReport, NextAction_CoversWaitsPausesAndEnds) {
  RunState s = state();
  StatusFacts f{kStart + 1h, 1, nullptr};
  s.rate_limit_until = kStart + 2h;
  EXPECT_THAT(next_action(s, f), HasSubstr("wait for the usage limit until"));
  s.rate_limit_until.reset();
  s.status = RunStatus::waiting;
  s.restart_at = kStart + 1h + 30s;
  EXPECT_THAT(next_action(s, f), HasSubstr("start session 4 at"));
  EXPECT_THAT(next_action(s, f), HasSubstr("30s"));
  s.status = RunStatus::paused;
  s.end_reason = "10 failures in 30 minutes";
  EXPECT_THAT(next_action(s, f), HasSubstr("a person must look: 10 failures"));
  s.status = RunStatus::completed;
  s.end_reason = "all required priorities at 100%";
  EXPECT_THAT(next_action(s, f), HasSubstr("none: the run completed"));
  s.status = RunStatus::running;
  f.runner_pid.reset();
  EXPECT_THAT(next_action(s, f), HasSubstr("no runner is active"));
}

TEST(RunStatusReport, Text_ShowsTheSameFacts) {
  auto progress = parse_progress("## A (P0)\n- [x] first\n- [ ] second\n");
  RunState s = state();
  s.rate_limit_until = kStart + 2h;
  auto text = format_run_status(build_run_status(s, config(), {kStart + 1h, 99, &progress}));
  EXPECT_THAT(text, HasSubstr("run r1: running\n"));
  EXPECT_THAT(text, HasSubstr("runner pid 99 is active"));
  EXPECT_THAT(text, HasSubstr("progress 1 of 2 tasks (50%)  P0 1/2"));
  EXPECT_THAT(text, HasSubstr("next task: second (line 3)"));
  EXPECT_THAT(text, HasSubstr("cost $1.50/$50.00"));
  EXPECT_THAT(text, HasSubstr("last checkpoint #2 overnight/r1/2"));
  EXPECT_THAT(text, HasSubstr("waiting for a usage limit until"));
  EXPECT_THAT(text, HasSubstr("next action: wait for the usage limit"));
}

// two_phase: the registry's features (runner-verified) are the progress; the restart backoff is in the state.
TEST(RunStatusReport, TwoPhaseFeaturesAndPendingBackoff_AreInTheDocumentAndTheText) {
  RunState s = state();
  s.status = RunStatus::waiting;
  s.registry = RegistryRecord{};
  s.registry->accepted = encode_feature_registry(
      {Feature{"F1", "functional", "parse", TaskPriority::p0, {"s"}, "true", true},
       Feature{"F2", "functional", "price", TaskPriority::p0, {"s"}, "false", false},
       Feature{"F3", "ui", "polish", TaskPriority::p3, {"s"}, "true", false}});
  s.restart_at = kStart + 1h + 8s;
  s.last_backoff_s = 8;
  s.backoff_total_s = 12;
  auto j = build_run_status(s, config(), {kStart + 1h, 7, nullptr});
  EXPECT_EQ(j["features"]["total"], 3);
  EXPECT_EQ(j["features"]["passing"], 1);
  EXPECT_EQ(j["features"]["required"], 2);  // P3 is never required
  EXPECT_EQ(j["features"]["required_passing"], 1);
  EXPECT_EQ(j["features"]["by_priority"]["P0"]["passing"], 1);
  EXPECT_EQ(j["features"]["next_feature"]["id"], "F2");
  EXPECT_EQ(j["restarts"]["backoff"]["last_delay_s"], 8);
  EXPECT_EQ(j["restarts"]["backoff"]["total_s"], 12);
  EXPECT_EQ(j["restarts"]["backoff"]["remaining_s"], 8);
  const std::string text = format_run_status(j);
  EXPECT_THAT(text, HasSubstr("features 1 of 3 passing (required 1/2)  P0 1/2  P3 0/1\n"));
  EXPECT_THAT(text, HasSubstr("next feature: F2 price\n"));
  EXPECT_THAT(text, HasSubstr("restart backoff until"));
  EXPECT_THAT(text, Not(HasSubstr("progress 0 of 0 tasks")));
  EXPECT_THAT(j["next_action"].get<std::string>(), HasSubstr("start session 4 at"));
}

TEST(RunStatusReport, ProgressFileMode_HasNoFeaturesAndAFinishedRunNoCurrentTask) {
  RunState s = state();
  s.status = RunStatus::completed;
  auto j = build_run_status(s, config(), {kStart + 1h, std::nullopt, nullptr});
  EXPECT_TRUE(j["features"].is_null());
  EXPECT_TRUE(j["restarts"]["backoff"]["until"].is_null());
  EXPECT_THAT(format_run_status(j), Not(HasSubstr("current task:")));
}

}  // namespace
}  // namespace nightdesk::overnight
