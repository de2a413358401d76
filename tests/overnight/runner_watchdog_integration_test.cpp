// The real `overnight` binary: the watchdog's resource checks (memory warning and kill, CPU warning), the
// idle warning, the cost file and its thresholds, the cost line printed just before exit, and SIGHUP reloads.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "overnight/overnight_run_fixture.h"

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testing::kTwoTasks;
using testing::OvernightProcess;
using testing::OvernightRun;

constexpr const char* kFinishAll = "sed -i 's/- \\[ \\]/- [x]/' PROGRESS.md\n";

const WarningRecord* find_warning(const RunState& s, const std::string& kind) {
  for (const auto& w : s.warnings) {
    if (w.kind == kind) return &w;
  }
  return nullptr;
}

class WatchdogRun : public OvernightRun {
 protected:
  std::vector<nlohmann::json> sessions() {
    std::vector<nlohmann::json> out;
    for (auto& r : history()) {
      if (r["type"] == "session") out.push_back(r);
    }
    return out;
  }
  // Polls the state file until `ready` holds (or about 10 s pass).
  bool wait_for_state(const std::function<bool(const RunState&)>& ready) {
    for (int i = 0; i < 500; ++i) {
      if (auto text = read_file(repo / ".overnight" / "state.json")) {
        if (auto s = decode_run_state(*text); s && ready(*s)) return true;
      }
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }
  std::string yaml_path() const { return (dir.path() / "overnight.yaml").string(); }
};

TEST_F(WatchdogRun, MemoryAboveCritical_KillsTheSessionWithTheReasonRecorded) {
  progress(kTwoTasks);
  agent("sleep 30\n");
  config("watchdog:\n  check_interval_seconds: 0.05\n  memory_warning_pct: 0.0001\n  memory_critical_pct: 0.0005\n",
         "  max_restarts: 0\n");
  // config() wrote a watchdog section too; a repeated section is an error, so write the file whole.
  write(dir.path() / "overnight.yaml",
        fmt::format("agent:\n  command: {}\n  stop_grace_seconds: 0.5\npaths:\n  workdir: repo\n"
                    "watchdog:\n  check_interval_seconds: 0.05\n  memory_warning_pct: 0.0001\n"
                    "  memory_critical_pct: 0.0005\nrecovery:\n  max_restarts: 0\ncheckpoints:\n  min_free_disk_mb: 0\n",
                    (dir.path() / "agent.sh").string()));
  auto started = std::chrono::steady_clock::now();
  auto r = overnight({"run"});
  EXPECT_LT(std::chrono::steady_clock::now() - started, 15s);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  auto h = sessions();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["exit_class"], "crashed");
  EXPECT_THAT(h[0]["reason"].get<std::string>(), HasSubstr("of memory"));
  RunState s = state();
  ASSERT_FALSE(s.warnings.empty());
  EXPECT_EQ(s.warnings.back().kind, "memory");
  EXPECT_THAT(s.warnings.back().detail, HasSubstr("session stopped"));
}

TEST_F(WatchdogRun, MemoryAndCpuAboveWarning_AreRecordedOnceAndTheSessionContinues) {
  progress(kTwoTasks);
  agent("end=$(( $(date +%s%N) + 700000000 ))\nwhile [ $(date +%s%N) -lt $end ]; do :; done\n" +
        std::string(kFinishAll));
  write(dir.path() / "overnight.yaml",
        fmt::format("agent:\n  command: {}\n  stall_minutes: 0.5\npaths:\n  workdir: repo\n"
                    "watchdog:\n  check_interval_seconds: 0.05\n  memory_warning_pct: 0.0001\n"
                    "  cpu_warning_pct: 1\ncheckpoints:\n  min_free_disk_mb: 0\n",
                    (dir.path() / "agent.sh").string()));
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  RunState s = state();
  int memory = 0, cpu = 0;
  for (const auto& w : s.warnings) {
    memory += w.kind == "memory";
    cpu += w.kind == "cpu";
  }
  EXPECT_EQ(memory, 1);
  EXPECT_EQ(cpu, 1);
  auto h = sessions();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["exit_class"], "finished");
  EXPECT_EQ(h[0]["warnings"].size(), 2u);
}

