// Environment health check before a run's first session: agent command present, git repository clean
// (or its changes stashed under a named stash), enough disk space. One owner thread; runs git.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace nightdesk::overnight {

struct EnvironmentCheckConfig {
  std::filesystem::path repo;
  std::string agent_command;  // argv[0] of the agent; looked up on PATH
  std::string run_id;         // names the stash: "overnight/<run>/pre-run"
  std::uint64_t min_free_bytes = 1ull << 30;
  bool stash_dirty = true;    // false: a dirty tree is a problem instead of being stashed
  // Left out of the dirty check and the stash: the progress file the person just wrote, the runner's own
  // state and logs. Paths outside `repo` are ignored.
  std::vector<std::filesystem::path> keep;
};

struct EnvironmentReport {
  std::optional<std::filesystem::path> agent_path;
  bool git_repository = false;
  bool was_dirty = false;
  std::optional<std::string> stash_name;  // set when local changes were stashed
  std::uint64_t free_bytes = 0;
  std::vector<Error> problems;  // each names its field: command, repo, disk

  bool ok() const { return problems.empty(); }
};

// Checks everything and reports every problem found, not only the first.
EnvironmentReport check_environment(const EnvironmentCheckConfig& config);

// Adds each of `paths` inside `repo` that git does not ignore yet to .git/info/exclude, so checkpoint commits
// never contain the runner's state and logs and a rollback's `git clean` never deletes them. Returns the
// patterns added ("/.overnight/").
Result<std::vector<std::string>> exclude_from_repository(const std::filesystem::path& repo,
                                                         const std::vector<std::filesystem::path>& paths);

}  // namespace nightdesk::overnight
