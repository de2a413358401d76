#include "overnight/git_checkpoints.h"

#include <unistd.h>

#include "overnight/command_run.h"

namespace nightdesk::overnight {
namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

Result<CommandResult> git(const std::filesystem::path& repo, std::chrono::milliseconds timeout,
                          std::vector<std::string> args, std::vector<std::pair<std::string, std::string>> env = {}) {
  args.insert(args.begin(), "git");
  CommandOptions options;
  options.cwd = repo;
  options.timeout = timeout;
  options.env = std::move(env);
  options.env.emplace_back("GIT_TERMINAL_PROMPT", "0");  // never wait for a person at night
  return run_command(std::move(args), options);
}

// Runs git and insists on success; the error carries git's own words.
Result<std::string> git_ok(const std::filesystem::path& repo, std::chrono::milliseconds timeout,
                           std::vector<std::string> args, std::vector<std::pair<std::string, std::string>> env = {}) {
  std::string what = "git " + args.front();
  auto r = git(repo, timeout, std::move(args), std::move(env));
  if (!r) return std::unexpected(r.error());
  if (!r->success()) {
    return fail(ErrorCode::unavailable, what + " failed (" + (r->timed_out ? "timed out" : r->status.describe()) +
                                            "): " + trimmed(r->output));
  }
  return trimmed(r->out);
}

Result<bool> ref_exists(const std::filesystem::path& repo, std::chrono::milliseconds timeout, const std::string& ref) {
  auto r = git(repo, timeout, {"rev-parse", "--verify", "--quiet", ref});
  if (!r) return std::unexpected(r.error());
  return r->success();
}

// Whether any hook that can refuse a commit is installed (core.hooksPath honoured).
bool commit_hook_installed(const std::filesystem::path& repo, std::chrono::milliseconds timeout) {
  auto hooks = git_ok(repo, timeout, {"rev-parse", "--git-path", "hooks"});
  if (!hooks) return false;
  std::filesystem::path dir = std::filesystem::path(*hooks).is_absolute() ? std::filesystem::path(*hooks) : repo / *hooks;
  for (const char* name : {"pre-commit", "prepare-commit-msg", "commit-msg"}) {
    if (::access((dir / name).c_str(), X_OK) == 0) return true;
  }
  return false;
}

}  // namespace

std::string_view to_string(CheckpointOutcome outcome) {
  switch (outcome) {
    case CheckpointOutcome::committed: return "committed";
    case CheckpointOutcome::tagged_agent_commits: return "tagged_agent_commits";
    case CheckpointOutcome::nothing_to_commit: return "nothing_to_commit";
    case CheckpointOutcome::hook_rejected: return "hook_rejected";
  }
  return "unknown";
}

GitCheckpoints::GitCheckpoints(std::filesystem::path repo, std::string run_id, std::chrono::milliseconds git_timeout,
                               std::string tag_prefix)
    : repo_(std::move(repo)), run_id_(std::move(run_id)), timeout_(git_timeout),
      prefix_(std::move(tag_prefix) + "/" + run_id_ + "/") {}

std::string GitCheckpoints::tag_name(int number) const { return prefix_ + std::to_string(number); }

Result<std::string> GitCheckpoints::head() const {
  auto r = git(repo_, timeout_, {"rev-parse", "--verify", "--quiet", "HEAD"});
  if (!r) return std::unexpected(r.error());
  if (!r->success()) return fail(ErrorCode::not_found, "the repository has no commit yet", "HEAD");
  return trimmed(r->out);
}

