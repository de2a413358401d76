// SessionLoop: starting one agent session and watching it until it exits or the watchdog stops it (spec B5).
// The session is journaled in flight before the agent starts and again, with how it ended, once it exited;
// the post-session steps (session_end.cpp) then run from those journaled facts.
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "common/atomic_file.h"
#include "overnight/git_queries.h"
#include "overnight/session_loop.h"
#include "overnight/session_watchdog.h"

namespace nightdesk::overnight {
namespace {

using std::chrono::milliseconds;

Timestamp now() { return RealClock().now(); }

std::string file_text(const std::filesystem::path& path) { return read_file(path).value_or(""); }

}  // namespace

std::string SessionLoop::role_for(std::optional<ExitClass> previous) const {
  if (initializer_needed()) return "initializer";
  if (!previous) return state_.session == 0 ? "first" : "resume";
  if (*previous == ExitClass::finished) return "continuation";
  return "restart";
}

std::string SessionLoop::prompt_for(const std::string& role, std::int64_t session) const {
  std::string prompt;
  if (two_phase()) {
    ProtocolPromptFacts f;
    f.goal = c_.protocol.goal.empty() ? state_.goal : c_.protocol.goal;
    f.registry_file = c_.protocol.registry_file.string();
    f.progress_file = c_.paths.progress_file.string();
    f.notes_file = c_.paths.session_notes.string();
    f.setup_script = c_.protocol.setup_script.string();
    f.signal_file = c_.protocol.completion_signal_file.string();
    f.run_id = state_.run_id;
    f.session = session;
    if (role != "initializer") {
      f.registry = head_bounded(encode_feature_registry(accepted_), kRegistryPromptBytes);
      f.progress = tail_bounded(file_text(c_.paths.progress_file), kProgressPromptBytes);
      f.handoff = tail_bounded(file_text(c_.paths.session_notes), kHandoffPromptBytes);
      f.git_log = head_bounded(recent_git_log(c_.paths.workdir, kGitLogCommits), kGitLogPromptBytes);
      f.total = static_cast<int>(accepted_.size());
      f.passing = work_done();
      if (const Feature* next = next_feature(accepted_)) {
        f.feature_id = next->id;
        f.feature = next->description;
        f.verification = next->verification;
        f.priority = std::string(to_string(next->priority));
      } else {
        f.feature_id = "none left";
        f.feature = "every feature passes; make the test suite (" + c_.tests.command + ") pass without breaking any";
        f.verification = c_.tests.command;
      }
    }
    prompt = render_protocol_prompt(role == "initializer" ? c_.protocol.initializer_template : c_.protocol.coding_template, f);
  } else {
    const ProgressTask* next = progress_.next_task();
    PromptFacts facts{next ? next->text : "set up the task list in the progress file",
                      next ? next->id : "",
                      next ? std::string(to_string(next->priority)) : "P0",
                      c_.paths.progress_file.string(),
                      c_.paths.session_notes.string(),
                      state_.run_id,
                      session,
                      progress_.overall.completion_pct(),
                      progress_.overall.pending + progress_.overall.in_progress};
    prompt = render_prompt(role == "first" ? c_.agent.prompt : c_.agent.continuation_prompt, facts);
  }
  if (!fix_tests_ || role == "initializer") return prompt;
  return fmt::format("FIRST fix the test suite: it was red before this run started (`{}`: {}). Make it pass and "
                     "commit, then go on with the task list.\n\n{}",
                     c_.tests.command, baseline_summary_, prompt);
}

// Watches one running session until it exits or the watchdog stops it; returns why the runner stopped it
// (with the detail in `why`), takes interval checkpoints and collects the session's warnings.
WatchdogKill SessionLoop::supervise(ChildProcess& child, AgentOutputScanner& scanner, Timestamp started,
                                    std::int64_t number, std::string& why, std::vector<std::string>& warnings) {
  SessionWatchdog watchdog(c_, child.pid(), started, state_.cost_usd, is_git_);
  Timestamp next_check = started + c_.watchdog.check_interval;
  Timestamp next_checkpoint = started + c_.session.checkpoint_interval;
  const milliseconds tick = std::min(c_.watchdog.check_interval, milliseconds(100));
  while (true) {
    child.wait_for_activity(tick);
    for (const auto& line : child.take_lines()) {
      scanner.scan(line.text, line.received);
      watchdog.on_output(line.received);
    }
    if (child.exit_status()) return WatchdogKill::none;
    if (stop_ != nullptr && stop_->load()) return WatchdogKill::runner_stopping;
    maybe_reload();
    const Timestamp t = now();
    if (t < next_check) continue;
    next_check = t + c_.watchdog.check_interval;
    if (stop_requested()) return WatchdogKill::runner_stopping;
    if (t - state_.started_at >= c_.session.max_runtime) return WatchdogKill::runtime_limit;
    WatchdogVerdict verdict = watchdog.check(t, scanner.findings().cost_usd.value_or(0.0));
    for (const auto& w : verdict.warnings) {
      if (w.kind == "cost" && std::exchange(cost_warned_, true)) continue;  // once per run
      warn(number, w.kind, w.detail);
      warnings.push_back(w.kind + ": " + w.detail);
    }
    if (verdict.kill != WatchdogKill::none) {
      why = verdict.reason;
      if (verdict.kill == WatchdogKill::memory_critical) {
        warn(number, "memory", "session stopped: " + verdict.reason);
        warnings.push_back("memory: session stopped: " + verdict.reason);
      }
      return verdict.kill;
    }
    if (t >= next_checkpoint && keeper_ && is_git_) {
      const GateResult gate = apply_gate(keeper_->gate("interval", number, false), number);
      watchdog.runner_changed_repository();
      spdlog::info("interval checkpoint during session {}: {}", number, gate.describe());
      next_checkpoint = now() + c_.session.checkpoint_interval;
    }
  }
}

Result<SessionLoop::SessionOutcome> SessionLoop::run_session(std::optional<ExitClass> previous) {
  const std::string role = role_for(previous);
  SessionInFlight flight;
  flight.number = state_.session + 1;
  flight.role = fix_tests_ && role != "initializer" ? "fix_tests" : role;
  const std::string prompt = prompt_for(role, flight.number);
  if (two_phase()) {
    const Feature* next = next_feature(accepted_);
    flight.task = role == "initializer" ? "write the feature registry" : next ? next->id + ": " + next->description : "";
  } else if (const ProgressTask* next = progress_.next_task()) {
    flight.task = next->text;
  }
  flight.done_before = work_done();
  flight.head_before = git_output(c_.paths.workdir, "rev-parse HEAD");
  flight.log = (c_.paths.log_dir / state_.run_id / fmt::format("session-{}.log", flight.number)).string();
  flight.started = now();
  flight.phase = "running";

  if (auto r = record([&](RunState& s) {
        s.session = flight.number;
        s.status = RunStatus::running;
        s.current_task = flight.task;
        s.restart_at.reset();  // any backoff is over once a session starts
        s.agent_calls.push_back(flight.started);
        if (role == "continuation") {
          ++s.continuations_used;
          s.continuations.push_back({flight.started, flight.number, "agent stopped with work left"});
        }
        s.in_flight = flight;
        s.journal.push_back({flight.started, fmt::format("session {}", flight.number), "begin"});
      });
      !r) {
    return std::unexpected(r.error());
  }

  ChildSpec spec;
  spec.argv = agent_argv(c_.agent, prompt);
  spec.argv[0] = agent_path_.string();
  spec.cwd = c_.paths.workdir;
  spec.env = {{"OVERNIGHT_RUN_ID", state_.run_id}, {"OVERNIGHT_SESSION", std::to_string(flight.number)}};
  spec.stdout_log = flight.log;
  spec.stderr_log = flight.log;
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(flight.log).parent_path(), ignored);
  spdlog::info("session {} ({}) starting: {}", flight.number, flight.role, flight.task.empty() ? "(no task named)" : flight.task);

