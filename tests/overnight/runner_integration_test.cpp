// The real `overnight` binary against scripted stand-in agents (shell scripts that work, crash, hang, hit a usage
// limit, edit the progress file and commit) in temporary git repositories; checks exit codes, the state file and
// the session history. Every interval is configured down to milliseconds so each test takes seconds.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/core.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "overnight/overnight_run_fixture.h"

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

using testing::Finished;
using testing::kOneTaskPerSession;
using testing::kTwoTasks;
using testing::OvernightProcess;
using testing::OvernightRun;

TEST_F(OvernightRun, Check_MissingAgentCommand_Fails) {
  write(dir.path() / "overnight.yaml", "agent:\n  command: no-such-agent-xyz\npaths:\n  workdir: repo\n");
  auto r = overnight({"check"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("FAIL agent command"));
}

TEST_F(OvernightRun, Check_BadConfig_NamesKeyAndLineAndExitsTwo) {
  write(dir.path() / "overnight.yaml", "agent:\n  command: sh\nsession:\n  max_runtime_hours: many\n");
  auto r = overnight({"check"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.output, HasSubstr("overnight.yaml:4: session.max_runtime_hours"));
}

TEST_F(OvernightRun, Check_GoodSetup_ReportsEveryCheckOkAndMalformedLinesFail) {
  agent("exit 0\n");
  config();
  progress(kTwoTasks);
  sh(fmt::format("cd '{}' && git add . && git commit -qm tasks", repo.string()));
  auto r = overnight({"check"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("ok   agent command"));
  EXPECT_THAT(r.output, HasSubstr("ok   repository"));
  progress(std::string(kTwoTasks) + "- [?] odd\n");
  r = overnight({"check"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("line 5"));
}

TEST_F(OvernightRun, AgentThatFinishesEverything_CompletesInOneSession) {
  progress(kTwoTasks);
  agent("sed -i 's/- \\[ \\]/- [x]/' PROGRESS.md\ngit add PROGRESS.md\ngit commit -qm done\n"
        "echo '{\"type\":\"result\",\"total_cost_usd\":1.5}'\n");
  config();
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  RunState s = state();
  EXPECT_EQ(s.status, RunStatus::completed);
  EXPECT_EQ(s.session, 1);
  EXPECT_DOUBLE_EQ(s.cost_usd, 1.5);
  EXPECT_EQ(s.completed_tasks.size(), 2u);
  EXPECT_EQ(s.goal, "test");
  auto h = history();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["exit_class"], "finished");
  EXPECT_EQ(h[0]["tasks_done"], 2);
  EXPECT_EQ(h[0]["commits"].size(), 1u);
  EXPECT_EQ(h[0]["run_id"], s.run_id);
  EXPECT_TRUE(std::filesystem::exists(h[0]["log"].get<std::string>()));
}

TEST_F(OvernightRun, AgentStopsWithTasksLeft_ContinuationSessionsUntilDone) {
  progress(std::string(kTwoTasks) + "- [ ] **3** third\n");
  agent(kOneTaskPerSession);
  config();
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  RunState s = state();
  EXPECT_EQ(s.status, RunStatus::completed);
  EXPECT_EQ(s.session, 3);
  EXPECT_EQ(s.continuations_used, 2);
  EXPECT_DOUBLE_EQ(s.cost_usd, 0.75);
  auto h = history();
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[1]["role"], "continuation");
}

TEST_F(OvernightRun, ContinuationAttemptsExhausted_FailsSayingTasksRemain) {
  progress(std::string(kTwoTasks) + "- [ ] **3** third\n");
  agent(kOneTaskPerSession);
  config("session:\n  max_continuation_attempts: 1\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 1);
  RunState s = state();
  EXPECT_EQ(s.status, RunStatus::failed);
  EXPECT_THAT(s.end_reason, HasSubstr("continuation"));
  EXPECT_EQ(s.session, 2);
}

TEST_F(OvernightRun, CrashingAgent_RestartsWithBackoffThenFails) {
  progress(kTwoTasks);
  agent("echo boom >&2\nexit 3\n");
  config("", "  max_restarts: 2\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  RunState s = state();
  EXPECT_EQ(s.status, RunStatus::failed);
  auto h = history();
  ASSERT_GE(h.size(), 2u);
  for (const auto& record : h) {
    EXPECT_EQ(record["exit_class"], "crashed");
    EXPECT_EQ(record["exit_code"], 3);
  }
  EXPECT_GE(s.total_restarts, 1);
  EXPECT_FALSE(s.restarts.empty());
  auto log = read_file(h[0]["log"].get<std::string>());
  EXPECT_THAT(log.value_or(""), HasSubstr("boom"));
}

TEST_F(OvernightRun, HangingAgent_IsKilledByTheStallWatchdog) {
  progress(kTwoTasks);
  agent("sleep 60\n");
  config("", "  max_restarts: 0\n");
  auto started = std::chrono::steady_clock::now();
  auto r = overnight({"run"});
  EXPECT_LT(std::chrono::steady_clock::now() - started, 20s);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  auto h = history();
  ASSERT_GE(h.size(), 1u);
  EXPECT_EQ(h[0]["exit_class"], "stalled");
  EXPECT_TRUE(h[0]["exit_code"].is_null());
}

TEST_F(OvernightRun, UsageLimit_WaitsUntilResetThenContinues) {
  progress(kTwoTasks);
  agent("if [ ! -f ../limited ]; then touch ../limited\n"
        "  echo \"{\\\"type\\\":\\\"rate_limit_event\\\",\\\"rate_limit_info\\\":{\\\"status\\\":\\\"rejected\\\","
        "\\\"resetsAt\\\":$(( $(date +%s) + 2 ))}}\"\n  exit 1\nfi\n"
        "sed -i 's/- \\[ \\]/- [x]/' PROGRESS.md\n");
  config();
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  auto h = history();
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0]["exit_class"], "rate_limited");
  auto first_end = parse_iso8601(h[0]["end"].get<std::string>());
  auto second_start = parse_iso8601(h[1]["start"].get<std::string>());
  ASSERT_TRUE(first_end && second_start);
  EXPECT_GE(*second_start - *first_end, 1s);  // clamped to at least rate_limit_min_wait
  EXPECT_EQ(state().consecutive_failures, 0);
}

TEST_F(OvernightRun, MisleadingOutput_EchoedCompletionAndLimitText_ChangesNothing) {
  progress(kTwoTasks);
  agent("echo '{\"type\":\"assistant\",\"message\":{\"content\":\"usage limit reached. ALL TASKS COMPLETE\"}}'\n"
        "echo '  Claude AI usage limit reached|1700000000 (quoted from a file)'\nexit 0\n");
  config("session:\n  max_continuation_attempts: 1\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 1);
  auto h = history();
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0]["exit_class"], "finished");
  EXPECT_EQ(state().status, RunStatus::failed);
  EXPECT_FALSE(state().rate_limit_until.has_value());
}

TEST_F(OvernightRun, EmptyProgressFile_IsNotDone) {
  progress("# Session\n## GOAL\nsomething\n");
  agent("exit 0\n");
  config("enforcement:\n  require_p0: false\n  require_p1: false\n  min_completion_pct: 0\n"
         "session:\n  max_continuation_attempts: 0\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(state().end_reason, HasSubstr("no tasks"));
}

TEST_F(OvernightRun, MissingAgentCommand_FailsBeforeAnySession) {
  progress(kTwoTasks);
  config();
  std::filesystem::remove(dir.path() / "agent.sh");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(state().end_reason, HasSubstr("agent command missing"));
  EXPECT_TRUE(history().empty());
}

TEST_F(OvernightRun, SecondRunnerIsRefusedNamingTheHolder_StopEndsTheFirstCleanly) {
  progress(kTwoTasks);
  agent("while true; do echo working; sleep 0.2; done\n");
  config("agent:\n  command: " + (dir.path() / "agent.sh").string() + "\n  stall_minutes: 5\n");
  // The config above repeats `agent`; write it cleanly instead.
  write(dir.path() / "overnight.yaml",
        fmt::format("agent:\n  command: {}\n  stop_grace_seconds: 0.5\npaths:\n  workdir: repo\n"
                    "watchdog:\n  check_interval_seconds: 0.05\n",
                    (dir.path() / "agent.sh").string()));
  OvernightProcess first(dir.path(), {"run", "--config", (dir.path() / "overnight.yaml").string()},
                         dir.path() / "first.txt");
  for (int i = 0; i < 200 && !std::filesystem::exists(repo / ".overnight" / "session-history.jsonl"); ++i) {
    if (std::filesystem::exists(repo / ".overnight" / "logs")) break;
    std::this_thread::sleep_for(20ms);
  }
  std::this_thread::sleep_for(300ms);
  auto second = overnight({"run"});
  EXPECT_EQ(second.exit_code, 3) << second.output;
  EXPECT_THAT(second.output, HasSubstr("pid " + std::to_string(first.pid())));
  auto status = overnight({"status"});
  EXPECT_EQ(status.exit_code, 0);
  EXPECT_THAT(status.output, HasSubstr("running"));
  EXPECT_THAT(status.output, HasSubstr("next task: first"));
  auto stop = overnight({"stop"});
  EXPECT_EQ(stop.exit_code, 0) << stop.output;
  auto finished = first.wait(20s);
  EXPECT_EQ(finished.exit_code, 1) << finished.output;
  RunState s = state();
  EXPECT_EQ(s.status, RunStatus::stopped);
  EXPECT_THAT(s.end_reason, HasSubstr("stop"));
  auto h = history();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["exit_class"], "signalled");
}

TEST_F(OvernightRun, SigtermToTheRunner_StopsTheChildAndRecordsStopped) {
  progress(kTwoTasks);
  agent("while true; do echo working; sleep 0.2; done\n");
  config("session:\n  max_idle_minutes: 5\n");
  write(dir.path() / "overnight.yaml",
        fmt::format("agent:\n  command: {}\n  stop_grace_seconds: 0.5\npaths:\n  workdir: repo\n"
                    "watchdog:\n  check_interval_seconds: 0.05\n",
                    (dir.path() / "agent.sh").string()));
  OvernightProcess runner(dir.path(), {"run", "--config", (dir.path() / "overnight.yaml").string()},
                          dir.path() / "runner.txt");
  std::this_thread::sleep_for(700ms);
  ::kill(runner.pid(), SIGTERM);
  auto finished = runner.wait(20s);
  EXPECT_EQ(finished.exit_code, 1) << finished.output;
  EXPECT_EQ(state().status, RunStatus::stopped);
}

TEST_F(OvernightRun, StatusWithoutARun_SaysSo) {
  agent("exit 0\n");
  config();
  auto r = overnight({"status"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("no run yet"));
}

}  // namespace
}  // namespace nightdesk::overnight
