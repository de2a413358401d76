#include "overnight/checkpoint_keeper.h"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "overnight/session_history.h"

namespace nightdesk::overnight {
namespace {

// Bounds every git call, commit hooks included (a pre-commit hook may run a test suite).
constexpr std::chrono::minutes kGitTimeout{10};

}  // namespace

std::string GateResult::describe() const {
  if (rollback) return "rolled back to " + rollback->restored_tag + " (attempt kept on " + rollback->failed_branch + ")";
  if (checkpoint) {
    switch (checkpoint->outcome) {
      case CheckpointOutcome::committed: return "tagged " + checkpoint->tag + " (committed)";
      case CheckpointOutcome::tagged_agent_commits: return "tagged " + checkpoint->tag + " (agent's commits)";
      case CheckpointOutcome::nothing_to_commit: return "nothing to commit";
      case CheckpointOutcome::hook_rejected: return "hook rejected the commit";
    }
  }
  return skipped.empty() ? "" : "skipped: " + skipped;
}

CheckpointKeeper::CheckpointKeeper(const OvernightConfig& config, std::string run_id, std::int64_t next_number,
                                   std::optional<std::string> last_tag, std::int64_t rollbacks_so_far)
    : c_(config), run_id_(std::move(run_id)), next_number_(next_number), last_tag_(std::move(last_tag)),
      rollbacks_(rollbacks_so_far) {
  if (last_tag_) {
    last_tests_ = TestRun{};
    last_tests_->passed = true;  // a checkpoint is only taken on green tests (or is the accepted baseline)
  }
}

Result<TestRun> CheckpointKeeper::run_tests_now(const std::string& log_name) {
  if (c_.tests.command.empty()) return fail(ErrorCode::not_found, "no tests.command configured", "tests.command");
  TestCommand command;
  command.command = c_.tests.command;
  command.cwd = c_.paths.workdir;
  command.timeout = c_.tests.timeout;
  command.log = c_.paths.log_dir / run_id_ / fmt::format("tests-{}-{}.log", ++test_runs_, log_name);
  std::error_code ignored;
  std::filesystem::create_directories(command.log.parent_path(), ignored);
  auto run = run_tests(command);
  if (run) spdlog::info("tests ({}): {}", log_name, run->summary());
  return run;
}

Result<GateResult> CheckpointKeeper::start_point(std::int64_t session, const std::optional<TestRun>& baseline) {
  GateResult result;
  result.tests = baseline;
  if (!c_.checkpoints.enabled) {
    result.skipped = "checkpoints disabled";
    return result;
  }
  auto done = commit_and_tag("run_start", session, std::move(result));
  if (done && baseline) last_tests_ = baseline;
  return done;
}

Result<GateResult> CheckpointKeeper::gate(const std::string& trigger, std::int64_t session, bool may_roll_back) {
  GateResult result;
  if (!c_.tests.command.empty()) {
    auto tests = run_tests_now(trigger);
    if (!tests) return std::unexpected(tests.error());
    result.tests = *tests;
  }
  if (result.tests && may_roll_back && c_.checkpoints.enabled && c_.checkpoints.rollback_on_regression && last_tag_ &&
      last_tests_ && got_worse(*result.tests, *last_tests_)) {
    result.rollback_reason = "tests got worse: " + result.tests->summary() + " after " + last_tests_->summary() +
                             " at " + *last_tag_;
    GitCheckpoints git(c_.paths.workdir, run_id_, kGitTimeout, c_.checkpoints.tag_prefix);
    auto rolled = git.rollback(*last_tag_, static_cast<int>(rollbacks_ + 1));
    if (!rolled) return std::unexpected(rolled.error());
    ++rollbacks_;
    result.rollback = *rolled;
    spdlog::warn("session {}: {}; rolled back to {}, the attempt is on branch {}", session, result.rollback_reason,
                 rolled->restored_tag, rolled->failed_branch);
    record(trigger, session, result);
    return result;
  }
  if (result.tests && !result.tests->passed) {
    result.skipped = "tests red: " + result.tests->summary();
  } else if (!c_.checkpoints.enabled) {
    result.skipped = "checkpoints disabled";
  }
  if (!result.skipped.empty()) {
    record(trigger, session, result);
    return result;
  }
  return commit_and_tag(trigger, session, std::move(result));
}

Result<GateResult> CheckpointKeeper::commit_and_tag(const std::string& trigger, std::int64_t session, GateResult result) {
  GitCheckpoints git(c_.paths.workdir, run_id_, kGitTimeout, c_.checkpoints.tag_prefix);
  const std::string message = fmt::format("overnight {}: checkpoint {} ({}, session {})", run_id_, next_number_,
                                          trigger, session);
  auto cp = git.checkpoint(static_cast<int>(next_number_), message);
  if (!cp) return std::unexpected(cp.error());
  result.checkpoint = *cp;
  if (!cp->tag.empty()) {
    ++next_number_;
    last_tag_ = cp->tag;
    if (result.tests) last_tests_ = result.tests;
    spdlog::info("checkpoint {}: {}", cp->tag, to_string(cp->outcome));
  } else if (cp->outcome == CheckpointOutcome::hook_rejected) {
    spdlog::warn("checkpoint refused by a commit hook (not bypassed): {}", cp->hook_output);
  }
  record(trigger, session, result);
  return result;
}

void CheckpointKeeper::record(const std::string& trigger, std::int64_t session, const GateResult& result) const {
  nlohmann::json j = {{"type", result.rollback ? "rollback" : "checkpoint"},
                      {"run_id", run_id_},
                      {"at", format_iso8601(RealClock().now())},
                      {"session", session},
                      {"trigger", trigger},
                      {"tests", result.tests ? result.tests->summary() : ""},
                      {"tests_passed", result.tests ? nlohmann::json(result.tests->passed) : nlohmann::json(nullptr)}};
  if (result.rollback) {
    j["restored_tag"] = result.rollback->restored_tag;
    j["restored_commit"] = result.rollback->restored_commit;
    j["failed_branch"] = result.rollback->failed_branch;
    j["saved_commit"] = result.rollback->saved_commit;
    j["reason"] = result.rollback_reason;
  } else if (result.checkpoint) {
    j["outcome"] = std::string(to_string(result.checkpoint->outcome));
    j["number"] = result.checkpoint->tag.empty() ? nlohmann::json(nullptr) : nlohmann::json(result.checkpoint->number);
    j["tag"] = result.checkpoint->tag;
    j["commit"] = result.checkpoint->commit;
    if (!result.checkpoint->hook_output.empty()) j["hook_output"] = result.checkpoint->hook_output;
  } else {
    j["outcome"] = "skipped";
    j["reason"] = result.skipped;
  }
  if (auto appended = append_json_line(c_.paths.checkpoint_history_file, j); !appended) {
    spdlog::warn("cannot append to {}: {}", c_.paths.checkpoint_history_file.string(), appended.error().message);
  }
}

}  // namespace nightdesk::overnight
