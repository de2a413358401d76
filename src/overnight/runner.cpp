#include "overnight/runner.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <thread>

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "overnight/agent_output_scanner.h"
#include "overnight/checkpoint_keeper.h"
#include "overnight/child_process.h"
#include "overnight/exit_classifier.h"
#include "overnight/progress_file.h"
#include "overnight/restart_policy.h"
#include "overnight/run_observability.h"
#include "overnight/run_health_check.h"
#include "overnight/run_state_store.h"
#include "overnight/session_history.h"
#include "overnight/session_watchdog.h"

namespace nightdesk::overnight {
namespace {

using Clock = std::chrono::system_clock;
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

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Output of a short git query in the work tree; empty on failure (git is optional for supervision).
std::string git_output(const std::filesystem::path& workdir, const std::string& args) {
  std::string cmd = "git -C " + shell_quote(workdir.string()) + " " + args + " 2>/dev/null";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return {};
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) out += buf;
  if (::pclose(pipe) != 0) return {};
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::vector<std::string> commits_between(const std::filesystem::path& workdir, const std::string& from,
                                         const std::string& to) {
  std::vector<std::string> commits;
  if (from.empty() || to.empty() || from == to) return commits;
  std::string list = git_output(workdir, "rev-list --reverse " + from + ".." + to);
  std::size_t start = 0;
  while (start < list.size()) {
    std::size_t end = list.find('\n', start);
    commits.push_back(list.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return commits;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

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

// The session loop for one run; lives for the duration of Runner::run.
class SessionLoop {
 public:
  SessionLoop(const OvernightConfig& config, const std::atomic<bool>* stop, std::atomic<bool>* reload,
              RunStateStore& store, RunObserver* observer = nullptr)
      : c_(config), stop_(stop), reload_(reload), store_(store), observer_(observer), rule_(done_rule(config)) {}

  Result<RunOutcome> run() {
    auto started = start_run();
    if (!started) return std::unexpected(started.error());
    if (auto early = health_check()) return finish(*early);
    if (auto early = baseline_and_start_point()) return finish(*early);
    std::optional<ExitClass> previous;  // how the last session ended, in this runner process
    while (true) {
      if (auto stop = limits_before_session(previous)) return finish(*stop);
      if (waited_for_usage_limit()) continue;
      auto session = run_session(previous);
      if (!session) return finish({RunStatus::failed, session.error().message});
      previous = session->first;
      if (session->second) return finish(*session->second);
    }
  }

 private:
  struct Decision {
    RunStatus status;
    std::string reason;
  };

  Status record(const std::function<void(RunState&)>& change) {
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

  static DoneRule done_rule(const OvernightConfig& c) {
    return {c.enforcement.min_completion_pct, c.enforcement.require_p0, c.enforcement.require_p1,
            c.enforcement.require_p2};
  }

  void warn(std::int64_t session, const std::string& kind, const std::string& detail) {
    spdlog::warn("{}: {}", kind, detail);
    const Timestamp t = now();
    (void)record([&](RunState& s) { add_warning(s, {t, session, kind, detail}); });
  }

  void journal(const std::string& step, const std::string& phase) {
    const Timestamp t = now();
    (void)record([&](RunState& s) { s.journal.push_back({t, step, phase}); });
  }

  // SIGHUP: re-read the configuration file. An invalid file changes nothing; the paths of a running run
  // (state, history, work tree) stay as they were.
  void maybe_reload() {
    if (reload_ == nullptr || !reload_->exchange(false)) return;
    auto fresh = load_overnight_config(c_.source);
    if (!fresh) {
      warn(state_.session, "config_reload",
           "kept the running configuration; " + c_.source.string() + " is invalid: " + fresh.error().message);
      return;
    }
    fresh->paths = c_.paths;
    c_ = std::move(*fresh);
    rule_ = done_rule(c_);
    make_policy();
    spdlog::info("configuration reloaded from {}", c_.source.string());
    const Timestamp t = now();
    (void)record([&](RunState& s) { add_note(s, t, "configuration reloaded from " + c_.source.string()); });
  }

  void make_policy() {
    policy_.emplace(RestartPolicyConfig{static_cast<int>(c_.recovery.max_restarts), c_.recovery.backoff_base,
                                        c_.recovery.backoff_max, c_.recovery.backoff_jitter_pct,
                                        c_.recovery.stable_run, static_cast<int>(c_.recovery.pause_after_failures),
                                        c_.recovery.pause_window},
                    std::random_device{}(),
                    RestartPolicyState{static_cast<int>(state_.consecutive_failures), state_.failure_times});
  }

  Status start_run() {
    auto existing = store_.load();
    if (!existing && existing.error().code != ErrorCode::not_found) return std::unexpected(existing.error());
    const bool resume = existing && !is_final(existing->state.status);
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

  // B6 health check (see run_health_check.h).
  std::optional<Decision> health_check() {
    journal("health_check", "begin");
    const HealthCheck check = run_health_check(c_, state_.run_id, resumed_);
    if (!check.failure.empty()) return Decision{RunStatus::failed, check.failure};
    agent_path_ = check.agent_path;
    is_git_ = check.git_repository;
    for (const auto& pattern : check.excluded) spdlog::info("added {} to .git/info/exclude", pattern);
    const Timestamp t = now();
    (void)record([&](RunState& s) {
      if (check.stash_name) {
        s.pre_run_stash = *check.stash_name;
        add_note(s, t, "uncommitted changes found before the first session were stashed as " + *check.stash_name);
      }
      s.journal.push_back({t, "health_check", "end"});
    });
    if (check.stash_name) spdlog::warn("uncommitted changes stashed as {}", *check.stash_name);
    return std::nullopt;
  }

  // B6 baseline: the tests before any session (red: stop, or tell the agent to fix them first), then the
  // run's starting checkpoint, which a regression rolls back to.
  std::optional<Decision> baseline_and_start_point() {
    std::optional<std::string> last_tag;
    if (state_.last_checkpoint) last_tag = state_.last_checkpoint->tag;
    keeper_.emplace(c_, state_.run_id, state_.checkpoint_count + 1, last_tag,
                    static_cast<std::int64_t>(state_.rollbacks.size()));
    cost_warned_ = std::any_of(state_.warnings.begin(), state_.warnings.end(),
                               [](const WarningRecord& w) { return w.kind == "cost"; });
    if (resumed_) {
      // Still told to fix the tests when the baseline was red and no checkpoint (green tests) came since.
      fix_tests_ = state_.baseline && state_.baseline->action == "fix_first" && state_.checkpoint_count <= 1;
      if (fix_tests_) baseline_summary_ = state_.baseline->summary;
      return std::nullopt;
    }
    std::optional<TestRun> baseline;
    if (!c_.tests.command.empty()) {
      journal("baseline", "begin");
      auto tests = keeper_->run_tests_now("baseline");
      if (!tests) return Decision{RunStatus::failed, "cannot run the baseline tests: " + tests.error().message};
      baseline = *tests;
      const bool stop = !tests->passed && c_.tests.on_red == OnRedBaseline::stop;
      const std::string action = tests->passed ? "proceed" : stop ? "stop" : "fix_first";
      const Timestamp t = now();
      (void)record([&](RunState& s) {
        s.baseline = BaselineRecord{t, tests->passed, tests->summary(), action};
        s.journal.push_back({t, "baseline", "end"});
      });
      nlohmann::json line = {{"type", "baseline"},       {"run_id", state_.run_id}, {"at", format_iso8601(t)},
                             {"command", c_.tests.command}, {"passed", tests->passed}, {"summary", tests->summary()},
                             {"action", action}};
      if (auto appended = append_json_line(c_.paths.history_file, line); !appended) {
        spdlog::warn("cannot append the baseline to the history: {}", appended.error().message);
      }
      if (stop) {
        return Decision{RunStatus::failed, "baseline tests are red (" + tests->summary() +
                                               "); tests.on_red is stop: fix them or set on_red: fix_first"};
      }
      if (!tests->passed) {
        fix_tests_ = true;
        baseline_summary_ = tests->summary();
        spdlog::warn("baseline tests are red ({}): the agent is told to fix them first", tests->summary());
      }
    }
    if (is_git_ && c_.checkpoints.enabled) apply_gate(keeper_->start_point(0, baseline), 0);
    return std::nullopt;
  }

  // Records what a gate did in the state; returns it (a default GateResult when it failed, as a warning).
  GateResult apply_gate(Result<GateResult> gate, std::int64_t session) {
    if (!gate) {
      warn(session, "checkpoint", gate.error().message);
      return {};
    }
    const Timestamp t = now();
    (void)record([&](RunState& s) {
      if (gate->new_checkpoint()) {
        ++s.checkpoint_count;
        s.last_checkpoint = CheckpointRecord{gate->checkpoint->number, gate->checkpoint->tag, gate->checkpoint->commit, t};
        s.journal.push_back({t, "checkpoint " + std::to_string(gate->checkpoint->number), "end"});
      }
      if (gate->checkpoint && gate->checkpoint->outcome == CheckpointOutcome::hook_rejected) {
        add_warning(s, {t, session, "hook_rejected",
                        "a commit hook refused the checkpoint commit (not bypassed): " + gate->checkpoint->hook_output});
      }
      if (gate->rollback) {
        s.rollbacks.push_back({t, session, gate->rollback->restored_tag, gate->rollback->failed_branch,
                               gate->rollback_reason});
        s.journal.push_back({t, "rollback", "end"});
        add_note(s, t, "rolled back to " + gate->rollback->restored_tag + ": " + gate->rollback_reason +
                           "; the attempt is on branch " + gate->rollback->failed_branch);
      }
    });
    if (gate->tests && gate->tests->passed) fix_tests_ = false;
    return *gate;
  }

  double current_cost(double reported) const {
    if (!c_.budget.cost_file.empty()) {
      if (auto from_file = read_cost_file(c_.budget.cost_file)) return *from_file;
    }
    return state_.cost_usd + reported;
  }

  bool stop_requested() {
    if (stop_ != nullptr && stop_->load()) return true;
    auto loaded = store_.load();
    return loaded && loaded->state.stop_requested;
  }

  ProgressReport read_progress() {
    auto report = read_progress_file(c_.paths.progress_file);
    if (!report) return {};
    for (const auto& bad : report->malformed) {
      spdlog::warn("{}:{}: malformed task line ({}): {}", c_.paths.progress_file.string(), bad.line, bad.why, bad.text);
    }
    return *report;
  }

  // Limits and the done rule, checked before every session start.
  std::optional<Decision> limits_before_session(std::optional<ExitClass> previous) {
    maybe_reload();
    if (stop_requested()) return Decision{RunStatus::stopped, "stop requested"};
    progress_ = read_progress();
    const DoneVerdict verdict = evaluate_done(progress_, rule_);
    (void)record([&](RunState& s) { s.progress = summarize(progress_, rule_); });
    if (verdict.done) return Decision{RunStatus::completed, verdict.reason};
    if (now() - state_.started_at >= c_.session.max_runtime) {
      return Decision{RunStatus::stopped, "runtime limit reached"};
    }
    if (c_.session.max_sessions > 0 && state_.session >= c_.session.max_sessions) {
      return Decision{RunStatus::stopped, fmt::format("session limit {} reached", c_.session.max_sessions)};
    }
    if (over_critical_cost(current_cost(0))) return Decision{RunStatus::stopped, "cost budget reached"};
    if (previous == ExitClass::finished) {
      if (!c_.enforcement.continuous_mode) {
        return Decision{RunStatus::stopped, "agent stopped with tasks left and continuous_mode is off: " + verdict.reason};
      }
      if (state_.continuations_used >= c_.session.max_continuation_attempts) {
        return Decision{RunStatus::failed, fmt::format("{} continuation attempts used and tasks remain: {}",
                                                       state_.continuations_used, verdict.reason)};
      }
    }
    return std::nullopt;
  }

  bool over_critical_cost(double cost) const {
    return c_.budget.max_cost_usd > 0 && cost >= c_.budget.max_cost_usd * c_.budget.critical_threshold_pct / 100.0;
  }

  // Sleeps until `until` unless a stop is requested; false when interrupted.
  bool sleep_until(Timestamp until) {
    while (now() < until) {
      maybe_reload();
      if (stop_requested()) return false;
      auto left = std::chrono::duration_cast<milliseconds>(until - now());
      std::this_thread::sleep_for(std::clamp(left, milliseconds(1), milliseconds(100)));
    }
    return true;
  }

  // A persisted usage-limit wake-up (possibly from an earlier runner) or the agent-calls-per-hour budget.
  bool waited_for_usage_limit() {
    std::optional<Timestamp> until = state_.rate_limit_until;
    if (c_.session.max_agent_calls_per_hour > 0) {
      std::vector<Timestamp> recent;
      for (Timestamp t : state_.agent_calls) {
        if (now() - t < std::chrono::hours(1)) recent.push_back(t);
      }
      if (static_cast<std::int64_t>(recent.size()) >= c_.session.max_agent_calls_per_hour) {
        Timestamp free_at = recent[recent.size() - static_cast<std::size_t>(c_.session.max_agent_calls_per_hour)] +
                            std::chrono::hours(1);
        if (!until || free_at > *until) until = free_at;
      }
    }
    if (!until || *until <= now()) return false;
    spdlog::info("waiting until {} before the next agent call", format_iso8601(*until));
    (void)record([](RunState& s) { s.status = RunStatus::waiting; });
    sleep_until(*until);
    (void)record([&](RunState& s) {
      s.status = RunStatus::running;
      if (s.rate_limit_until && *s.rate_limit_until <= now()) s.rate_limit_until.reset();
    });
    return true;
  }

  std::string role_for(std::optional<ExitClass> previous) const {
    if (!previous) return state_.session == 0 ? "first" : "resume";
    if (*previous == ExitClass::finished) return "continuation";
    return "restart";
  }

  std::string prompt_for(const std::string& role, std::int64_t session) const {
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
    std::string prompt = render_prompt(role == "first" ? c_.agent.prompt : c_.agent.continuation_prompt, facts);
    if (!fix_tests_) return prompt;
    return fmt::format("FIRST fix the test suite: it was red before this run started (`{}`: {}). Make it pass and "
                       "commit, then go on with the task list.\n\n{}",
                       c_.tests.command, baseline_summary_, prompt);
  }

  // Watches one running session until it exits or the watchdog stops it; returns why the runner stopped it
  // (with the detail in `why`), takes interval checkpoints and collects the session's warnings.
  WatchdogKill supervise(ChildProcess& child, AgentOutputScanner& scanner, Timestamp started, std::int64_t number,
                         std::string& why, std::vector<std::string>& warnings) {
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

  // One session: start, supervise, record, decide. Returns the exit class and, when the run ends, the decision.
  Result<std::pair<ExitClass, std::optional<Decision>>> run_session(std::optional<ExitClass> previous) {
    const std::string role = role_for(previous);
    const std::string recorded_role = fix_tests_ ? "fix_tests" : role;
    const std::int64_t number = state_.session + 1;
    const std::string prompt = prompt_for(role, number);
    const ProgressTask* next = progress_.next_task();
    const std::string task = next ? next->text : "";
    const int done_before = progress_.overall.done;
    const std::string head_before = git_output(c_.paths.workdir, "rev-parse HEAD");
    const auto log = c_.paths.log_dir / state_.run_id / fmt::format("session-{}.log", number);

    const Timestamp started = now();
    if (auto r = record([&](RunState& s) {
          s.session = number;
          s.status = RunStatus::running;
          s.current_task = task;
          s.agent_calls.push_back(started);
          if (role == "continuation") {
            ++s.continuations_used;
            s.continuations.push_back({started, number, "agent stopped with tasks left"});
          }
          s.journal.push_back({started, fmt::format("session {}", number), "begin"});
        });
        !r) {
      return std::unexpected(r.error());
    }

    ChildSpec spec;
    spec.argv = agent_argv(c_.agent, prompt);
    spec.argv[0] = agent_path_.string();
    spec.cwd = c_.paths.workdir;
    spec.env = {{"OVERNIGHT_RUN_ID", state_.run_id}, {"OVERNIGHT_SESSION", std::to_string(number)}};
    spec.stdout_log = log;
    spec.stderr_log = log;
    std::error_code ignored;
    std::filesystem::create_directories(log.parent_path(), ignored);
    spdlog::info("session {} ({}) starting: {}", number, recorded_role, task.empty() ? "(no task named)" : task);

    SessionEndFacts facts;
    std::string why;
    std::vector<std::string> warnings;
    ScannerConfig scan_config = default_scanner_config();
    for (const auto& p : c_.recovery.rate_limit_patterns) scan_config.rate_limit_patterns.push_back(p);
    auto scanner = AgentOutputScanner::create(scan_config);
    if (!scanner) return std::unexpected(scanner.error());
    auto child = ChildProcess::spawn(spec);
    if (!child) {
      facts.command_missing = child.error().code == ErrorCode::not_found;
      if (!facts.command_missing) return std::unexpected(child.error());
    } else {
      facts.killed_by = supervise(*child, *scanner, started, number, why, warnings);
      facts.exit = facts.killed_by == WatchdogKill::none ? *child->exit_status() : child->terminate(c_.agent.stop_grace);
      // The leader is gone, but a line it (or a straggler) wrote just before may still be in the pipe: wait
      // until every writer has closed, so a final cost record is never missed.
      child->wait_for_output_end(std::max(c_.agent.stop_grace, milliseconds(2000)));
      for (const auto& line : child->take_lines()) scanner->scan(line.text, line.received);
    }
    facts.findings = scanner->findings();
    ExitClassification exit = classify(facts);
    if (!why.empty()) exit.reason += " (" + why + ")";
    return after_session(recorded_role, number, task, started, done_before, head_before, log, facts, exit,
                         warnings);
  }

  Result<std::pair<ExitClass, std::optional<Decision>>> after_session(
      const std::string& recorded_role, std::int64_t number, const std::string& task,
      Timestamp started, int done_before, const std::string& head_before, const std::filesystem::path& log,
      const SessionEndFacts& facts, const ExitClassification& exit, const std::vector<std::string>& warnings) {
    const Timestamp ended = now();
    progress_ = read_progress();
    const int done_after = progress_.overall.done;
    const std::string head_after = git_output(c_.paths.workdir, "rev-parse HEAD");
    const auto commits = commits_between(c_.paths.workdir, head_before, head_after);
    bool made_progress = done_after > done_before || !commits.empty();
    const double cost = facts.findings.cost_usd.value_or(0.0);
    spdlog::info("session {} ended: {} ({})", number, to_string(exit.exit_class), exit.reason);

    // The test gate: checkpoint what the agent left, or roll back when the tests got worse. Not while the
    // runner is being stopped (a person is waiting), nor when no session ran.
    GateResult gate;
    if (keeper_ && is_git_ && facts.exit && facts.killed_by != WatchdogKill::runner_stopping) {
      journal(fmt::format("checkpoint gate {}", number), "begin");
      gate = apply_gate(keeper_->gate("session_end", number, true), number);
      journal(fmt::format("checkpoint gate {}", number), "end");
      if (gate.rollback) {
        progress_ = read_progress();  // the progress file went back with the work tree
        made_progress = false;
      }
    }

    SessionRecord history;
    history.run_id = state_.run_id;
    history.session = number;
    history.role = recorded_role;
    history.task = task;
    history.started = started;
    history.ended = ended;
    history.exit_code = facts.exit ? facts.exit->exit_code : std::nullopt;
    history.signal = facts.exit ? facts.exit->signal : std::nullopt;
    history.exit_class = std::string(to_string(exit.exit_class));
    history.reason = exit.reason;
    history.tasks_done_before = done_before;
    history.tasks_done_after = done_after;
    history.commits = commits;
    history.cost_usd = cost;
    history.log = log.string();
    history.tests = gate.tests ? gate.tests->summary() : "";
    history.checkpoint = gate.describe();
    history.rollback = gate.rollback ? gate.rollback->failed_branch : "";
    history.warnings = warnings;
    if (auto appended = append_session_record(c_.paths.history_file, history); !appended) {
      spdlog::warn("cannot append session history: {}", appended.error().message);
    }

    std::optional<Decision> end;
    std::optional<RestartDecision> restart;
    std::optional<Timestamp> wake;
    const bool failed = retryable(exit.exit_class) && exit.exit_class != ExitClass::rate_limited;
    if (exit.exit_class == ExitClass::rate_limited && facts.findings.rate_limit) {
      const auto min_wait = std::chrono::duration_cast<std::chrono::seconds>(c_.recovery.rate_limit_min_wait);
      WakeUpConfig wake_config{min_wait, std::chrono::duration_cast<std::chrono::seconds>(c_.recovery.rate_limit_max_wait),
                               std::chrono::seconds(15 * 60), std::min(std::chrono::seconds(60), min_wait)};
      std::uniform_real_distribution<double> unit(0.0, 1.0);
      wake = wake_up_time(*facts.findings.rate_limit, ended, wake_config, unit(rng_));
    } else if (facts.killed_by == WatchdogKill::runner_stopping) {
      end = Decision{RunStatus::stopped, "stop requested"};
    } else if (!retryable(exit.exit_class) && exit.exit_class != ExitClass::finished) {
      end = Decision{exit.exit_class == ExitClass::timed_out || exit.exit_class == ExitClass::over_budget
                         ? RunStatus::stopped : RunStatus::failed,
                     std::string(to_string(exit.exit_class)) + ": " + exit.reason};
    } else {
      restart = policy_->decide(SessionEnd{started, ended, failed, made_progress});
      if (restart->action == RestartAction::give_up) end = Decision{RunStatus::failed, restart->reason};
      if (restart->action == RestartAction::pause) end = Decision{RunStatus::paused, restart->reason};
    }

    const double run_cost = current_cost(cost);
    auto recorded = record([&](RunState& s) {
      s.cost_usd = run_cost;
      s.progress = summarize(progress_, rule_);
      for (const auto& t : progress_.tasks) {
        if (t.state != TaskState::done) continue;
        bool known = std::any_of(s.completed_tasks.begin(), s.completed_tasks.end(),
                                 [&](const CompletedTask& c) { return c.text == t.text && c.id == t.id; });
        if (!known) s.completed_tasks.push_back({t.id, t.text, ended});
      }
      if (progress_.goal.size() > 0) s.goal = progress_.goal;
      s.journal.push_back({ended, fmt::format("session {}", number), "end"});
      if (wake) {
        s.rate_limit_until = *wake;
        s.status = RunStatus::waiting;
        add_note(s, ended, "usage limit: waiting until " + format_iso8601(*wake));
      }
      if (restart) {
        s.consecutive_failures = policy_->state().consecutive_failures;
        s.failure_times = policy_->state().recent_failures;
        if (restart->action != RestartAction::proceed) {
          ++s.total_restarts;
          s.restarts.push_back({ended, number, std::string(to_string(exit.exit_class)) + ": " + exit.reason});
        }
        if (restart->action == RestartAction::restart) s.status = RunStatus::waiting;
      }
    });
    if (!recorded) return std::unexpected(recorded.error());
    if (restart && restart->action == RestartAction::restart) {
      spdlog::info("restarting in {} ms: {}", restart->delay.count(), restart->reason);
      if (observer_ != nullptr) observer_->on_restart_delay(restart->delay);
      sleep_until(now() + restart->delay);
    }
    return std::pair{exit.exit_class, end};
  }

  RunOutcome finish(const Decision& decision) {
    const Timestamp t = now();
    (void)record([&](RunState& s) {
      s.status = decision.status;
      s.end_reason = decision.reason;
      s.journal.push_back({t, "run", decision.status == RunStatus::paused ? "paused" : "end"});
    });
    spdlog::info("run {} {}: {}", state_.run_id, to_string(decision.status), decision.reason);
    return {state_.run_id, decision.status, decision.reason};
  }

  OvernightConfig c_;  // a copy: SIGHUP replaces it
  const std::atomic<bool>* stop_;
  std::atomic<bool>* reload_;
  RunStateStore& store_;
  RunObserver* observer_;  // status server and notifications; may be null
  DoneRule rule_;
  RunState state_;
  ProgressReport progress_;
  std::filesystem::path agent_path_;
  std::optional<RestartPolicy> policy_;
  std::optional<CheckpointKeeper> keeper_;
  bool resumed_ = false;
  bool is_git_ = false;
  bool fix_tests_ = false;  // the baseline was red and no test run has passed since
  std::string baseline_summary_;
  bool cost_warned_ = false;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace

std::string render_prompt(std::string_view templ, const PromptFacts& f) {
  std::string out(templ);
  replace_all(out, "{task}", f.task);
  replace_all(out, "{task_id}", f.task_id);
  replace_all(out, "{priority}", f.priority);
  replace_all(out, "{progress_file}", f.progress_file);
  replace_all(out, "{notes_file}", f.notes_file);
  replace_all(out, "{run_id}", f.run_id);
  replace_all(out, "{session}", std::to_string(f.session));
  replace_all(out, "{completion_pct}", fmt::format("{:.0f}", f.completion_pct));
  replace_all(out, "{pending}", std::to_string(f.pending));
  return out;
}

std::vector<std::string> agent_argv(const AgentSettings& agent, const std::string& prompt) {
  std::vector<std::string> argv{agent.command};
  bool placed = false;
  for (std::string arg : agent.args) {
    if (arg.find("{prompt}") != std::string::npos) {
      replace_all(arg, "{prompt}", prompt);
      placed = true;
    }
    argv.push_back(std::move(arg));
  }
  if (!placed) argv.push_back(prompt);
  return argv;
}

Runner::Runner(OvernightConfig config, const std::atomic<bool>* stop, std::atomic<bool>* reload)
    : config_(std::move(config)), stop_(stop), reload_(reload) {}

Result<RunOutcome> Runner::run() {
  RunStateStore store(config_.paths.state_file);
  auto lock = store.claim_runner();
  if (!lock) return std::unexpected(lock.error());
  RunObservability observability(config_);  // serves and notifies while the lock is held
  SessionLoop loop(config_, stop_, reload_, store, &observability);
  return loop.run();
}

}  // namespace nightdesk::overnight
