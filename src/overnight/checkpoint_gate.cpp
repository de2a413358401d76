// SessionLoop: recording what a checkpoint gate did (spec B6), and, after a crash, adopting a checkpoint tag or
// failed-attempt branch that git already has but the state does not (the runner died between the two).
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "overnight/git_checkpoints.h"
#include "overnight/git_queries.h"
#include "overnight/session_loop.h"

namespace nightdesk::overnight {

// Records what a gate did in the state; returns it (a default GateResult when it failed, as a warning).
GateResult SessionLoop::apply_gate(Result<GateResult> gate, std::int64_t session) {
  if (!gate) {
    warn(session, "checkpoint", gate.error().message);
    return {};
  }
  const Timestamp t = RealClock().now();
  (void)record([&](RunState& s) {
    if (gate->tests) s.tests_green = gate->tests->passed;
    if (gate->new_checkpoint()) {
      ++s.checkpoint_count;
      s.last_checkpoint = CheckpointRecord{gate->checkpoint->number, gate->checkpoint->tag, gate->checkpoint->commit, t};
      s.journal.push_back({t, "checkpoint " + std::to_string(gate->checkpoint->number), "end"});
    }
    if (gate->checkpoint && gate->checkpoint->outcome == CheckpointOutcome::hook_rejected) {
      add_warning(s, {t, session, "hook_rejected",
                      "a commit hook refused the checkpoint commit (not bypassed): " + gate->checkpoint->hook_output});
    }
    if (gate->rollback) {
      s.rollbacks.push_back({t, session, gate->rollback->restored_tag, gate->rollback->failed_branch,
                             gate->rollback_reason});
      s.journal.push_back({t, "rollback", "end"});
      add_note(s, t, "rolled back to " + gate->rollback->restored_tag + ": " + gate->rollback_reason +
                         "; the attempt is on branch " + gate->rollback->failed_branch);
    }
  });
  if (gate->tests && gate->tests->passed) fix_tests_ = false;
  return *gate;
}

void SessionLoop::reconcile_checkpoints() {
  GitCheckpoints git(c_.paths.workdir, state_.run_id, std::chrono::minutes(1), c_.checkpoints.tag_prefix);
  std::int64_t count = state_.checkpoint_count;
  std::optional<CheckpointRecord> last = state_.last_checkpoint;
  while (git_ref_exists(c_.paths.workdir, "refs/tags/" + git.tag_name(static_cast<int>(count + 1)))) {
    ++count;
    const std::string tag = git.tag_name(static_cast<int>(count));
    last = CheckpointRecord{count, tag, git_output(c_.paths.workdir, "rev-parse " + tag + "^{commit}"),
                            RealClock().now()};
  }
  std::size_t rollbacks = state_.rollbacks.size();
  std::vector<std::string> adopted_branches;
  const std::string branch_prefix = c_.checkpoints.tag_prefix + "/" + state_.run_id + "/failed-";
  while (git_ref_exists(c_.paths.workdir, "refs/heads/" + branch_prefix + std::to_string(rollbacks + 1))) {
    adopted_branches.push_back(branch_prefix + std::to_string(++rollbacks));
  }
  if (count == state_.checkpoint_count && adopted_branches.empty()) return;
  const Timestamp t = RealClock().now();
  spdlog::warn("adopted {} checkpoint(s) and {} rollback branch(es) made just before the last runner stopped",
               count - state_.checkpoint_count, adopted_branches.size());
  (void)record([&](RunState& s) {
    for (std::int64_t n = s.checkpoint_count + 1; n <= count; ++n) {
      s.journal.push_back({t, "checkpoint " + std::to_string(n), "end"});
    }
    s.checkpoint_count = count;
    s.last_checkpoint = last;
    for (const auto& branch : adopted_branches) {
      s.rollbacks.push_back({t, s.in_flight ? s.in_flight->number : s.session, last ? last->tag : "", branch,
                             "rollback made just before the runner stopped (adopted on resume)"});
    }
    add_note(s, t, "resume: adopted checkpoint tags / rollback branches that git had but the state did not");
  });
}

}  // namespace nightdesk::overnight
