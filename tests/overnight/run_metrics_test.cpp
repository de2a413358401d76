// GET /metrics (spec B8): every metric B8 names is present with bounded labels — sessions by role, exits by
// reason, session duration histogram, backoff, paused, features passing/failing, baseline results, rate-limit
// waits and reset time, cost, checkpoints, rollbacks, notifications by channel/result.
#include "overnight/run_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "overnight/feature_registry.h"

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

const Timestamp kStart = Timestamp{1'700'000'000s};

nlohmann::json session(int n, const std::string& role, const std::string& exit_class, std::chrono::seconds length) {
  return {{"type", "session"},          {"run_id", "r"},
          {"session", n},               {"role", role},
          {"start", format_iso8601(kStart + n * 1h)}, {"end", format_iso8601(kStart + n * 1h + length)},
          {"exit_class", exit_class},   {"tasks_done_before", 0},
          {"tasks_done_after", 0},      {"cost_usd", 0.5}};
}

Feature feature(std::string id, TaskPriority priority, bool passes) {
  return {std::move(id), "functional", "d", priority, {"step"}, "true", passes};
}

RunState two_phase_state() {
  RunState s;
  s.run_id = "r";
  s.status = RunStatus::running;
  s.started_at = kStart;
  s.registry = RegistryRecord{};
  s.registry->accepted = encode_feature_registry({feature("F1", TaskPriority::p0, true),
                                                  feature("F2", TaskPriority::p0, false),
                                                  feature("F3", TaskPriority::p1, true),
                                                  feature("F4", TaskPriority::p3, false)});
  return s;
}

TEST(RunMetrics, FeaturesPassingAndFailing_ByPriorityAndRequired) {
  auto run = assemble_recordings(two_phase_state(), {}, {});
  const std::string text = render_run_metrics(run, OvernightConfig{}, kStart + 1h, {});
  EXPECT_THAT(text, HasSubstr("# TYPE overnight_features gauge\n"));
  EXPECT_THAT(text, HasSubstr("overnight_features{priority=\"P0\",state=\"passing\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("overnight_features{priority=\"P0\",state=\"failing\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("overnight_features{priority=\"P1\",state=\"passing\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("overnight_features{priority=\"P3\",state=\"failing\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("overnight_features{priority=\"P2\",state=\"passing\"} 0\n"));
  // Required: P0 and P1 by default (F1, F2, F3); P3 never.
  EXPECT_THAT(text, HasSubstr("overnight_required_features{state=\"passing\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("overnight_required_features{state=\"failing\"} 1\n"));
}

TEST(RunMetrics, NoRegistry_FeatureGaugesAreZeroNotMissing) {
  RunState s;
  s.run_id = "r";
  auto run = assemble_recordings(s, {}, {});
  const std::string text = render_run_metrics(run, OvernightConfig{}, kStart, {});
  EXPECT_THAT(text, HasSubstr("overnight_features{priority=\"P0\",state=\"passing\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("overnight_required_features{state=\"failing\"} 0\n"));
}

TEST(RunMetrics, BackoffComesFromTheStateSoAResumedRunnerReportsIt) {
  RunState s = two_phase_state();
  s.status = RunStatus::waiting;
  s.last_backoff_s = 1.6;
  s.backoff_total_s = 3.0;
  s.restart_at = kStart + 1h + 1s;
  auto run = assemble_recordings(s, {}, {});
  const std::string text = render_run_metrics(run, OvernightConfig{}, kStart + 1h, {});
  EXPECT_THAT(text, HasSubstr("overnight_backoff_seconds 1.6\n"));
  EXPECT_THAT(text, HasSubstr("overnight_backoff_seconds_total 3\n"));
  EXPECT_THAT(text, HasSubstr("overnight_backoff_waiting 1\n"));
  EXPECT_THAT(text, HasSubstr("overnight_backoff_end_time_seconds 1700003601\n"));
  // After the backoff's end it is no longer waiting.
  const std::string later = render_run_metrics(run, OvernightConfig{}, kStart + 2h, {});
  EXPECT_THAT(later, HasSubstr("overnight_backoff_waiting 0\n"));
  EXPECT_THAT(later, HasSubstr("overnight_backoff_end_time_seconds 0\n"));
}

TEST(RunMetrics, InitializerRoleInterruptedExitAndRegistryWarning_AreKnownLabels) {
  RunState s = two_phase_state();
  s.warnings.push_back({kStart, 2, "registry", "F2: description changed (restored)"});
  auto run = assemble_recordings(
      s, {session(1, "initializer", "finished", 30s), session(2, "first", "interrupted", 5s)}, {});
  const std::string text = render_run_metrics(run, OvernightConfig{}, kStart + 3h, {});
  EXPECT_THAT(text, HasSubstr("overnight_sessions_total{role=\"initializer\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("overnight_sessions_total{role=\"other\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("overnight_session_exits_total{exit_class=\"interrupted\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("overnight_session_exits_total{exit_class=\"other\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("overnight_warnings_total{kind=\"registry\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("overnight_session_duration_seconds_bucket{role=\"initializer\",le=\"30\"} 1\n"));
}

TEST(RunMetrics, EveryFamilyB8Names_IsPresent) {
  RunState s = two_phase_state();
  s.baseline = BaselineRecord{kStart, false, "failed (1 of 2 failed)", "fix_first"};
  s.rate_limit_until = kStart + 2h;
  RunnerCounters counters;
  counters.notifications.push_back({"discord", WebhookStats{}});
  auto run = assemble_recordings(s, {session(1, "first", "rate_limited", 10s)}, {});
  const std::string text = render_run_metrics(run, OvernightConfig{}, kStart + 1h, counters);
  for (const char* family :
       {"overnight_sessions_total", "overnight_session_exits_total", "overnight_session_duration_seconds_bucket",
        "overnight_backoff_seconds", "overnight_backoff_seconds_total", "overnight_paused", "overnight_features",
        "overnight_required_features", "overnight_baseline_runs_total", "overnight_baseline_passed",
        "overnight_rate_limit_waits_total", "overnight_rate_limit_waiting", "overnight_rate_limit_reset_time_seconds",
        "overnight_cost_usd", "overnight_cost_budget_usd", "overnight_checkpoints_total", "overnight_rollbacks_total",
        "overnight_notifications_total", "overnight_restarts_total", "overnight_run_status"}) {
    EXPECT_THAT(text, HasSubstr(std::string("\n") + family)) << family;
  }
  EXPECT_THAT(text, HasSubstr("overnight_baseline_runs_total{result=\"failed\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("overnight_rate_limit_waiting 1\n"));
  EXPECT_THAT(text, HasSubstr("overnight_rate_limit_reset_time_seconds 1700007200\n"));
  EXPECT_THAT(text, HasSubstr("overnight_notifications_total{channel=\"discord\",result=\"dropped\"} 0\n"));
  EXPECT_THAT(text, Not(HasSubstr("F1")));  // feature ids are not labels
}

TEST(RunMetrics, CorruptAcceptedRegistry_CountsNothingAndStillRenders) {
  RunState s = two_phase_state();
  s.registry->accepted = "not json";
  auto run = assemble_recordings(s, {}, {});
  const std::string text = render_run_metrics(run, OvernightConfig{}, kStart, {});
  EXPECT_THAT(text, HasSubstr("overnight_required_features{state=\"passing\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("overnight_run_status{status=\"running\"} 1\n"));
}

}  // namespace
}  // namespace nightdesk::overnight
