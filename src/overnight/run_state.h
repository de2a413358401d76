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

// A session the runner started and has not finished recording: the durable journal's record of the step in
// progress (B6). Written before the agent starts (phase "running"), rewritten when the agent has exited
// (phase "exited", with how it ended), and cleared in the same write that records the session's end. A runner
// that resumes after a crash finds here which step to continue from: "running" means the runner died while the
// agent ran (the session is recorded as interrupted and its process group stopped); "exited" means only the
// post-session steps (gate, registry review, history, decision) remain, and they run from these facts.
struct SessionInFlight {
  std::int64_t number = 0;
  std::string role, task;
  Timestamp started{};
  std::int64_t pid = 0;  // the agent (leader of its own process group); 0 until it started
  std::string phase;     // running, exited
  int done_before = 0;
  std::string head_before;
  std::string log;
  // Known once phase is "exited":
  Timestamp ended{};
  std::optional<int> exit_code, signal;
  std::string exit_class;  // to_string(ExitClass)
  std::string reason;
  double cost_usd = 0;
  bool stopped_by_runner = false;  // killed because the runner itself was being stopped
  std::optional<Timestamp> rate_limit_wake;
  std::vector<std::string> warnings;
};

// Two-phase protocol (B7): the frozen feature registry. `accepted` is the ground truth (the frozen fields plus
// the `passes` the runner itself verified), kept in the state so it changes atomically with the rest; the file
// in the work tree is the agent's working copy, compared with it after every session.
struct RegistryRecord {
  Timestamp frozen_at{};
  std::int64_t session = 0;  // the initializer session that wrote it (0: found before any session)
  std::int64_t features = 0, required = 0, passing = 0;
  std::string accepted;      // the registry JSON array (compact), as encode_feature_registry reads back
};

// Something the runner did to the registry after a session: an edit undone, a claim accepted or reverted.
struct RegistryEvent {
  Timestamp at{};
  std::int64_t session = 0;
  std::string text;  // "F2 reverted to not passing: the runner's verification failed (failed: exit code 1)"
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
inline constexpr std::size_t kMaxRegistryEvents = 100;
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
  // The restart backoff (B5), persisted so a runner resumed mid-backoff waits out the rest of it and the
  // next failure continues the doubling from consecutive_failures instead of starting over.
  std::optional<Timestamp> restart_at;  // the end of the current backoff; empty when none is pending
  double last_backoff_s = 0;            // the latest restart delay
  double backoff_total_s = 0;           // all restart delays of the run
  std::vector<Timestamp> agent_calls;         // session start times, for max_agent_calls_per_hour
  std::vector<Timestamp> failure_times;       // for the pause rule
  bool stop_requested = false;                // set by `overnight stop`
  std::string end_reason;                     // why the run ended (or paused)
  std::vector<JournalEntry> journal;
  std::optional<BaselineRecord> baseline;
  std::string pre_run_stash;  // the stash holding the changes found before the first session, if any
  std::vector<RollbackRecord> rollbacks;
  std::vector<WarningRecord> warnings;
  std::optional<SessionInFlight> in_flight;
  std::int64_t interrupted_sessions = 0;  // sessions a runner crash cut short (not counted as completed)
  std::optional<bool> tests_green;        // the runner's last test run (baseline or gate); empty: none yet
  std::optional<RegistryRecord> registry;
  std::vector<RegistryEvent> registry_events;
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
