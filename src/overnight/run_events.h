// Run events for notifications (spec B8): what changed between two successive states of a run, as alerts a
// person reads (run start, checkpoint, warnings, restart, paused, rollback, completion, failure, stop), each
// naming the run and the repository. Pure; any thread.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/webhook_payload.h"
#include "overnight/overnight_config.h"
#include "overnight/run_state.h"

namespace nightdesk::overnight {

struct RunEvent {
  std::string kind;  // run_start, checkpoint, warning, restart, paused, rollback, completion, failure, stopped
  AlertMessage message;
};

// Events from `before` (null: the first state this runner wrote, which yields run_start only) to `after`.
// Honours enable_session_start (run_start), enable_checkpoints (checkpoint) and enable_completion (completion,
// failure, stopped). Warnings: the state's new warnings except `cost`, a session stopped as stalled, a new
// usage-limit wait, and the cost crossing notifications.cost_warning_pct of budget.max_cost_usd (once).
std::vector<RunEvent> detect_run_events(const RunState* before, const RunState& after, const OvernightConfig& config);

}  // namespace nightdesk::overnight
