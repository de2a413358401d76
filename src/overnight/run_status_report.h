// The status of a run (spec B8) as one JSON document — run, session, progress by priority, restarts, limits
// used, last checkpoint, usage-limit wait, next action — served by GET /status and printed by `overnight
// status` (as text, from the same document). Pure functions; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/time.h"
#include "overnight/overnight_config.h"
#include "overnight/progress_file.h"
#include "overnight/run_state.h"

namespace nightdesk::overnight {

struct StatusFacts {
  Timestamp now{};
  std::optional<long> runner_pid;            // the live runner, when one holds the state file
  const ProgressReport* progress = nullptr;  // the progress file as it is now; null: the state's summary
};

nlohmann::json build_run_status(const RunState& state, const OvernightConfig& config, const StatusFacts& facts);
// What the runner will do next, in one line ("start session 4 at … after backoff", "wait for the usage limit
// until …", "none: the run completed").
std::string next_action(const RunState& state, const StatusFacts& facts);
// The terminal form of build_run_status's document.
std::string format_run_status(const nlohmann::json& status);

}  // namespace nightdesk::overnight
