// The runner's health check before a run's first session (spec B6): agent command, work tree, git repository
// clean (or stashed), disk space, and the runner's own files kept out of git. Stateless; blocks on git.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "overnight/overnight_config.h"

namespace nightdesk::overnight {

struct HealthCheck {
  std::filesystem::path agent_path;
  bool git_repository = false;
  std::optional<std::string> stash_name;  // uncommitted changes were stashed under this name
  std::vector<std::string> excluded;      // patterns added to .git/info/exclude
  std::string failure;                    // non-empty: the run must not start; every problem, "; "-separated
};

// The runner's own files (state directory, logs, histories): never dirty, never stashed, never committed.
std::vector<std::filesystem::path> runner_files(const PathSettings& paths);

// Git is required while checkpoints are enabled. A resumed run does not stash and does not mind a dirty tree:
// the uncommitted changes are the interrupted session's work. The progress file and session notes are kept.
HealthCheck run_health_check(const OvernightConfig& config, const std::string& run_id, bool resumed);

}  // namespace nightdesk::overnight