TEST_F(WatchdogRun, QuietSession_IdleWarningRecordedBeforeTheLimit) {
  progress(kTwoTasks);
  agent("sleep 0.8\n" + std::string(kFinishAll));
  config("notifications:\n  idle_warning_pct: 30\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  RunState s = state();
  const WarningRecord* w = find_warning(s, "idle");
  ASSERT_NE(w, nullptr);
  EXPECT_THAT(w->detail, HasSubstr("no output"));
  auto h = sessions();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_THAT(h[0]["warnings"][0].get<std::string>(), HasSubstr("idle"));
}

TEST_F(WatchdogRun, CostLinePrintedJustBeforeExit_IsCounted) {
  progress(kTwoTasks);
  agent(std::string(kFinishAll) +
        "( sleep 0.3; echo '{\"type\":\"result\",\"total_cost_usd\":2.5}' ) &\nexit 0\n");
  config();
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_DOUBLE_EQ(state().cost_usd, 2.5);
  auto h = sessions();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_DOUBLE_EQ(h[0]["cost_usd"].get<double>(), 2.5);
}

TEST_F(WatchdogRun, CostFile_WarnsThenStopsAtTheCriticalThreshold) {
  progress(kTwoTasks);
  agent("echo 6 > ../cost.txt\nsleep 0.4\necho 9.5 > ../cost.txt\nsleep 30\n");
  config("budget:\n  max_cost_usd: 10\n  warning_threshold_pct: 50\n  critical_threshold_pct: 90\n"
         "  cost_file: ../cost.txt\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  RunState s = state();
  EXPECT_EQ(s.status, RunStatus::stopped);
  EXPECT_DOUBLE_EQ(s.cost_usd, 9.5);
  const WarningRecord* w = find_warning(s, "cost");
  ASSERT_NE(w, nullptr);
  EXPECT_THAT(w->detail, HasSubstr("$6.00"));
  auto h = sessions();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["exit_class"], "over_budget");
}

TEST_F(WatchdogRun, Sighup_ValidConfig_IsAppliedToTheRunningRun) {
  progress(kTwoTasks);
  agent("while true; do echo working; sleep 0.2; done\n");
  config();
  OvernightProcess runner(dir.path(), {"run", "--config", yaml_path()}, dir.path() / "runner.txt");
  ASSERT_TRUE(wait_for_state([](const RunState& s) { return s.session == 1; }));
  config("session:\n  max_runtime_hours: 0.0003\n");  // 1.08 s since the run started
  ::kill(runner.pid(), SIGHUP);
  auto finished = runner.wait(20s);
  EXPECT_EQ(finished.exit_code, 1) << finished.output;
  RunState s = state();
  EXPECT_EQ(s.status, RunStatus::stopped);
  EXPECT_THAT(s.end_reason, HasSubstr("runtime"));
  bool noted = false;
  for (const auto& n : s.notes) noted |= n.text.find("configuration reloaded") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST_F(WatchdogRun, Sighup_InvalidConfig_KeepsTheRunningOneAndRecordsTheError) {
  progress(kTwoTasks);
  agent("while true; do echo working; sleep 0.2; done\n");
  config();
  OvernightProcess runner(dir.path(), {"run", "--config", yaml_path()}, dir.path() / "runner.txt");
  ASSERT_TRUE(wait_for_state([](const RunState& s) { return s.session == 1; }));
  write(dir.path() / "overnight.yaml", "agent:\n  command: sh\nsession:\n  max_runtime_hours: many\n");
  ::kill(runner.pid(), SIGHUP);
  EXPECT_TRUE(wait_for_state([](const RunState& s) {
    return std::any_of(s.warnings.begin(), s.warnings.end(), [](const WarningRecord& w) {
      return w.kind == "config_reload" && w.detail.find("max_runtime_hours") != std::string::npos;
    });
  }));
  EXPECT_EQ(state().status, RunStatus::running);
  ::kill(runner.pid(), SIGTERM);
  auto finished = runner.wait(20s);
  EXPECT_EQ(finished.exit_code, 1);
  EXPECT_EQ(state().status, RunStatus::stopped);
  EXPECT_EQ(state().session, 1);  // the session was never disturbed by the bad file
}

}  // namespace
}  // namespace nightdesk::overnight
