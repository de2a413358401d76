// RunState: the one truthful record of an overnight run (spec B3), and its JSON encoding with a checksum.
// Plain value type; encode/decode are pure and callable from any thread. Persistence is RunStateStore.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/time.h"

namespace nightdesk::overnight {

// waiting: in backoff or a usage-limit wait; paused: too many failures, a person must look.
enum class RunStatus { starting, running, waiting, paused, stopping, completed, failed, stopped };
std::string_view to_string(RunStatus status);
Result<RunStatus> parse_run_status(std::string_view text);
// completed, failed and stopped end a run.
bool is_final(RunStatus status);

struct RestartRecord {
  Timestamp at{};
  std::int64_t session = 0;
  std::string reason;  // the exit class and detail, e.g. "crashed: exit code 3"
};

struct CheckpointRecord {
  std::int64_t number = 0;
  std::string tag;     // overnight/<run>/<n>
  std::string commit;  // full hash
  Timestamp at{};
};

struct CompletedTask {
  std::string id;  // "1.1" when the progress file gives one, else empty
  std::string text;
  Timestamp at{};
};

struct ContinuationRecord {
  Timestamp at{};
  std::int64_t session = 0;
  std::string reason;
};

struct DecisionRecord {
  Timestamp at{};
  std::string decision;
  std::string rationale;
};

struct NoteRecord {
  Timestamp at{};
  std::string text;
};

struct NotificationRecord {
  Timestamp at{};
  std::string event;    // run_start, checkpoint, warning, restart, paused, rollback, completion, failure
  std::string channel;  // discord, slack, log
  std::string result;   // sent, failed: <why>
};

// The progress file's state as last parsed (B4), for status without re-parsing.
struct ProgressSummary {
  std::int64_t total = 0, done = 0, in_progress = 0, pending = 0, skipped = 0;
  double completion_pct = 0;
  std::map<std::string, double> completion_pct_by_priority;  // "P0" -> 50.0; only priorities with tasks
  bool done_rule_met = false;
};

// One journaled step (B6): "begin"/"end" of health_check, baseline, session n, checkpoint n, rollback.
struct JournalEntry {
  Timestamp at{};
  std::string step;
  std::string phase;
};

// The baseline test run before the first session (B6) and what the runner did about it.
struct BaselineRecord {
  Timestamp at{};
  bool passed = false;
  std::string summary;  // TestRun::summary(), e.g. "failed (3 of 12 failed)"
  std::string action;   // proceed, stop, fix_first
};

// A rollback to the last checkpoint after the tests got worse; the attempt stays on failed_branch.
struct RollbackRecord {
  Timestamp at{};
  std::int64_t session = 0;
  std::string restored_tag;
  std::string failed_branch;
  std::string reason;  // "tests got worse: failed (2 of 5 failed) vs passed (5/5)"
};

// Something a person should know that did not end the run: memory, cpu, idle, cost, hook_rejected,
// checkpoint (a git error), config_reload (a rejected or applied SIGHUP reload).
struct WarningRecord {
  Timestamp at{};
  std::int64_t session = 0;
  std::string kind;
  std::string detail;
};

// Bounds of the histories; the oldest entries are dropped first.
inline constexpr std::size_t kMaxRestartRecords = 100;
inline constexpr std::size_t kMaxCompletedTasks = 500;
inline constexpr std::size_t kMaxContinuations = 100;
inline constexpr std::size_t kMaxDecisions = 50;
inline constexpr std::size_t kMaxNotes = 50;
inline constexpr std::size_t kMaxBlockers = 50;
inline constexpr std::size_t kMaxNotifications = 100;
inline constexpr std::size_t kMaxJournal = 200;
inline constexpr std::size_t kMaxRollbacks = 100;
inline constexpr std::size_t kMaxWarnings = 100;
inline constexpr std::size_t kMaxTimestampsKept = 200;  // agent calls and failure times for rate windows

struct RunState {
  std::string run_id;
  RunStatus status = RunStatus::starting;
  Timestamp started_at{}, updated_at{};
  std::int64_t session = 0;              // number of the current (or last) session; 0 before the first
  std::int64_t consecutive_failures = 0;  // reset by a session that made progress
  std::int64_t total_restarts = 0;
  std::int64_t continuations_used = 0;
  std::vector<RestartRecord> restarts;
  std::int64_t checkpoint_count = 0;
  std::optional<CheckpointRecord> last_checkpoint;
  ProgressSummary progress;
  double cost_usd = 0;
  std::vector<NotificationRecord> notifications;
  std::string goal;
  std::vector<CompletedTask> completed_tasks;
  std::string current_task;
  std::vector<ContinuationRecord> continuations;
  std::vector<std::string> blockers;
  std::vector<DecisionRecord> decisions;
  std::vector<NoteRecord> notes;
  std::optional<Timestamp> rate_limit_until;  // persisted so a restarted runner keeps waiting
  std::vector<Timestamp> agent_calls;         // session start times, for max_agent_calls_per_hour
  std::vector<Timestamp> failure_times;       // for the pause rule
  bool stop_requested = false;                // set by `overnight stop`
  std::string end_reason;                     // why the run ended (or paused)
  std::vector<JournalEntry> journal;
  std::optional<BaselineRecord> baseline;
  std::string pre_run_stash;  // the stash holding the changes found before the first session, if any
  std::vector<RollbackRecord> rollbacks;
  std::vector<WarningRecord> warnings;
};

// Drops the oldest entries of every history beyond its bound.
void trim_histories(RunState& state);
void add_note(RunState& state, Timestamp at, std::string text);
void add_warning(RunState& state, WarningRecord warning);

// The file's JSON text: the state's fields plus "checksum": "fnv1a64:<16 hex>" over the compact encoding of
// everything else, so a torn or edited file is detected.
std::string encode_run_state(const RunState& state);
// parse_error when the text is not JSON, has no or a wrong checksum, or a field has the wrong type.
Result<RunState> decode_run_state(std::string_view text);

}  // namespace nightdesk::overnight
