#include "overnight/run_metrics.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>

#include "common/prometheus_text.h"
#include "overnight/feature_registry.h"

namespace nightdesk::overnight {
namespace {

using std::chrono::duration;

double epoch_seconds(Timestamp t) { return duration<double>(t.time_since_epoch()).count(); }

constexpr std::array kRoles = {"initializer", "first", "continuation", "restart", "resume", "fix_tests"};
constexpr std::array kExitClasses = {"finished",     "crashed",        "timed_out",  "stalled",
                                     "rate_limited", "signalled",      "over_budget", "command_missing",
                                     "auth_failure", "invalid_config", "interrupted"};
constexpr std::array kWarningKinds = {"memory",     "cpu",           "idle",    "cost", "hook_rejected",
                                      "checkpoint", "config_reload", "registry"};
constexpr std::array kPriorities = {TaskPriority::p0, TaskPriority::p1, TaskPriority::p2, TaskPriority::p3};
constexpr std::array kStatuses = {RunStatus::starting, RunStatus::running,   RunStatus::waiting, RunStatus::paused,
                                  RunStatus::stopping, RunStatus::completed, RunStatus::failed,  RunStatus::stopped};

// Counts per label value; values outside `known` are counted as "other" so the label set stays bounded.
template <std::size_t N>
std::vector<std::pair<MetricLabels, double>> by_label(const std::string& label, const std::array<const char*, N>& known,
                                                      const std::map<std::string, double>& counts) {
  std::vector<std::pair<MetricLabels, double>> out;
  double other = 0;
  for (const auto& [value, n] : counts) {
    if (std::find_if(known.begin(), known.end(), [&](const char* k) { return value == k; }) == known.end()) other += n;
  }
  for (const char* k : known) {
    auto it = counts.find(k);
    out.push_back({{{label, k}}, it == counts.end() ? 0.0 : it->second});
  }
  out.push_back({{{label, "other"}}, other});
  return out;
}

// two_phase (B7): the frozen registry with the runner-verified `passes`, by priority and state; required
// features separately (the stop rule's count). All zero before a registry exists (and in progress_file mode).
void feature_metrics(PrometheusText& p, const RunState& s, const OvernightConfig& c) {
  std::vector<Feature> features;
  if (s.registry) {
    if (auto parsed = parse_feature_registry(s.registry->accepted)) features = std::move(*parsed);
  }
  const DoneRule rule{c.enforcement.min_completion_pct, c.enforcement.require_p0, c.enforcement.require_p1,
                      c.enforcement.require_p2};
  std::map<std::pair<TaskPriority, bool>, double> by;
  double required_passing = 0, required_failing = 0;
  for (const auto& f : features) {
    by[{f.priority, f.passes}] += 1;
    if (feature_required(f, rule)) (f.passes ? required_passing : required_failing) += 1;
  }
  std::vector<std::pair<MetricLabels, double>> samples;
  for (auto prio : kPriorities) {
    for (bool passes : {true, false}) {
      auto it = by.find({prio, passes});
      samples.push_back({{{"priority", std::string(to_string(prio))}, {"state", passes ? "passing" : "failing"}},
                         it == by.end() ? 0.0 : it->second});
    }
  }
  p.gauge("overnight_features", "Features of the frozen registry (two_phase), by priority and verified state.",
          samples);
  p.gauge("overnight_required_features", "Required features (enforcement.require_p0/p1/p2), by verified state.",
          {{{{"state", "passing"}}, required_passing}, {{{"state", "failing"}}, required_failing}});
}

}  // namespace

const std::vector<double>& session_duration_buckets() {
  static const std::vector<double> bounds = {10, 30, 60, 300, 600, 1800, 3600, 7200, 14400};
  return bounds;
}

std::string render_run_metrics(const RunRecordings& run, const OvernightConfig& c, Timestamp now,
                               const RunnerCounters& counters) {
  const RunState& s = run.state;
  PrometheusText p;
  std::vector<std::pair<MetricLabels, double>> status;
  for (auto st : kStatuses) status.push_back({{{"status", std::string(to_string(st))}}, s.status == st ? 1.0 : 0.0});
  p.gauge("overnight_run_status", "1 for the run's current status, 0 for the others.", status);
  p.gauge("overnight_run_start_time_seconds", "When the run started (Unix time).", epoch_seconds(s.started_at));
  const Timestamp end = is_final(s.status) ? s.updated_at : now;
  p.gauge("overnight_runtime_seconds", "How long the run has been going.",
          duration<double>(end - s.started_at).count());
  p.gauge("overnight_runtime_limit_seconds", "session.max_runtime_hours in seconds.",
          duration<double>(c.session.max_runtime).count());
  p.gauge("overnight_session", "Number of the current (or last) session.", static_cast<double>(s.session));

  std::map<std::string, double> roles, exits;
  std::map<std::string, HistogramData> durations;
  double rate_limit_waits = 0;
  for (const auto& session : run.sessions) {
    roles[session.role] += 1;
    exits[session.exit_class] += 1;
    if (session.exit_class == "rate_limited") rate_limit_waits += 1;
    auto [it, inserted] = durations.try_emplace(session.role, session_duration_buckets());
    it->second.observe(duration<double>(session.end - session.start).count());
  }
  p.counter("overnight_sessions", "Agent sessions of this run, by role.", by_label("role", kRoles, roles));
  p.counter("overnight_session_exits", "Ended sessions of this run, by exit class.",
            by_label("exit_class", kExitClasses, exits));
  std::vector<std::pair<MetricLabels, HistogramData>> histograms;
  for (const char* role : kRoles) {
    auto it = durations.find(role);
    histograms.push_back(
        {{{"role", role}}, it == durations.end() ? HistogramData(session_duration_buckets()) : it->second});
  }
  p.histogram("overnight_session_duration_seconds", "Wall time of ended sessions, by role.", histograms);

  p.counter("overnight_restarts", "Sessions restarted after a failure.", static_cast<double>(s.total_restarts));
  p.gauge("overnight_consecutive_failures", "Failed sessions in a row (recovery.max_restarts ends the run).",
          static_cast<double>(s.consecutive_failures));
  p.gauge("overnight_backoff_seconds", "The latest restart delay.", s.last_backoff_s);
  p.counter("overnight_backoff_seconds", "Restart delays of the run, added up.", s.backoff_total_s);
  const bool backing_off = !is_final(s.status) && s.restart_at && *s.restart_at > now;
  p.gauge("overnight_backoff_waiting", "1 while the runner waits out a restart backoff.", backing_off ? 1 : 0);
  p.gauge("overnight_backoff_end_time_seconds", "When the current restart backoff ends (Unix time); 0 when none.",
          backing_off ? epoch_seconds(*s.restart_at) : 0);
  p.gauge("overnight_paused", "1 while the run is paused for a person to look.", s.status == RunStatus::paused ? 1 : 0);

  p.gauge("overnight_tasks", "Tasks in the progress file, by state.",
          {{{{"state", "done"}}, static_cast<double>(s.progress.done)},
           {{{"state", "in_progress"}}, static_cast<double>(s.progress.in_progress)},
           {{{"state", "pending"}}, static_cast<double>(s.progress.pending)},
           {{{"state", "skipped"}}, static_cast<double>(s.progress.skipped)}});
  std::vector<std::pair<MetricLabels, double>> completion{{{{"priority", "all"}}, s.progress.completion_pct / 100}};
  for (const auto& [prio, pct] : s.progress.completion_pct_by_priority)
    completion.push_back({{{"priority", prio}}, pct / 100});
  p.gauge("overnight_completion_ratio", "Done tasks / all tasks, overall and by priority.", completion);
  p.gauge("overnight_done_rule_met", "1 when the progress file satisfies the done rule.",
          s.progress.done_rule_met ? 1 : 0);
  feature_metrics(p, s, c);

  p.counter("overnight_baseline_runs", "Baseline test runs of this run, by result.",
            {{{{"result", "passed"}}, s.baseline && s.baseline->passed ? 1.0 : 0.0},
             {{{"result", "failed"}}, s.baseline && !s.baseline->passed ? 1.0 : 0.0}});
  if (s.baseline)
    p.gauge("overnight_baseline_passed", "1 when the baseline tests passed, 0 when red.", s.baseline->passed ? 1 : 0);

  const bool waiting = s.rate_limit_until && *s.rate_limit_until > now;
  p.counter("overnight_rate_limit_waits", "Sessions that ended on a usage limit (each followed by a wait).",
            rate_limit_waits);
  p.gauge("overnight_rate_limit_waiting", "1 while waiting for a usage limit to reset.", waiting ? 1 : 0);
  p.gauge("overnight_rate_limit_reset_time_seconds", "When the usage-limit wait ends (Unix time); 0 when none.",
          waiting ? epoch_seconds(*s.rate_limit_until) : 0);

  p.gauge("overnight_cost_usd", "The run's cost so far.", s.cost_usd);
  p.gauge("overnight_cost_budget_usd", "budget.max_cost_usd.", c.budget.max_cost_usd);

  double rollbacks = 0;
  for (const auto& g : run.gates) rollbacks += g.type == "rollback" ? 1 : 0;
  p.counter("overnight_checkpoints", "Checkpoints tagged in this run (the starting one included).",
            static_cast<double>(s.checkpoint_count));
  if (s.last_checkpoint) {
    p.gauge("overnight_last_checkpoint_time_seconds", "When the last checkpoint was tagged (Unix time).",
            epoch_seconds(s.last_checkpoint->at));
  }
  p.counter("overnight_rollbacks", "Rollbacks to the last checkpoint after the tests got worse.", rollbacks);

  std::map<std::string, double> warnings;
  for (const auto& w : s.warnings) warnings[w.kind] += 1;
  p.counter("overnight_warnings", "Warnings recorded in the state (its last 100), by kind.",
            by_label("kind", kWarningKinds, warnings));

  std::vector<std::pair<MetricLabels, double>> notes, retries, throttled;
  for (const auto& [channel, st] : counters.notifications) {
    notes.push_back({{{"channel", channel}, {"result", "sent"}}, static_cast<double>(st.sent)});
    notes.push_back({{{"channel", channel}, {"result", "failed"}}, static_cast<double>(st.failed)});
    notes.push_back({{{"channel", channel}, {"result", "dropped"}}, static_cast<double>(st.dropped)});
    retries.push_back({{{"channel", channel}}, static_cast<double>(st.retries)});
    throttled.push_back({{{"channel", channel}}, static_cast<double>(st.throttled)});
  }
  p.counter("overnight_notifications", "Webhook notifications by this runner process, by channel and result.", notes);
  p.counter("overnight_notification_retries", "Webhook attempts repeated after a 429, 5xx or transport error.",
            retries);
  p.counter("overnight_notification_throttled", "Webhook answers of 429 Too Many Requests.", throttled);

  p.counter("overnight_http_requests", "HTTP requests answered by this runner process.",
            static_cast<double>(counters.http.requests));
  p.counter("overnight_http_handler_failures", "HTTP handlers that failed (answered 500).",
            static_cast<double>(counters.http.handler_failures));
  p.gauge("overnight_history_unreadable_lines", "History lines of this run that could not be read.",
          static_cast<double>(run.unreadable_lines));
  return p.text();
}

}  // namespace nightdesk::overnight
