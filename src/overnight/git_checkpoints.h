// GitCheckpoints: commits what the agent left and tags it `overnight/<run>/<n>`, and rolls the work tree
// back to a checkpoint (keeping the failed attempt on a branch). Runs the git CLI as child processes, so
// hooks run as they would for a person: nothing here uses --no-verify. One owner thread; blocks on git.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include "common/error.h"

namespace nightdesk::overnight {

enum class CheckpointOutcome {
  committed,             // the agent's changes were committed (hooks passed) and tagged
  tagged_agent_commits,  // nothing uncommitted, but the agent committed since the last checkpoint: tagged
  nothing_to_commit,     // no change since the last checkpoint: no commit, no tag (not a new checkpoint)
  hook_rejected,         // a commit hook refused the commit; the changes stay staged, nothing is tagged
};
std::string_view to_string(CheckpointOutcome outcome);

struct Checkpoint {
  CheckpointOutcome outcome = CheckpointOutcome::nothing_to_commit;
  int number = 0;
  std::string tag;          // set when tagged
  std::string commit;       // HEAD after the checkpoint
  std::string hook_output;  // the hook's output tail when it rejected the commit
};

struct Rollback {
  std::string failed_branch;  // overnight/<run>/failed-<n>: the abandoned work, committed
  std::string saved_commit;
  std::string restored_tag;
  std::string restored_commit;
};

class GitCheckpoints {
 public:
  // `git_timeout` bounds each git call, hooks included (a pre-commit hook may run a test suite).
  // Tags are `<tag_prefix>/<run>/<n>`, failed attempts `<tag_prefix>/<run>/failed-<n>` (checkpoints.tag_prefix).
  GitCheckpoints(std::filesystem::path repo, std::string run_id,
                 std::chrono::milliseconds git_timeout = std::chrono::minutes(10), std::string tag_prefix = "overnight");

  // "overnight/<run>/<n>".
  std::string tag_name(int number) const;

  // Stages everything (`git add -A`, .gitignore honoured), commits with `message` if anything is staged,
  // and tags the result `tag_name(number)`. An existing tag of that name is a conflict (never moved).
  Result<Checkpoint> checkpoint(int number, const std::string& message);

  // Saves the work tree as a commit on branch `overnight/<run>/failed-<attempt>` (built with plumbing
  // and a private index: the real index and HEAD are untouched, no commit hook is involved because
  // nothing is committed to the working branch), then `git reset --hard <tag>` and `git clean -fd`
  // (ignored files such as build directories stay). An existing branch of that name is a conflict.
  Result<Rollback> rollback(const std::string& tag, int attempt);

  // The current HEAD commit (not_found before the first commit).
  Result<std::string> head() const;

 private:
  std::filesystem::path repo_;
  std::string run_id_;
  std::chrono::milliseconds timeout_;
  std::string prefix_;  // "<tag_prefix>/<run>/"
};

}  // namespace nightdesk::overnight
