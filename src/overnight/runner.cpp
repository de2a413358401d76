#include "overnight/runner.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <thread>

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "overnight/agent_output_scanner.h"
#include "overnight/child_process.h"
#include "overnight/exit_classifier.h"
#include "overnight/progress_file.h"
#include "overnight/restart_policy.h"
#include "overnight/run_state_store.h"
#include "overnight/session_history.h"

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

// A cheap fingerprint of "the repository or the progress file changed": modification times only, no process.
std::int64_t change_fingerprint(const OvernightConfig& c) {
  std::int64_t sum = 0;
  for (const auto& path : {c.paths.progress_file, c.paths.workdir / ".git" / "index",
                           c.paths.workdir / ".git" / "logs" / "HEAD"}) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) sum += st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec + st.st_size;
  }
  return sum;
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
  SessionLoop(const OvernightConfig& config, const std::atomic<bool>* stop, RunStateStore& store)
      : c_(config), stop_(stop), store_(store),
        rule_{config.enforcement.min_completion_pct, config.enforcement.require_p0, config.enforcement.require_p1,
              config.enforcement.require_p2} {}

  Result<RunOutcome> run() {
    auto started = start_run();
    if (!started) return std::unexpected(started.error());
    if (auto early = health_check()) return finish(*early);
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
    return ok();
  }

  Status start_run() {
    auto existing = store_.load();
    if (!existing && existing.error().code != ErrorCode::not_found) return std::unexpected(existing.error());
    const bool resume = existing && !is_final(existing->state.status);
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
    policy_.emplace(RestartPolicyConfig{static_cast<int>(c_.recovery.max_restarts), c_.recovery.backoff_base,
                                        c_.recovery.backoff_max, c_.recovery.backoff_jitter_pct,
                                        c_.recovery.stable_run, static_cast<int>(c_.recovery.pause_after_failures),
                                        c_.recovery.pause_window},
                    std::random_device{}(),
                    RestartPolicyState{static_cast<int>(state_.consecutive_failures), state_.failure_times});
    return ok();
  }

  std::optional<Decision> health_check() {
    auto agent = find_executable(c_.agent.command);
    if (!agent) return Decision{RunStatus::failed, "agent command missing: " + agent.error().message};
    agent_path_ = *agent;
    std::error_code ec;
    if (!std::filesystem::is_directory(c_.paths.workdir, ec)) {
      return Decision{RunStatus::failed, "workdir " + c_.paths.workdir.string() + " is not a directory"};
    }
    return std::nullopt;
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
    if (over_critical_cost(state_.cost_usd)) return Decision{RunStatus::stopped, "cost budget reached"};
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
    return render_prompt(role == "first" ? c_.agent.prompt : c_.agent.continuation_prompt, facts);
  }

  // Watches one running session until it exits or the watchdog stops it; returns why the runner stopped it.
  WatchdogKill supervise(ChildProcess& child, AgentOutputScanner& scanner, Timestamp started) {
    Timestamp last_activity = started;
    std::int64_t fingerprint = change_fingerprint(c_);
    Timestamp next_check = started + c_.watchdog.check_interval;
    const milliseconds tick = std::min(c_.watchdog.check_interval, milliseconds(100));
    while (true) {
      child.wait_for_activity(tick);
      for (const auto& line : child.take_lines()) {
        scanner.scan(line.text, line.received);
        last_activity = line.received;
      }
      if (child.exit_status()) return WatchdogKill::none;
      if (stop_ != nullptr && stop_->load()) return WatchdogKill::runner_stopping;
      const Timestamp t = now();
      if (t < next_check) continue;
      next_check = t + c_.watchdog.check_interval;
      if (std::int64_t f = change_fingerprint(c_); f != fingerprint) {
        fingerprint = f;
        last_activity = t;
      }
      if (stop_requested()) return WatchdogKill::runner_stopping;
      if (t - state_.started_at >= c_.session.max_runtime) return WatchdogKill::runtime_limit;
      double cost = state_.cost_usd + scanner.findings().cost_usd.value_or(0.0);
      if (over_critical_cost(cost)) return WatchdogKill::cost_budget;
      if (t - last_activity >= c_.agent.stall) return WatchdogKill::stall;
      if (t - last_activity >= c_.session.max_idle) return WatchdogKill::idle_limit;
    }
  }

  // One session: start, supervise, record, decide. Returns the exit class and, when the run ends, the decision.
  Result<std::pair<ExitClass, std::optional<Decision>>> run_session(std::optional<ExitClass> previous) {
    const std::string role = role_for(previous);
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
    spdlog::info("session {} ({}) starting: {}", number, role, task.empty() ? "(no task named)" : task);

    SessionEndFacts facts;
    ScannerConfig scan_config = default_scanner_config();
    for (const auto& p : c_.recovery.rate_limit_patterns) scan_config.rate_limit_patterns.push_back(p);
    auto scanner = AgentOutputScanner::create(scan_config);
    if (!scanner) return std::unexpected(scanner.error());
    auto child = ChildProcess::spawn(spec);
    if (!child) {
      facts.command_missing = child.error().code == ErrorCode::not_found;
      if (!facts.command_missing) return std::unexpected(child.error());
    } else {
      facts.killed_by = supervise(*child, *scanner, started);
      facts.exit = facts.killed_by == WatchdogKill::none ? *child->exit_status() : child->terminate(c_.agent.stop_grace);
      for (const auto& line : child->take_lines()) scanner->scan(line.text, line.received);
    }
    facts.findings = scanner->findings();
    const ExitClassification exit = classify(facts);
    return after_session(role, number, task, started, done_before, head_before, log, facts, exit);
  }

  Result<std::pair<ExitClass, std::optional<Decision>>> after_session(
      const std::string& role, std::int64_t number, const std::string& task, Timestamp started, int done_before,
      const std::string& head_before, const std::filesystem::path& log, const SessionEndFacts& facts,
      const ExitClassification& exit) {
    const Timestamp ended = now();
    progress_ = read_progress();
    const int done_after = progress_.overall.done;
    const std::string head_after = git_output(c_.paths.workdir, "rev-parse HEAD");
    const auto commits = commits_between(c_.paths.workdir, head_before, head_after);
    const bool made_progress = done_after > done_before || !commits.empty();
    const double cost = facts.findings.cost_usd.value_or(0.0);
    spdlog::info("session {} ended: {} ({})", number, to_string(exit.exit_class), exit.reason);

    SessionRecord history{state_.run_id, number, role, task, started, ended,
                          facts.exit ? facts.exit->exit_code : std::nullopt,
                          facts.exit ? facts.exit->signal : std::nullopt,
                          std::string(to_string(exit.exit_class)), exit.reason, done_before, done_after, commits,
                          cost, log.string()};
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

    auto recorded = record([&](RunState& s) {
      s.cost_usd += cost;
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

  const OvernightConfig& c_;
  const std::atomic<bool>* stop_;
  RunStateStore& store_;
  DoneRule rule_;
  RunState state_;
  ProgressReport progress_;
  std::filesystem::path agent_path_;
  std::optional<RestartPolicy> policy_;
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

Runner::Runner(OvernightConfig config, const std::atomic<bool>* stop) : config_(std::move(config)), stop_(stop) {}

Result<RunOutcome> Runner::run() {
  RunStateStore store(config_.paths.state_file);
  auto lock = store.claim_runner();
  if (!lock) return std::unexpected(lock.error());
  SessionLoop loop(config_, stop_, store);
  return loop.run();
}

}  // namespace nightdesk::overnight
