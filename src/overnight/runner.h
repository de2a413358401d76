// Runner: the session loop of an overnight run (spec B5). It claims the state file, starts the agent with the
// next task's prompt, watches it (exit, output, stall, idle, runtime, cost, stop requests), records every
// session, and decides: continue, restart after backoff, wait out a usage limit, pause, or stop.
// Before the first session: environment health check, baseline tests and the starting checkpoint; after each
// session (and every checkpoint interval): the test gate, checkpoint or rollback (spec B6).
// One Runner per process, driven by the main thread; `stop` and `reload` may be set from signal handlers.
#pragma once

#include <atomic>
#include <string>

#include "common/error.h"
#include "overnight/overnight_config.h"
#include "overnight/run_state.h"

namespace nightdesk::overnight {

struct RunOutcome {
  std::string run_id;
  RunStatus status = RunStatus::failed;  // completed, failed, stopped or paused
  std::string reason;
};

class Runner {
 public:
  // `stop` (may be null) is polled: when it becomes true the session is stopped cleanly and the run recorded as
  // stopped. `reload` (may be null; set from a SIGHUP handler) is polled and cleared: the configuration is
  // re-read from its file; an invalid one is recorded and the running configuration kept.
  Runner(OvernightConfig config, const std::atomic<bool>* stop, std::atomic<bool>* reload = nullptr);

  // Runs until the run completes, fails, pauses or is stopped. An error (nothing recorded as a run outcome) only
  // when the run cannot start: conflict when another runner holds the state file, or the state is unreadable.
  // A run whose state file holds an unfinished run resumes it (same run id, counters, usage-limit wait).
  Result<RunOutcome> run();

 private:
  OvernightConfig config_;
  const std::atomic<bool>* stop_;
  std::atomic<bool>* reload_;
};

// The prompt for a session: `templ` with {task}, {task_id}, {priority}, {progress_file}, {notes_file},
// {session}, {run_id}, {completion_pct} and {pending} replaced.
struct PromptFacts {
  std::string task, task_id, priority, progress_file, notes_file, run_id;
  std::int64_t session = 0;
  double completion_pct = 0;
  int pending = 0;
};
std::string render_prompt(std::string_view templ, const PromptFacts& facts);

// argv for the agent: command, then args with "{prompt}" replaced; the prompt is appended when no argument
// names it.
std::vector<std::string> agent_argv(const AgentSettings& agent, const std::string& prompt);

}  // namespace nightdesk::overnight
