// RunRecordings: one run as recorded on disk — its state, its sessions (session-history.jsonl) and its
// checkpoint gates (checkpoints.jsonl), filtered to the run id — for status, metrics and the timeline.
// Plain values; loading reads files only (no locks); any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/time.h"
#include "overnight/overnight_config.h"
#include "overnight/run_state.h"

namespace nightdesk::overnight {

struct SessionSpan {
  std::int64_t session = 0;
  std::string role, task, exit_class, reason, tests, checkpoint, rollback;
  Timestamp start{}, end{};
  int tasks_done_before = 0, tasks_done_after = 0;
  double cost_usd = 0;
};

struct GateMark {
  Timestamp at{};
  std::int64_t session = 0;
  std::string type;     // checkpoint or rollback
  std::string trigger;  // run_start, interval, session_end
  std::string outcome;  // committed, tagged_agent_commits, nothing_to_commit, hook_rejected, skipped; rollback: empty
  std::string tag;      // the new tag, or the restored one for a rollback
  std::string detail;   // tests summary, reason
  bool new_checkpoint() const { return type == "checkpoint" && !tag.empty(); }
};

struct RunRecordings {
  RunState state;
  std::vector<SessionSpan> sessions;  // in file order
  std::vector<GateMark> gates;
  int unreadable_lines = 0;  // history lines that were not JSON (e.g. a torn last line)
};

// The state's run with its records; records of other runs and of other types are skipped, as are malformed ones
// (counted in unreadable_lines).
RunRecordings assemble_recordings(RunState state, const std::vector<nlohmann::json>& history,
                                  const std::vector<nlohmann::json>& checkpoints);
// Reads the state file and both histories (a missing history is empty). not_found when there is no state yet.
Result<RunRecordings> load_run_recordings(const PathSettings& paths);

}  // namespace nightdesk::overnight
