#include "overnight/session_loop.h"

#include <thread>

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "overnight/session_watchdog.h"

namespace nightdesk::overnight {
namespace {

using std::chrono::milliseconds;

Timestamp now() { return RealClock().now(); }

std::string new_run_id(Timestamp t) {
  std::string iso = format_iso8601(t);
  std::string id;
  for (char c : iso.substr(0, 19)) {
    if (c != '-' && c != ':') id += c == 'T' ? '-' : c;
  }
  std::mt19937 rng{std::random_device{}()};
  return fmt::format("{}-{:04x}", id, rng() & 0xffff);
}

DoneRule done_rule(const OvernightConfig& c) {
  return {c.enforcement.min_completion_pct, c.enforcement.require_p0, c.enforcement.require_p1,
          c.enforcement.require_p2};
}

}  // namespace

ProgressSummary summarize(const ProgressReport& report, const DoneRule& rule) {
  ProgressSummary s;
  s.total = report.overall.total;
  s.done = report.overall.done;
  s.in_progress = report.overall.in_progress;
  s.pending = report.overall.pending;
  s.skipped = report.overall.skipped;
  s.completion_pct = report.overall.completion_pct();
  for (auto p : {TaskPriority::p0, TaskPriority::p1, TaskPriority::p2, TaskPriority::p3}) {
    if (report.counts(p).total > 0) s.completion_pct_by_priority[std::string(to_string(p))] = report.counts(p).completion_pct();
  }
  s.done_rule_met = evaluate_done(report, rule).done;
  return s;
}

SessionLoop::SessionLoop(const OvernightConfig& config, const std::atomic<bool>* stop, std::atomic<bool>* reload,
                         RunStateStore& store, StartMode mode, RunObserver* observer)
    : c_(config), stop_(stop), reload_(reload), store_(store), mode_(mode), observer_(observer),
      rule_(done_rule(config)) {}

Result<RunOutcome> SessionLoop::run() {
  if (auto started = start_run(); !started) return std::unexpected(started.error());
  stop_orphaned_agent();
  if (auto early = health_check()) return finish(*early);
  if (auto early = baseline_and_start_point()) return finish(*early);
  if (auto early = prepare_registry()) return finish(*early);
  std::optional<ExitClass> previous;  // how the last session ended, in this runner process
  auto recovered = recover_in_flight();
  if (!recovered) return finish({RunStatus::failed, recovered.error().message});
  if (*recovered) {
    previous = (*recovered)->first;
    if ((*recovered)->second) return finish(*(*recovered)->second);
  }
  while (true) {
    if (auto stop = limits_before_session(previous)) return finish(*stop);
    if (waited_before_next_call()) continue;
    auto session = run_session(previous);
    if (!session) return finish({RunStatus::failed, session.error().message});
    previous = session->first;
    if (session->second) return finish(*session->second);
  }
}

Status SessionLoop::record(const std::function<void(RunState&)>& change) {
  auto written = store_.update([&](RunState& s) {
    change(s);
    return ok();
  });
  if (!written) return std::unexpected(written.error());
  if (!written->recovery_note.empty()) spdlog::warn("{}", written->recovery_note);
  state_ = written->state;
  if (observer_ != nullptr) observer_->on_state(state_);
  return ok();
}

void SessionLoop::warn(std::int64_t session, const std::string& kind, const std::string& detail) {
  spdlog::warn("{}: {}", kind, detail);
  const Timestamp t = now();
  (void)record([&](RunState& s) { add_warning(s, {t, session, kind, detail}); });
}

void SessionLoop::journal(const std::string& step, const std::string& phase) {
  const Timestamp t = now();
  (void)record([&](RunState& s) { s.journal.push_back({t, step, phase}); });
}

// SIGHUP: re-read the configuration file. An invalid file changes nothing; the paths of a running run
// (state, history, work tree) and its protocol stay as they were.
void SessionLoop::maybe_reload() {
  if (reload_ == nullptr || !reload_->exchange(false)) return;
  auto fresh = load_overnight_config(c_.source);
  if (!fresh) {
    warn(state_.session, "config_reload",
         "kept the running configuration; " + c_.source.string() + " is invalid: " + fresh.error().message);
    return;
  }
  fresh->paths = c_.paths;
  fresh->protocol.mode = c_.protocol.mode;
  fresh->protocol.registry_file = c_.protocol.registry_file;
  c_ = std::move(*fresh);
  rule_ = done_rule(c_);
  make_policy();
  spdlog::info("configuration reloaded from {}", c_.source.string());
  const Timestamp t = now();
  (void)record([&](RunState& s) { add_note(s, t, "configuration reloaded from " + c_.source.string()); });
}

void SessionLoop::make_policy() {
  policy_.emplace(RestartPolicyConfig{static_cast<int>(c_.recovery.max_restarts), c_.recovery.backoff_base,
                                      c_.recovery.backoff_max, c_.recovery.backoff_jitter_pct,
                                      c_.recovery.stable_run, static_cast<int>(c_.recovery.pause_after_failures),
                                      c_.recovery.pause_window},
                  std::random_device{}(),
                  RestartPolicyState{static_cast<int>(state_.consecutive_failures), state_.failure_times});
}

Status SessionLoop::start_run() {
  auto existing = store_.load();
  if (!existing && existing.error().code != ErrorCode::not_found) return std::unexpected(existing.error());
  const bool resume = existing && !is_final(existing->state.status);
  if (!resume && mode_ == StartMode::resume_only) {
    return fail(ErrorCode::not_found,
                existing ? fmt::format("no unfinished run to resume: run {} already {} ({})", existing->state.run_id,
                                       to_string(existing->state.status), store_.state_path().string())
                         : "no unfinished run to resume: " + store_.state_path().string() + " does not exist");
  }
  resumed_ = resume;
  const Timestamp t = now();
  auto recorded = record([&](RunState& s) {
    if (!resume) {
      s = RunState{};
      s.run_id = new_run_id(t);
      s.started_at = t;
    }
    s.status = RunStatus::running;
    s.stop_requested = false;
    s.journal.push_back({t, resume ? "resume" : "start", "end"});
  });
  if (!recorded) return recorded;
  spdlog::info("run {} {} (state {})", state_.run_id, resume ? "resumed" : "started", store_.state_path().string());
  make_policy();
  return ok();
}

double SessionLoop::current_cost(double reported) const {
  if (!c_.budget.cost_file.empty()) {
    if (auto from_file = read_cost_file(c_.budget.cost_file)) return *from_file;
  }
  return state_.cost_usd + reported;
}

bool SessionLoop::stop_requested() {
  if (stop_ != nullptr && stop_->load()) return true;
  auto loaded = store_.load();
  return loaded && loaded->state.stop_requested;
}

ProgressReport SessionLoop::read_progress() {
  auto report = read_progress_file(c_.paths.progress_file);
  if (!report) return {};
  if (two_phase()) return *report;  // free-form progress notes: no task lines expected
  for (const auto& bad : report->malformed) {
    spdlog::warn("{}:{}: malformed task line ({}): {}", c_.paths.progress_file.string(), bad.line, bad.why, bad.text);
  }
  return *report;
}

int SessionLoop::work_done() const {
  if (!two_phase()) return progress_.overall.done;
  return static_cast<int>(std::count_if(accepted_.begin(), accepted_.end(), [](const Feature& f) { return f.passes; }));
}

// Sleeps until `until` unless a stop is requested; false when interrupted.
bool SessionLoop::sleep_until(Timestamp until) {
  while (now() < until) {
    maybe_reload();
    if (stop_requested()) return false;
    auto left = std::chrono::duration_cast<milliseconds>(until - now());
    std::this_thread::sleep_for(std::clamp(left, milliseconds(1), milliseconds(100)));
  }
  return true;
}

RunOutcome SessionLoop::finish(const Decision& decision) {
  const Timestamp t = now();
  (void)record([&](RunState& s) {
    s.status = decision.status;
    s.end_reason = decision.reason;
    s.restart_at.reset();
    s.journal.push_back({t, "run", decision.status == RunStatus::paused ? "paused" : "end"});
  });
  spdlog::info("run {} {}: {}", state_.run_id, to_string(decision.status), decision.reason);
  return {state_.run_id, decision.status, decision.reason};
}

}  // namespace nightdesk::overnight