Result<Checkpoint> GitCheckpoints::checkpoint(int number, const std::string& message) {
  Checkpoint result;
  result.number = number;
  std::string tag = tag_name(number);
  auto valid = git(repo_, timeout_, {"check-ref-format", "refs/tags/" + tag});
  if (!valid) return std::unexpected(valid.error());
  if (!valid->success()) return fail(ErrorCode::invalid_argument, "'" + tag + "' is not a valid tag name", "run_id");
  auto exists = ref_exists(repo_, timeout_, "refs/tags/" + tag);
  if (!exists) return std::unexpected(exists.error());
  if (*exists) return fail(ErrorCode::conflict, "tag " + tag + " already exists; checkpoints are never moved", "tag");

  if (auto added = git_ok(repo_, timeout_, {"add", "-A"}); !added) return std::unexpected(added.error());
  auto staged = git(repo_, timeout_, {"diff", "--cached", "--quiet"});
  if (!staged) return std::unexpected(staged.error());
  if (!staged->success() && staged->status.exit_code != 1) {
    return fail(ErrorCode::unavailable, "git diff --cached failed: " + trimmed(staged->output));
  }
  auto had_head = head();
  bool anything_staged = staged->status.exit_code == 1;
  if (anything_staged) {
    auto commit = git(repo_, timeout_, {"commit", "-q", "-m", message});
    if (!commit) return std::unexpected(commit.error());
    if (!commit->success()) {
      if (!commit->timed_out && commit_hook_installed(repo_, timeout_)) {
        result.outcome = CheckpointOutcome::hook_rejected;
        result.hook_output = trimmed(commit->output);
        if (had_head) result.commit = *had_head;
        return result;
      }
      return fail(ErrorCode::unavailable, "git commit failed (" + commit->status.describe() + "): " + trimmed(commit->output));
    }
    result.outcome = CheckpointOutcome::committed;
  } else {
    if (!had_head) return result;  // empty repository, nothing to commit
    auto tagged = git_ok(repo_, timeout_, {"tag", "--points-at", "HEAD", "--list", prefix_ + "*"});
    if (!tagged) return std::unexpected(tagged.error());
    if (!tagged->empty()) {
      result.commit = *had_head;
      return result;  // HEAD is already a checkpoint of this run
    }
    result.outcome = CheckpointOutcome::tagged_agent_commits;
  }
  if (auto t = git_ok(repo_, timeout_, {"tag", "-a", tag, "-m", message}); !t) return std::unexpected(t.error());
  result.tag = tag;
  auto now_head = head();
  if (!now_head) return std::unexpected(now_head.error());
  result.commit = *now_head;
  return result;
}

Result<Rollback> GitCheckpoints::rollback(const std::string& tag, int attempt) {
  Rollback result;
  result.restored_tag = tag;
  result.failed_branch = prefix_ + "failed-" + std::to_string(attempt);
  auto target = git_ok(repo_, timeout_, {"rev-parse", "--verify", "--quiet", "refs/tags/" + tag + "^{commit}"});
  if (!target) return fail(ErrorCode::not_found, "no checkpoint tag " + tag, "tag");
  auto exists = ref_exists(repo_, timeout_, "refs/heads/" + result.failed_branch);
  if (!exists) return std::unexpected(exists.error());
  if (*exists) return fail(ErrorCode::conflict, "branch " + result.failed_branch + " already exists", "branch");
  auto current = head();
  if (!current) return std::unexpected(current.error());

  // Snapshot the whole work tree through a private index so the real one is left alone.
  auto index_path = git_ok(repo_, timeout_, {"rev-parse", "--git-path", "overnight-rollback.index"});
  if (!index_path) return std::unexpected(index_path.error());
  std::filesystem::path index = std::filesystem::path(*index_path).is_absolute() ? std::filesystem::path(*index_path)
                                                                                  : repo_ / *index_path;
  std::vector<std::pair<std::string, std::string>> private_index = {{"GIT_INDEX_FILE", index.string()}};
  auto snapshot = [&]() -> Result<std::string> {
    if (auto r = git_ok(repo_, timeout_, {"read-tree", "HEAD"}, private_index); !r) return std::unexpected(r.error());
    if (auto r = git_ok(repo_, timeout_, {"add", "-A"}, private_index); !r) return std::unexpected(r.error());
    auto tree = git_ok(repo_, timeout_, {"write-tree"}, private_index);
    if (!tree) return std::unexpected(tree.error());
    return git_ok(repo_, timeout_,
                  {"commit-tree", *tree, "-p", *current, "-m",
                   "overnight " + run_id_ + ": failed attempt " + std::to_string(attempt) + ", saved before rollback to " + tag});
  };
  auto saved = snapshot();
  std::error_code ignored;
  std::filesystem::remove(index, ignored);
  if (!saved) return std::unexpected(saved.error());
  result.saved_commit = *saved;
  if (auto r = git_ok(repo_, timeout_, {"branch", result.failed_branch, *saved}); !r) return std::unexpected(r.error());

  if (auto r = git_ok(repo_, timeout_, {"reset", "-q", "--hard", tag}); !r) return std::unexpected(r.error());
  if (auto r = git_ok(repo_, timeout_, {"clean", "-q", "-fd"}); !r) return std::unexpected(r.error());
  result.restored_commit = *target;
  return result;
}

}  // namespace nightdesk::overnight
