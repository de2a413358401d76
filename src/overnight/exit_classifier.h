// Exit classification: turns how a session ended (exit status, watchdog kill, agent output findings)
// into one ExitClass that the restart policy, the state file and the metrics use. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "overnight/agent_output_scanner.h"
#include "overnight/child_process.h"

namespace nightdesk::overnight {

enum class ExitClass {
  finished,         // exit code 0 and nothing else wrong; the progress file decides whether work remains
  crashed,          // non-zero exit, or killed by the memory watchdog
  timed_out,        // the run's total runtime limit was reached
  stalled,          // no output and no repository change for the stall/idle limit
  rate_limited,     // the agent reported a usage limit: wait until it resets, then continue
  signalled,        // killed by a signal the runner did not send (OOM killer, a person)
  over_budget,      // the cost budget reached its critical threshold
  command_missing,  // the agent command is not installed: nothing to retry
  auth_failure,     // the agent cannot authenticate: a person must log in
  invalid_config,   // the configuration cannot work
};
std::string_view to_string(ExitClass c);
// The inverse of to_string; nullopt for an unknown name.
std::optional<ExitClass> parse_exit_class(std::string_view name);
// Whether starting the agent again can help (after backoff, or after the rate-limit wait).
bool retryable(ExitClass c);

// Why the runner's watchdog stopped the session, if it did.
enum class WatchdogKill { none, runtime_limit, idle_limit, stall, cost_budget, memory_critical, runner_stopping };
std::string_view to_string(WatchdogKill k);

// Everything known about one session's end.
struct SessionEndFacts {
  std::optional<ExitStatus> exit;  // empty when the session never started
  bool command_missing = false;    // find_executable failed before spawning
  bool invalid_config = false;
  WatchdogKill killed_by = WatchdogKill::none;
  ScanFindings findings;  // from AgentOutputScanner over the session's output
};

struct ExitClassification {
  ExitClass exit_class = ExitClass::finished;
  std::string reason;  // one line: "exit code 1", "stalled: watchdog stopped it (signal 15 ...)"
};

// Precedence, most decisive first: command missing, invalid config, the run's own limits (runtime, cost),
// a usage limit the agent reported, authentication failure, watchdog stall/idle/memory, the runner
// stopping, then the exit status itself.
ExitClassification classify(const SessionEndFacts& facts);

}  // namespace nightdesk::overnight
