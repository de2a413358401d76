#include "overnight/run_events.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

OvernightConfig config() {
  OvernightConfig c;
  c.paths.workdir = "/srv/repo";
  c.budget.max_cost_usd = 10;
  c.notifications.cost_warning_pct = 80;
  return c;
}

RunState running() {
  RunState s;
  s.run_id = "20250101-010101-abcd";
  s.status = RunStatus::running;
  s.session = 2;
  return s;
}

std::vector<std::string> kinds(const std::vector<RunEvent>& events) {
  std::vector<std::string> k;
  for (const auto& e : events) k.push_back(e.kind);
  return k;
}

TEST(RunEvents, FirstState_IsRunStartNamingRunAndRepository) {
  auto events = detect_run_events(nullptr, running(), config());
  ASSERT_EQ(kinds(events), std::vector<std::string>{"run_start"});
  const auto& m = events[0].message;
  EXPECT_THAT(m.title, HasSubstr("20250101-010101-abcd"));
  EXPECT_THAT(m.title, HasSubstr("started"));
  EXPECT_EQ(m.fields[0], (std::pair<std::string, std::string>{"run", "20250101-010101-abcd"}));
  EXPECT_EQ(m.fields[1], (std::pair<std::string, std::string>{"repository", "/srv/repo"}));
}

TEST(RunEvents, FirstStateOfAResumedRun_SaysResumed) {
  RunState s = running();
  s.journal.push_back({{}, "resume", "end"});
  auto events = detect_run_events(nullptr, s, config());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0].message.title, HasSubstr("resumed"));
}

TEST(RunEvents, SessionStartDisabled_NoRunStart) {
  auto c = config();
  c.notifications.enable_session_start = false;
  EXPECT_TRUE(detect_run_events(nullptr, running(), c).empty());
}

TEST(RunEvents, UnchangedState_NoEvents) {
  RunState s = running();
  EXPECT_TRUE(detect_run_events(&s, s, config()).empty());
}

TEST(RunEvents, NewCheckpoint_IsAnnouncedUnlessDisabled) {
  RunState before = running(), after = running();
  after.checkpoint_count = 1;
  after.last_checkpoint = CheckpointRecord{2, "overnight/r/2", "0123456789abcdef", {}};
  EXPECT_EQ(kinds(detect_run_events(&before, after, config())), std::vector<std::string>{"checkpoint"});
  auto c = config();
  c.notifications.enable_checkpoints = false;
  EXPECT_TRUE(detect_run_events(&before, after, c).empty());
}

TEST(RunEvents, NewWarnings_AreEachNotifiedButStateCostWarningIsNot) {
  RunState before = running();
  before.warnings.push_back({Timestamp{1s}, 1, "memory", "old"});
  RunState after = before;
  after.warnings.push_back({Timestamp{2s}, 2, "idle", "no output for 7 minutes"});
  after.warnings.push_back({Timestamp{3s}, 2, "cost", "80% of budget"});
  auto events = detect_run_events(&before, after, config());
  ASSERT_EQ(kinds(events), std::vector<std::string>{"warning"});
  EXPECT_THAT(events[0].message.title, HasSubstr("idle"));
  EXPECT_EQ(events[0].message.severity, AlertSeverity::warning);
}

TEST(RunEvents, WarningsTrimmedFromTheFront_OnlyTheNewOnesAreNotified) {
  RunState before = running();
  for (int i = 0; i < 100; ++i)
    before.warnings.push_back({Timestamp{std::chrono::seconds(i)}, 1, "cpu", std::to_string(i)});
  RunState after = before;
  after.warnings.erase(after.warnings.begin());
  after.warnings.push_back({Timestamp{1000s}, 2, "memory", "new"});
  auto events = detect_run_events(&before, after, config());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].message.text, "new");
}

TEST(RunEvents, CostCrossingTheNotificationThreshold_NotifiesOnce) {
  RunState before = running(), after = running();
  before.cost_usd = 7.5;
  after.cost_usd = 8.0;  // 80% of 10
  EXPECT_EQ(kinds(detect_run_events(&before, after, config())), std::vector<std::string>{"warning"});
  RunState later = after;
  later.cost_usd = 9;
  EXPECT_TRUE(detect_run_events(&after, later, config()).empty());
}

TEST(RunEvents, StalledRestart_IsAStallWarningAndARestart) {
  RunState before = running(), after = running();
  after.restarts.push_back({Timestamp{5s}, 2, "stalled: no output for 10 minutes"});
  auto events = detect_run_events(&before, after, config());
  EXPECT_EQ(kinds(events), (std::vector<std::string>{"warning", "restart"}));
  EXPECT_THAT(events[0].message.title, HasSubstr("stall"));
}

TEST(RunEvents, NewUsageLimitWait_IsAWarning) {
  RunState before = running(), after = running();
  after.rate_limit_until = Timestamp{3600s};
  auto events = detect_run_events(&before, after, config());
  ASSERT_EQ(kinds(events), std::vector<std::string>{"warning"});
  EXPECT_THAT(events[0].message.text, HasSubstr("1970-01-01T01:00:00"));
}

TEST(RunEvents, Rollback_NamesTagAndBranch) {
  RunState before = running(), after = running();
  after.rollbacks.push_back({Timestamp{5s}, 2, "overnight/r/3", "overnight/r/failed-1", "tests got worse"});
  auto events = detect_run_events(&before, after, config());
  ASSERT_EQ(kinds(events), std::vector<std::string>{"rollback"});
  EXPECT_THAT(events[0].message.text, HasSubstr("overnight/r/failed-1"));
}

TEST(RunEvents, StatusChanges_PausedCompletedFailedStopped) {
  RunState before = running();
  for (auto [status, kind] : std::vector<std::pair<RunStatus, std::string>>{{RunStatus::paused, "paused"},
                                                                            {RunStatus::completed, "completion"},
                                                                            {RunStatus::failed, "failure"},
                                                                            {RunStatus::stopped, "stopped"}}) {
    RunState after = running();
    after.status = status;
    after.end_reason = "why";
    EXPECT_EQ(kinds(detect_run_events(&before, after, config())), std::vector<std::string>{kind});
  }
}

TEST(RunEvents, CompletionDisabled_PausedIsStillNotified) {
  auto c = config();
  c.notifications.enable_completion = false;
  RunState before = running(), done = running(), paused = running();
  done.status = RunStatus::completed;
  paused.status = RunStatus::paused;
  EXPECT_TRUE(detect_run_events(&before, done, c).empty());
  EXPECT_EQ(kinds(detect_run_events(&before, paused, c)), std::vector<std::string>{"paused"});
}

}  // namespace
}  // namespace nightdesk::overnight
