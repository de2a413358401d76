// SessionLoop: one run's supervision, from claiming the state to the final status (spec B5-B7); Runner::run
// drives it. Each step is journaled in the unified state before and after (B6), so a runner started after a
// crash continues from the last completed step. The member functions live in one file per concept:
// session_loop.cpp (the loop, state helpers), run_startup.cpp (health check, baseline, starting checkpoint),
// checkpoint_gate.cpp, stop_decision.cpp, session_launch.cpp, session_end.cpp, session_recovery.cpp and
// registry_protocol.cpp. One SessionLoop per run, on the runner's main thread.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "overnight/agent_output_scanner.h"
#include "overnight/checkpoint_keeper.h"
#include "overnight/child_process.h"
#include "overnight/exit_classifier.h"
#include "overnight/feature_registry.h"
#include "overnight/overnight_config.h"
#include "overnight/progress_file.h"
#include "overnight/restart_policy.h"
#include "overnight/run_observer.h"
#include "overnight/run_state_store.h"
#include "overnight/runner.h"

namespace nightdesk::overnight {

// The run's progress counts as kept in the state (B3).
ProgressSummary summarize(const ProgressReport& report, const DoneRule& rule);

class SessionLoop {
 public:
  // `observer` (may be null) sees every state the loop writes and every restart delay.
  SessionLoop(const OvernightConfig& config, const std::atomic<bool>* stop, std::atomic<bool>* reload,
              RunStateStore& store, StartMode mode, RunObserver* observer = nullptr);

  Result<RunOutcome> run();

 private:
  struct Decision {
    RunStatus status;
    std::string reason;
  };
  // How a session ended, and the run's end when it ends the run.
  using SessionOutcome = std::pair<ExitClass, std::optional<Decision>>;

  // session_loop.cpp: state helpers and the run's frame.
  Status record(const std::function<void(RunState&)>& change);
  void warn(std::int64_t session, const std::string& kind, const std::string& detail);
  void journal(const std::string& step, const std::string& phase);
  void maybe_reload();
  void make_policy();
  Status start_run();
  double current_cost(double reported) const;
  bool stop_requested();
  ProgressReport read_progress();
  bool sleep_until(Timestamp until);
  RunOutcome finish(const Decision& decision);
  bool two_phase() const { return c_.protocol.mode == ProtocolMode::two_phase; }
  // Tasks done (progress_file) or features accepted as passing (two_phase): what "progress" counts.
  int work_done() const;

  // run_startup.cpp
  std::optional<Decision> health_check();
  std::optional<Decision> baseline_and_start_point();
  std::optional<Decision> run_baseline(std::optional<TestRun>& baseline);

  // checkpoint_gate.cpp
  GateResult apply_gate(Result<GateResult> gate, std::int64_t session);
  // After a crash: a tag or failed-attempt branch made just before it is adopted, never made twice.
  void reconcile_checkpoints();

  // stop_decision.cpp
  std::optional<Decision> limits_before_session(std::optional<ExitClass> previous);
  std::optional<Decision> completion();
  bool waited_before_next_call();
  bool over_critical_cost(double cost) const;

  // session_launch.cpp
  std::string role_for(std::optional<ExitClass> previous) const;
  std::string prompt_for(const std::string& role, std::int64_t session) const;
  Result<SessionOutcome> run_session(std::optional<ExitClass> previous);
  WatchdogKill supervise(ChildProcess& child, AgentOutputScanner& scanner, Timestamp started, std::int64_t number,
                         std::string& why, std::vector<std::string>& warnings);

  // session_end.cpp: the steps after the agent exited, from the journaled facts alone (so a resumed runner can
  // run them). Clears in_flight in the same write that records the session's end.
  Result<SessionOutcome> finish_session(const SessionInFlight& session);

  // session_recovery.cpp: a session left in flight by a runner that died. stop_orphaned_agent runs first (the
  // old agent must not work beside the new runner); recover_in_flight settles the session's record.
  void stop_orphaned_agent();
  Result<std::optional<SessionOutcome>> recover_in_flight();

  // registry_protocol.cpp (two_phase, B7)
  std::optional<Decision> prepare_registry();
  bool initializer_needed() const { return two_phase() && accepted_.empty(); }
  // After the initializer: validates and freezes the registry; false (with `why`) when there is none usable.
  bool freeze_registry(std::int64_t session, std::string& why);
  // After a coding session (and after a rollback): undoes frozen-field edits, verifies claims.
  void review_registry(std::int64_t session);
  // Before completing: the required features' verifications once more.
  void reverify_before_completion();
  // Records accepted_ in the state (the ground truth), with what happened as registry events.
  Status save_accepted(std::int64_t session, const std::vector<std::string>& events);

  OvernightConfig c_;  // a copy: SIGHUP replaces it
  const std::atomic<bool>* stop_;
  std::atomic<bool>* reload_;
  RunStateStore& store_;
  StartMode mode_;
  RunObserver* observer_;  // status server and notifications; may be null
  DoneRule rule_;
  RunState state_;
  ProgressReport progress_;
  std::vector<Feature> accepted_;  // two_phase: the frozen registry with runner-verified passes; empty before
  std::filesystem::path agent_path_;
  std::optional<RestartPolicy> policy_;
  std::optional<CheckpointKeeper> keeper_;
  bool resumed_ = false;
  bool is_git_ = false;
  bool fix_tests_ = false;  // the baseline was red and no test run has passed since
  std::string baseline_summary_;
  bool cost_warned_ = false;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace nightdesk::overnight
