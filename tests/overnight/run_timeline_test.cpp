// Timeline page, Chrome trace and metrics from a synthetic 12-hour, 100-session run.
#include "overnight/run_timeline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "overnight/run_metrics.h"

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

const Timestamp kStart = Timestamp{1'700'000'000s};

nlohmann::json session_line(const std::string& run, int n, Timestamp start, Timestamp end,
                            const std::string& exit_class, int done_before, int done_after,
                            const std::string& role = "continuation") {
  return {{"type", "session"},
          {"run_id", run},
          {"session", n},
          {"role", role},
          {"task", "task <" + std::to_string(n) + "> & more"},
          {"start", format_iso8601(start)},
          {"end", format_iso8601(end)},
          {"exit_class", exit_class},
          {"reason", "exit code 0"},
          {"tasks_done_before", done_before},
          {"tasks_done_after", done_after},
          {"cost_usd", 0.1},
          {"checkpoint", "tagged"},
          {"rollback", ""}};
}

// 100 sessions over 12 hours: every 7th crashes, every 20th hits a usage limit; a checkpoint after each session,
// a rollback every 25th.
RunRecordings twelve_hour_run() {
  RunState s;
  s.run_id = "r12";
  s.status = RunStatus::completed;
  s.started_at = kStart;
  s.updated_at = kStart + 12h;
  s.session = 100;
  s.progress.total = 100;
  s.progress.done = 100;
  s.progress.completion_pct = 100;
  s.checkpoint_count = 100;
  std::vector<nlohmann::json> history, gates;
  history.push_back({{"type", "baseline"}, {"run_id", "r12"}});
  history.push_back(session_line("other-run", 1, kStart, kStart + 1s, "finished", 0, 0));
  for (int i = 0; i < 100; ++i) {
    const Timestamp start = kStart + 2min + i * 432s;
    const Timestamp end = start + 400s;
    const std::string exit_class = i % 20 == 19 ? "rate_limited" : i % 7 == 6 ? "crashed" : "finished";
    history.push_back(session_line("r12", i + 1, start, end, exit_class, i, i + 1, i == 0 ? "first" : "continuation"));
    if (exit_class == "crashed") s.restarts.push_back({end, i + 1, "crashed: exit code 3"});
    if (i % 25 == 24) {
      gates.push_back({{"type", "rollback"},
                       {"run_id", "r12"},
                       {"at", format_iso8601(end + 5s)},
                       {"session", i + 1},
                       {"trigger", "session_end"},
                       {"restored_tag", "overnight/r12/" + std::to_string(i)},
                       {"reason", "tests got worse"}});
    } else {
      gates.push_back({{"type", "checkpoint"},
                       {"run_id", "r12"},
                       {"at", format_iso8601(end + 5s)},
                       {"session", i + 1},
                       {"trigger", "session_end"},
                       {"outcome", "committed"},
                       {"tag", "overnight/r12/" + std::to_string(i + 2)},
                       {"tests", "passed (5/5)"}});
    }
  }
  s.total_restarts = static_cast<std::int64_t>(s.restarts.size());
  return assemble_recordings(s, history, gates);
}

TEST(RunRecordings, Assemble_KeepsOnlyThisRunsSessionsAndCountsBadLines) {
  RunState s;
  s.run_id = "r";
  auto r = assemble_recordings(s,
                               {session_line("r", 1, kStart, kStart + 1s, "finished", 0, 1),
                                session_line("x", 1, kStart, kStart + 1s, "finished", 0, 1),
                                {{"type", "session"}, {"run_id", "r"}, {"start", "garbage"}}},
                               {});
  EXPECT_EQ(r.sessions.size(), 1u);
  EXPECT_EQ(r.unreadable_lines, 1);
}

TEST(RunTimeline, TwelveHourHundredSessionRun_RendersEverySessionSelfContained) {
  const RunRecordings run = twelve_hour_run();
  ASSERT_EQ(run.sessions.size(), 100u);
  const auto started = std::chrono::steady_clock::now();
  const std::string html = render_timeline_html(run, kStart + 12h);
  const auto took = std::chrono::steady_clock::now() - started;
  std::printf("timeline: 100 sessions, %zu bytes in %.2f ms\n", html.size(),
              std::chrono::duration<double, std::milli>(took).count());
  EXPECT_THAT(html, HasSubstr("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("overnight run r12: completed"));
  EXPECT_THAT(html, HasSubstr("<title>session 100 (continuation)"));
  EXPECT_THAT(html, HasSubstr("rollback to overnight/r12/24"));
  EXPECT_THAT(html, HasSubstr("checkpoint overnight/r12/2 "));
  EXPECT_THAT(html, HasSubstr("restart backoff"));
  EXPECT_THAT(html, HasSubstr("usage-limit wait"));
  EXPECT_THAT(html, HasSubstr("class=\"progress\""));
  // No external resources: no scripts, stylesheets, images or fonts fetched from anywhere.
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, Not(HasSubstr("<img")));
  EXPECT_THAT(html, Not(HasSubstr("url(")));
  EXPECT_THAT(html, Not(HasSubstr("https://")));
  // Agent-controlled text is escaped.
  EXPECT_THAT(html, HasSubstr("task &lt;7&gt; &amp; more"));
  EXPECT_THAT(html, Not(HasSubstr("task <7>")));
  EXPECT_THAT(html, Not(HasSubstr("other-run")));
}

TEST(RunTimeline, Gaps_AreNamedAfterWhatEndedTheSessionBefore) {
  const RunRecordings run = twelve_hour_run();
  auto gaps = timeline_gaps(run, kStart + 12h);
  ASSERT_EQ(gaps.size(), 100u);  // before the first, then between each pair
  EXPECT_EQ(gaps[0].kind, "health check and baseline");
  EXPECT_EQ(gaps[1].kind, "between sessions");
  EXPECT_EQ(gaps[7].kind, "restart backoff");    // after session 7 (crashed)
  EXPECT_EQ(gaps[20].kind, "usage-limit wait");  // after session 20 (rate limited)
}

TEST(RunTimeline, WaitingRun_HasAnOpenGapUntilNow) {
  RunState s;
  s.run_id = "w";
  s.status = RunStatus::waiting;
  s.started_at = kStart;
  s.rate_limit_until = kStart + 2h;
  auto run = assemble_recordings(s, {session_line("w", 1, kStart + 1min, kStart + 10min, "rate_limited", 0, 0)}, {});
  auto gaps = timeline_gaps(run, kStart + 1h);
  ASSERT_EQ(gaps.size(), 2u);
  EXPECT_EQ(gaps[1].kind, "usage-limit wait");
  EXPECT_EQ(gaps[1].to, kStart + 1h);
}

TEST(RunTimeline, ChromeTrace_HasTracksCompleteInstantAndCounterEvents) {
  const RunRecordings run = twelve_hour_run();
  const auto trace = render_trace_events(run, kStart + 12h);
  ASSERT_TRUE(trace["traceEvents"].is_array());
  EXPECT_EQ(trace["displayTimeUnit"], "ms");
  int sessions = 0, waits = 0, instants = 0, counters = 0, metadata = 0;
  for (const auto& e : trace["traceEvents"]) {
    const std::string ph = e["ph"];
    ASSERT_TRUE(e.contains("pid"));
    if (ph == "M") ++metadata;
    if (ph == "X" && e["tid"] == 1) {
      ++sessions;
      EXPECT_GE(e["ts"].get<double>(), 0);
      EXPECT_DOUBLE_EQ(e["dur"].get<double>(), 400e6);  // microseconds
    }
    if (ph == "X" && e["tid"] == 2) ++waits;
    if (ph == "i") ++instants;
    if (ph == "C") ++counters;
  }
  EXPECT_EQ(sessions, 100);
  EXPECT_EQ(waits, 100);
  EXPECT_EQ(instants, 100 + 14);  // gates plus restarts
  EXPECT_EQ(counters, 100);
  EXPECT_EQ(metadata, 5);
}

TEST(RunMetrics, TwelveHourRun_CountsByBoundedLabelsOnly) {
  const RunRecordings run = twelve_hour_run();
  OvernightConfig c;
  c.budget.max_cost_usd = 50;
  RunnerCounters counters;
  counters.notifications.push_back({"slack", WebhookStats{3, 1, 0, 2, 1}});
  const std::string text = render_run_metrics(run, c, kStart + 12h, counters);
  EXPECT_THAT(text, HasSubstr("overnight_sessions_total{role=\"continuation\"} 99\n"));
  EXPECT_THAT(text, HasSubstr("overnight_sessions_total{role=\"first\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("overnight_session_exits_total{exit_class=\"rate_limited\"} 5\n"));
  EXPECT_THAT(text, HasSubstr("overnight_session_exits_total{exit_class=\"crashed\"} 14\n"));
  EXPECT_THAT(text, HasSubstr("overnight_session_duration_seconds_bucket{role=\"continuation\",le=\"600\"} 99\n"));
  EXPECT_THAT(text, HasSubstr("overnight_session_duration_seconds_count{role=\"continuation\"} 99\n"));
  EXPECT_THAT(text, HasSubstr("overnight_rate_limit_waits_total 5\n"));
  EXPECT_THAT(text, HasSubstr("overnight_rollbacks_total 4\n"));
  EXPECT_THAT(text, HasSubstr("overnight_checkpoints_total 100\n"));
  EXPECT_THAT(text, HasSubstr("overnight_run_status{status=\"completed\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("overnight_runtime_seconds 43200\n"));
  EXPECT_THAT(text, HasSubstr("overnight_notifications_total{channel=\"slack\",result=\"sent\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("overnight_notification_retries_total{channel=\"slack\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("overnight_completion_ratio{priority=\"all\"} 1\n"));
  // No unbounded labels: no run id, no task text, no reasons.
  EXPECT_THAT(text, Not(HasSubstr("r12")));
  EXPECT_THAT(text, Not(HasSubstr("task <")));
  EXPECT_THAT(text, Not(HasSubstr("exit code")));
  // Every sample line belongs to a family with HELP and TYPE.
  std::size_t pos = 0;
  while ((pos = text.find("# TYPE ", pos)) != std::string::npos) {
    const auto end = text.find('\n', pos);
    const std::string line = text.substr(pos, end - pos);
    const std::string name = line.substr(7, line.find(' ', 7) - 7);
    EXPECT_NE(text.find("# HELP " + name + " "), std::string::npos) << name;
    EXPECT_EQ(name.rfind("overnight_", 0), 0u) << name;
    if (line.ends_with(" counter")) {
      EXPECT_TRUE(name.ends_with("_total")) << name;
    }
    pos = end;
  }
}

TEST(RunMetrics, UnknownExitClassOrWarningKind_IsCountedAsOther) {
  RunState s;
  s.run_id = "r";
  s.warnings.push_back({{}, 1, "something-new", "x"});
  auto run = assemble_recordings(s, {session_line("r", 1, kStart, kStart + 1s, "brand_new_class", 0, 0)}, {});
  const std::string text = render_run_metrics(run, OvernightConfig{}, kStart, {});
  EXPECT_THAT(text, HasSubstr("overnight_session_exits_total{exit_class=\"other\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("overnight_warnings_total{kind=\"other\"} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("brand_new_class")));
}

}  // namespace
}  // namespace nightdesk::overnight
