#include "overnight/session_watchdog.h"

#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "overnight/child_process.h"
#include "support/temp_dir.h"

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;

OvernightConfig quiet_config(const std::filesystem::path& dir) {
  OvernightConfig c;
  c.paths.workdir = dir;
  c.paths.progress_file = dir / "PROGRESS.md";
  c.session.max_idle = 60s;
  c.agent.stall = 60s;
  c.watchdog.check_interval = 10ms;
  c.watchdog.memory_warning_pct = 0;  // off
  c.watchdog.memory_critical_pct = 0;
  c.watchdog.cpu_warning_pct = 0;
  c.notifications.idle_warning_pct = 70;
  c.budget.max_cost_usd = 10;
  c.budget.warning_threshold_pct = 50;
  c.budget.critical_threshold_pct = 90;
  return c;
}

ChildProcess sleeper() {
  ChildSpec spec;
  spec.argv = {"sleep", "5"};
  auto child = ChildProcess::spawn(spec);
  EXPECT_TRUE(child);
  return std::move(*child);
}

TEST(ReadCostFile, OneNumberIsTheCost) {
  nightdesk::testing::TempDir dir;
  std::ofstream(dir / "cost") << " 12.5\n";
  auto cost = read_cost_file(dir / "cost");
  ASSERT_TRUE(cost);
  EXPECT_DOUBLE_EQ(*cost, 12.5);
}

TEST(ReadCostFile, TextNegativeOrMissingIsAnError) {
  nightdesk::testing::TempDir dir;
  std::ofstream(dir / "words") << "12 dollars\n";
  std::ofstream(dir / "negative") << "-1\n";
  EXPECT_FALSE(read_cost_file(dir / "words"));
  EXPECT_FALSE(read_cost_file(dir / "negative"));
  EXPECT_FALSE(read_cost_file(dir / "absent"));
}

TEST(SessionWatchdog, ReportedCost_WarnsOnceThenKillsAtCritical) {
  nightdesk::testing::TempDir dir;
  auto c = quiet_config(dir.path());
  auto child = sleeper();
  SessionWatchdog watchdog(c, child.pid(), RealClock().now(), 2.0, false);
  auto v = watchdog.check(RealClock().now(), 1.0);  // run cost 3 of 10
  EXPECT_EQ(v.kill, WatchdogKill::none);
  EXPECT_TRUE(v.warnings.empty());
  v = watchdog.check(RealClock().now(), 3.5);  // 5.5: past the warning
  ASSERT_EQ(v.warnings.size(), 1u);
  EXPECT_EQ(v.warnings[0].kind, "cost");
  v = watchdog.check(RealClock().now(), 4.0);
  EXPECT_TRUE(v.warnings.empty());  // once
  v = watchdog.check(RealClock().now(), 7.0);  // 9.0: critical
  EXPECT_EQ(v.kill, WatchdogKill::cost_budget);
  child.terminate(100ms);
}

TEST(SessionWatchdog, CostFileOverridesTheAgentsReports) {
  nightdesk::testing::TempDir dir;
  auto c = quiet_config(dir.path());
  c.budget.cost_file = dir / "cost";
  std::ofstream(dir / "cost") << "9.5\n";
  auto child = sleeper();
  SessionWatchdog watchdog(c, child.pid(), RealClock().now(), 0.0, false);
  EXPECT_DOUBLE_EQ(watchdog.run_cost(0.1), 9.5);
  EXPECT_EQ(watchdog.check(RealClock().now(), 0.1).kill, WatchdogKill::cost_budget);
  child.terminate(100ms);
}

TEST(SessionWatchdog, MemoryCriticalKillsWithTheUseInTheReason) {
  nightdesk::testing::TempDir dir;
  auto c = quiet_config(dir.path());
  c.watchdog.memory_critical_pct = 0.00001;
  auto child = sleeper();
  SessionWatchdog watchdog(c, child.pid(), RealClock().now(), 0.0, false);
  // The watchdog checks periodically; a child forked a moment ago may not be in its process group yet (the
  // sample then finds no process), so check as the runner would, a few times.
  WatchdogVerdict v;
  for (int i = 0; i < 100 && v.kill == WatchdogKill::none; ++i) {
    v = watchdog.check(RealClock().now(), 0);
    if (v.kill == WatchdogKill::none) std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(v.kill, WatchdogKill::memory_critical);
  EXPECT_NE(v.reason.find("of memory"), std::string::npos) << v.reason;
  child.terminate(100ms);
}

TEST(SessionWatchdog, ZeroPercentagesTurnTheResourceChecksOff) {
  nightdesk::testing::TempDir dir;
  auto c = quiet_config(dir.path());
  auto child = sleeper();
  SessionWatchdog watchdog(c, child.pid(), RealClock().now(), 0.0, false);
  for (int i = 0; i < 3; ++i) {
    auto v = watchdog.check(RealClock().now(), 0);
    EXPECT_EQ(v.kill, WatchdogKill::none);
    EXPECT_TRUE(v.warnings.empty());
    std::this_thread::sleep_for(20ms);
  }
  child.terminate(100ms);
}

TEST(SessionWatchdog, NoActivityPastTheStallLimitKills) {
  nightdesk::testing::TempDir dir;
  auto c = quiet_config(dir.path());
  c.agent.stall = 1s;
  auto child = sleeper();
  const Timestamp start = RealClock().now();
  SessionWatchdog watchdog(c, child.pid(), start, 0.0, false);
  auto v = watchdog.check(start + 800ms, 0);
  ASSERT_EQ(v.warnings.size(), 1u);
  EXPECT_EQ(v.warnings[0].kind, "idle");
  watchdog.on_output(start + 900ms);
  EXPECT_EQ(watchdog.check(start + 1500ms, 0).kill, WatchdogKill::none);
  EXPECT_EQ(watchdog.check(start + 2000ms, 0).kill, WatchdogKill::stall);
  child.terminate(100ms);
}

}  // namespace
}  // namespace nightdesk::overnight
