#include "overnight/exit_classifier.h"

namespace nightdesk::overnight {

std::string_view to_string(ExitClass c) {
  switch (c) {
    case ExitClass::finished: return "finished";
    case ExitClass::crashed: return "crashed";
    case ExitClass::timed_out: return "timed_out";
    case ExitClass::stalled: return "stalled";
    case ExitClass::rate_limited: return "rate_limited";
    case ExitClass::signalled: return "signalled";
    case ExitClass::over_budget: return "over_budget";
    case ExitClass::command_missing: return "command_missing";
    case ExitClass::auth_failure: return "auth_failure";
    case ExitClass::invalid_config: return "invalid_config";
  }
  return "unknown";
}

std::optional<ExitClass> parse_exit_class(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(ExitClass::invalid_config); ++i) {
    if (to_string(static_cast<ExitClass>(i)) == name) return static_cast<ExitClass>(i);
  }
  return std::nullopt;
}

bool retryable(ExitClass c) {
  switch (c) {
    case ExitClass::crashed:
    case ExitClass::stalled:
    case ExitClass::rate_limited:
    case ExitClass::signalled:
      return true;
    case ExitClass::finished:  // nothing failed; a continuation is not a retry
    case ExitClass::timed_out:
    case ExitClass::over_budget:
    case ExitClass::command_missing:
    case ExitClass::auth_failure:
    case ExitClass::invalid_config:
      return false;
  }
  return false;
}

std::string_view to_string(WatchdogKill k) {
  switch (k) {
    case WatchdogKill::none: return "none";
    case WatchdogKill::runtime_limit: return "runtime limit";
    case WatchdogKill::idle_limit: return "idle limit";
    case WatchdogKill::stall: return "stall";
    case WatchdogKill::cost_budget: return "cost budget";
    case WatchdogKill::memory_critical: return "memory critical";
    case WatchdogKill::runner_stopping: return "runner stopping";
  }
  return "unknown";
}

namespace {

std::string exit_text(const SessionEndFacts& facts) {
  return facts.exit ? facts.exit->describe() : std::string("never started");
}

ExitClassification by_watchdog(const SessionEndFacts& facts, ExitClass c) {
  return {c, "watchdog: " + std::string(to_string(facts.killed_by)) + " (" + exit_text(facts) + ")"};
}

}  // namespace

ExitClassification classify(const SessionEndFacts& facts) {
  const ScanFindings& found = facts.findings;
  if (facts.command_missing) return {ExitClass::command_missing, "agent command not found"};
  if (facts.invalid_config) return {ExitClass::invalid_config, "invalid configuration"};
  if (facts.killed_by == WatchdogKill::runtime_limit) return by_watchdog(facts, ExitClass::timed_out);
  if (facts.killed_by == WatchdogKill::cost_budget) return by_watchdog(facts, ExitClass::over_budget);
  // A limit explains a stall or a non-zero exit better than the symptom does, and means "wait", not "retry".
  if (found.rate_limit) return {ExitClass::rate_limited, "usage limit: " + found.rate_limit->evidence};
  if (found.auth_failure) return {ExitClass::auth_failure, "authentication failed: " + *found.auth_failure};
  switch (facts.killed_by) {
    case WatchdogKill::stall:
    case WatchdogKill::idle_limit:
      return by_watchdog(facts, ExitClass::stalled);
    case WatchdogKill::memory_critical:
      return by_watchdog(facts, ExitClass::crashed);
    case WatchdogKill::runner_stopping:
      return by_watchdog(facts, ExitClass::signalled);
    default:
      break;
  }
  if (!facts.exit) return {ExitClass::crashed, "never started"};
  if (facts.exit->signal) return {ExitClass::signalled, exit_text(facts)};
  if (facts.exit->exit_code != 0) return {ExitClass::crashed, exit_text(facts)};
  return {ExitClass::finished, exit_text(facts)};
}

}  // namespace nightdesk::overnight
