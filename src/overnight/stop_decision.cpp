// SessionLoop, before every session start: stop requests, the completion rule (stop_rule.h), the run's limits
// (runtime, sessions, cost, continuations), and waits (usage limit, agent calls per hour). Checked right after
// the previous session was recorded, so a run never starts a session after its work is complete.
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "overnight/session_loop.h"
#include "overnight/session_watchdog.h"
#include "overnight/stop_rule.h"

namespace nightdesk::overnight {
namespace {

Timestamp now() { return RealClock().now(); }

}  // namespace

std::optional<SessionLoop::Decision> SessionLoop::limits_before_session(std::optional<ExitClass> previous) {
  maybe_reload();
  if (stop_requested()) return Decision{RunStatus::stopped, "stop requested"};
  progress_ = read_progress();
  (void)record([&](RunState& s) { s.progress = summarize(progress_, rule_); });
  if (auto complete = completion()) return complete;
  const std::string left = two_phase() ? "features remain" : evaluate_done(progress_, rule_).reason;
  if (now() - state_.started_at >= c_.session.max_runtime) return Decision{RunStatus::stopped, "runtime limit reached"};
  if (c_.session.max_sessions > 0 && state_.session >= c_.session.max_sessions) {
    return Decision{RunStatus::stopped, fmt::format("session limit {} reached", c_.session.max_sessions)};
  }
  if (over_critical_cost(current_cost(0))) return Decision{RunStatus::stopped, "cost budget reached"};
  if (previous == ExitClass::finished && !initializer_needed()) {
    if (!c_.enforcement.continuous_mode) {
      return Decision{RunStatus::stopped, "agent stopped with work left and continuous_mode is off: " + left};
    }
    if (state_.continuations_used >= c_.session.max_continuation_attempts) {
      return Decision{RunStatus::failed, fmt::format("{} continuation attempts used and work remains: {}",
                                                     state_.continuations_used, left)};
    }
  }
  return std::nullopt;
}

// The stop rule on facts the runner established itself; in two_phase, the required features' verifications
// run once more before the run is called complete.
std::optional<SessionLoop::Decision> SessionLoop::completion() {
  StopFacts facts;
  facts.mode = c_.protocol.mode;
  facts.rule = rule_;
  facts.progress = &progress_;
  facts.accepted = accepted_.empty() ? nullptr : &accepted_;
  if (!c_.tests.command.empty()) facts.tests_green = state_.tests_green.value_or(false);
  facts.signal_required = c_.protocol.require_completion_signal;
  if (facts.signal_required) facts.signal = read_completion_signal(c_.protocol.completion_signal_file);
  facts.run_id = state_.run_id;
  facts.last_session = state_.session;
  StopVerdict verdict = decide_completion(facts);
  if (verdict.complete && two_phase()) {
    reverify_before_completion();
    verdict = decide_completion(facts);
  }
  if (!verdict.complete) {
    spdlog::debug("not complete: {}", verdict.reason);
    return std::nullopt;
  }
  return Decision{RunStatus::completed, verdict.reason};
}

bool SessionLoop::over_critical_cost(double cost) const {
  return c_.budget.max_cost_usd > 0 && cost >= c_.budget.max_cost_usd * c_.budget.critical_threshold_pct / 100.0;
}

// A persisted restart backoff or usage-limit wake-up (possibly from an earlier runner that died during it), or
// the agent-calls-per-hour budget.
bool SessionLoop::waited_before_next_call() {
  std::optional<Timestamp> until = state_.rate_limit_until;
  if (state_.restart_at && (!until || *state_.restart_at > *until)) until = state_.restart_at;
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
  if (!until || *until <= now()) {
    if (state_.restart_at) (void)record([](RunState& s) { s.restart_at.reset(); });
    return false;
  }
  spdlog::info("waiting until {} before the next agent call", format_iso8601(*until));
  (void)record([](RunState& s) { s.status = RunStatus::waiting; });
  sleep_until(*until);
  (void)record([&](RunState& s) {
    s.status = RunStatus::running;
    if (s.rate_limit_until && *s.rate_limit_until <= now()) s.rate_limit_until.reset();
    if (s.restart_at && *s.restart_at <= now()) s.restart_at.reset();
  });
  return true;
}

}  // namespace nightdesk::overnight
