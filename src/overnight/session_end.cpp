// SessionLoop, after the agent exited (spec B5-B7): the registry review (two_phase), the test gate
// (checkpoint or rollback), the session's history line, and the decision (continue, restart after backoff,
// wait out a usage limit, pause, stop). Runs from the journaled SessionInFlight alone, so a runner resumed after
// a crash repeats these steps (each is idempotent) instead of the session.
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "overnight/git_queries.h"
#include "overnight/session_history.h"
#include "overnight/session_loop.h"

namespace nightdesk::overnight {
namespace {

// Whether the history already holds this session (a runner died after writing it, before the state).
bool already_in_history(const std::filesystem::path& history, const std::string& run_id, std::int64_t session) {
  auto lines = read_json_lines(history);
  if (!lines) return false;
  for (const auto& r : lines->records) {
    if (r.value("type", "") == "session" && r.value("run_id", "") == run_id && r.value("session", 0LL) == session) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<SessionLoop::SessionOutcome> SessionLoop::finish_session(const SessionInFlight& f) {
  const ExitClass exit_class = parse_exit_class(f.exit_class).value_or(ExitClass::crashed);
  const bool agent_ran = exit_class != ExitClass::command_missing;
  const bool initializer = f.role == "initializer";
  progress_ = read_progress();

  bool initializer_ok = true;
  std::string initializer_problem;
  if (two_phase() && agent_ran && !f.stopped_by_runner) {
    if (initializer) {
      // Already frozen when a resumed runner found the initializer's registry before finishing its session.
      initializer_ok = !accepted_.empty() || freeze_registry(f.number, initializer_problem);
    } else if (!accepted_.empty()) {
      review_registry(f.number);
    }
  }

  const std::string head_after = git_output(c_.paths.workdir, "rev-parse HEAD");
  const auto commits = commits_between(c_.paths.workdir, f.head_before, head_after);  // the agent's own
  const int done_after = work_done();

  // The test gate: checkpoint what the agent left, or roll back when the tests got worse. Not while the
  // runner is being stopped (a person is waiting), nor when no session ran.
  GateResult gate;
  if (keeper_ && is_git_ && agent_ran && !f.stopped_by_runner) {
    journal(fmt::format("checkpoint gate {}", f.number), "begin");
    gate = apply_gate(keeper_->gate("session_end", f.number, true), f.number);
    journal(fmt::format("checkpoint gate {}", f.number), "end");
    if (gate.rollback) {
      progress_ = read_progress();  // the progress file went back with the work tree
      if (two_phase() && !accepted_.empty()) review_registry(f.number);  // and so did the registry
    }
  }
  bool made_progress = !gate.rollback && (done_after > f.done_before || !commits.empty());
  if (initializer) made_progress = initializer_ok;

  SessionRecord history;
  history.run_id = state_.run_id;
  history.session = f.number;
  history.role = f.role;
  history.task = f.task;
  history.started = f.started;
  history.ended = f.ended;
  history.exit_code = f.exit_code;
  history.signal = f.signal;
  history.exit_class = f.exit_class;
  history.reason = initializer_ok ? f.reason : f.reason + "; " + initializer_problem;
  history.tasks_done_before = f.done_before;
  history.tasks_done_after = done_after;
  history.commits = commits;
  history.cost_usd = f.cost_usd;
  history.log = f.log;
  history.tests = gate.tests ? gate.tests->summary() : "";
  history.checkpoint = gate.describe();
  history.rollback = gate.rollback ? gate.rollback->failed_branch : "";
  history.warnings = f.warnings;
  if (!resumed_ || !already_in_history(c_.paths.history_file, state_.run_id, f.number)) {
    if (auto appended = append_session_record(c_.paths.history_file, history); !appended) {
      spdlog::warn("cannot append session history: {}", appended.error().message);
    }
  }

  std::optional<Decision> end;
  std::optional<RestartDecision> restart;
  if (f.rate_limit_wake) {
    // waiting: recorded below, honoured before the next session
  } else if (f.stopped_by_runner) {
    end = Decision{RunStatus::stopped, "stop requested"};
  } else if (!retryable(exit_class) && exit_class != ExitClass::finished) {
    end = Decision{exit_class == ExitClass::timed_out || exit_class == ExitClass::over_budget ? RunStatus::stopped
                                                                                              : RunStatus::failed,
                   f.exit_class + ": " + f.reason};
  } else {
    const bool failed = (retryable(exit_class) && exit_class != ExitClass::rate_limited) || !initializer_ok;
    restart = policy_->decide(SessionEnd{f.started, f.ended, failed, made_progress});
    if (restart->action == RestartAction::give_up) end = Decision{RunStatus::failed, restart->reason};
    if (restart->action == RestartAction::pause) end = Decision{RunStatus::paused, restart->reason};
  }

  const double run_cost = current_cost(f.cost_usd);
  // The backoff is journaled with the decision, so a runner killed during it resumes the same wait.
  const Timestamp decided = RealClock().now();
  const std::string restart_reason = initializer_ok ? f.exit_class + ": " + f.reason : initializer_problem;
  auto recorded = record([&](RunState& s) {
    s.cost_usd = run_cost;
    s.progress = summarize(progress_, rule_);
    if (!two_phase()) {
      for (const auto& t : progress_.tasks) {
        if (t.state != TaskState::done) continue;
        bool known = std::any_of(s.completed_tasks.begin(), s.completed_tasks.end(),
                                 [&](const CompletedTask& c) { return c.text == t.text && c.id == t.id; });
        if (!known) s.completed_tasks.push_back({t.id, t.text, f.ended});
      }
    }
    if (!progress_.goal.empty()) s.goal = progress_.goal;
    s.journal.push_back({f.ended, fmt::format("session {}", f.number), "end"});
    s.in_flight.reset();
    if (f.rate_limit_wake) {
      s.rate_limit_until = *f.rate_limit_wake;
      s.status = RunStatus::waiting;
      add_note(s, f.ended, "usage limit: waiting until " + format_iso8601(*f.rate_limit_wake));
    }
    if (restart) {
      s.consecutive_failures = policy_->state().consecutive_failures;
      s.failure_times = policy_->state().recent_failures;
      if (restart->action != RestartAction::proceed) {
        ++s.total_restarts;
        s.restarts.push_back({f.ended, f.number, restart_reason});
      }
      if (restart->action == RestartAction::restart) {
        s.status = RunStatus::waiting;
        s.restart_at = decided + restart->delay;
        s.last_backoff_s = std::chrono::duration<double>(restart->delay).count();
        s.backoff_total_s += s.last_backoff_s;
      }
    }
  });
  if (!recorded) return std::unexpected(recorded.error());
  if (restart && restart->action == RestartAction::restart) {
    spdlog::info("restarting in {} ms: {}", restart->delay.count(), restart->reason);
    // The wait itself is waited_before_next_call's, from the persisted restart_at.
  }
  // A failed initializer is followed by another initializer, not by a continuation.
  return SessionOutcome{initializer_ok ? exit_class : ExitClass::crashed, end};
}

}  // namespace nightdesk::overnight