  SessionEndFacts facts;
  std::string why;
  ScannerConfig scan_config = default_scanner_config();
  for (const auto& p : c_.recovery.rate_limit_patterns) scan_config.rate_limit_patterns.push_back(p);
  auto scanner = AgentOutputScanner::create(scan_config);
  if (!scanner) return std::unexpected(scanner.error());
  auto child = ChildProcess::spawn(spec);
  if (!child) {
    facts.command_missing = child.error().code == ErrorCode::not_found;
    if (!facts.command_missing) return std::unexpected(child.error());
  } else {
    flight.pid = child->pid();
    (void)record([&](RunState& s) { s.in_flight->pid = flight.pid; });
    facts.killed_by = supervise(*child, *scanner, flight.started, flight.number, why, flight.warnings);
    facts.exit = facts.killed_by == WatchdogKill::none ? *child->exit_status() : child->terminate(c_.agent.stop_grace);
    // The leader is gone, but a line it (or a straggler) wrote just before may still be in the pipe: wait
    // until every writer has closed, so a final cost record is never missed.
    child->wait_for_output_end(std::max(c_.agent.stop_grace, milliseconds(2000)));
    for (const auto& line : child->take_lines()) scanner->scan(line.text, line.received);
  }
  facts.findings = scanner->findings();
  ExitClassification exit = classify(facts);
  if (!why.empty()) exit.reason += " (" + why + ")";

  flight.ended = now();
  flight.phase = "exited";
  flight.exit_code = facts.exit ? facts.exit->exit_code : std::nullopt;
  flight.signal = facts.exit ? facts.exit->signal : std::nullopt;
  flight.exit_class = std::string(to_string(exit.exit_class));
  flight.reason = exit.reason;
  flight.cost_usd = facts.findings.cost_usd.value_or(0.0);
  flight.stopped_by_runner = facts.killed_by == WatchdogKill::runner_stopping;
  if (exit.exit_class == ExitClass::rate_limited && facts.findings.rate_limit) {
    const auto min_wait = std::chrono::duration_cast<std::chrono::seconds>(c_.recovery.rate_limit_min_wait);
    WakeUpConfig wake_config{min_wait, std::chrono::duration_cast<std::chrono::seconds>(c_.recovery.rate_limit_max_wait),
                             std::chrono::seconds(15 * 60), std::min(std::chrono::seconds(60), min_wait)};
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    flight.rate_limit_wake = wake_up_time(*facts.findings.rate_limit, flight.ended, wake_config, unit(rng_));
  }
  spdlog::info("session {} ended: {} ({})", flight.number, flight.exit_class, flight.reason);
  if (auto r = record([&](RunState& s) {
        s.in_flight = flight;
        s.journal.push_back({flight.ended, fmt::format("session {}", flight.number), "exited"});
      });
      !r) {
    return std::unexpected(r.error());
  }
  return finish_session(flight);
}

}  // namespace nightdesk::overnight
