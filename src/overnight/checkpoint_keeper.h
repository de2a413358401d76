// CheckpointKeeper: the test gate around GitCheckpoints (spec B6). Runs tests.command, commits and tags the
// agent's work only when they pass, rolls back to the last checkpoint when they got worse, and appends one
// record per attempt to checkpoints.jsonl. One owner (the session loop); blocks on git and the tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/error.h"
#include "overnight/git_checkpoints.h"
#include "overnight/overnight_config.h"
#include "overnight/test_runner.h"

namespace nightdesk::overnight {

// What one gate did. Exactly one of: a checkpoint attempt (committed, tagged, nothing to commit or refused by
// a hook), a rollback, or neither (tests red and not worse, or checkpoints disabled).
struct GateResult {
  std::optional<TestRun> tests;  // empty without tests.command
  std::optional<Checkpoint> checkpoint;
  std::optional<Rollback> rollback;
  std::string rollback_reason;
  std::string skipped;  // why no checkpoint was attempted, e.g. "tests red: failed (1 of 3 failed)"

  bool new_checkpoint() const { return checkpoint && !checkpoint->tag.empty(); }
  // One line for the session history: "tagged overnight/<run>/3 (committed)", "nothing to commit",
  // "hook rejected the commit", "rolled back to overnight/<run>/2", "skipped: tests red: ...".
  std::string describe() const;
};

class CheckpointKeeper {
 public:
  // `config` must outlive the keeper (a reloaded configuration is seen by the next call). `next_number` is the
  // number the next checkpoint tag gets; `last_tag` the newest checkpoint of this run (a resumed run), whose
  // tests are taken to have passed; `rollbacks_so_far` numbers the failed-attempt branches.
  CheckpointKeeper(const OvernightConfig& config, std::string run_id, std::int64_t next_number,
                   std::optional<std::string> last_tag, std::int64_t rollbacks_so_far);

  // Runs tests.command once (the baseline); not_found when no command is configured.
  Result<TestRun> run_tests_now(const std::string& log_name);

  // The run's starting point: tags HEAD (committing what is in the tree, hooks and all) without a test gate,
  // and remembers `baseline` as the tests to compare the next sessions against.
  Result<GateResult> start_point(std::int64_t session, const std::optional<TestRun>& baseline);

  // The gate: tests; a rollback when `may_roll_back`, rollback_on_regression is on and they got worse than at
  // the last checkpoint; else a checkpoint when they pass (or there are none). `trigger` is "interval" or
  // "session_end", recorded with `session`.
  Result<GateResult> gate(const std::string& trigger, std::int64_t session, bool may_roll_back);

  const std::optional<std::string>& last_tag() const { return last_tag_; }

 private:
  Result<GateResult> commit_and_tag(const std::string& trigger, std::int64_t session, GateResult result);
  void record(const std::string& trigger, std::int64_t session, const GateResult& result) const;

  const OvernightConfig& c_;
  std::string run_id_;
  std::int64_t next_number_;
  std::optional<std::string> last_tag_;
  std::optional<TestRun> last_tests_;  // the tests at the last checkpoint
  std::int64_t rollbacks_;
  int test_runs_ = 0;
};

}  // namespace nightdesk::overnight
