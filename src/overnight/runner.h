// Runner: the session loop of an overnight run (spec B5). It claims the state file, starts the agent with the
// next task's prompt, watches it (exit, output, stall, idle, runtime, cost, stop requests), records every
// session, and decides: continue, restart after backoff, wait out a usage limit, pause, or stop.
// Before the first session: environment health check, baseline tests and the starting checkpoint; after each
// session (and every checkpoint interval): the test gate, checkpoint or rollback (spec B6); in two-phase mode the
// initializer, the frozen feature registry and the runner's own verification of it (spec B7).
// One Runner per process, driven by the main thread; `stop` and `reload` may be set from signal handlers.
#pragma once

#include <atomic>
#include <string>

#include "common/error.h"
#include "overnight/overnight_config.h"
#include "overnight/run_state.h"
#include "overnight/session_prompt.h"

namespace nightdesk::overnight {

struct RunOutcome {
  std::string run_id;
  RunStatus status = RunStatus::failed;  // completed, failed, stopped or paused
  std::string reason;
};

// start_or_resume (`overnight run`): resumes the state file's unfinished run, else starts a new one.
// resume_only (`overnight resume`): resumes the unfinished run; not_found when there is none.
enum class StartMode { start_or_resume, resume_only };

class Runner {
 public:
  // `stop` (may be null) is polled: when it becomes true the session is stopped cleanly and the run recorded as
  // stopped. `reload` (may be null; set from a SIGHUP handler) is polled and cleared: the configuration is
  // re-read from its file; an invalid one is recorded and the running configuration kept.
  Runner(OvernightConfig config, const std::atomic<bool>* stop, std::atomic<bool>* reload = nullptr,
         StartMode mode = StartMode::start_or_resume);

  // Runs until the run completes, fails, pauses or is stopped. An error (nothing recorded as a run outcome) only
  // when the run cannot start: conflict when another runner holds the state file, the state is unreadable, or
  // (resume_only) not_found when there is no unfinished run.
  // A resumed run keeps its id, counters, usage-limit wait and checkpoint numbering, and continues from the last
  // journaled step: a session cut short by the runner's death is recorded as interrupted, never as completed.
  Result<RunOutcome> run();

 private:
  OvernightConfig config_;
  const std::atomic<bool>* stop_;
  std::atomic<bool>* reload_;
  StartMode mode_;
};

// render_prompt, agent_argv and PromptFacts: see session_prompt.h.

}  // namespace nightdesk::overnight
