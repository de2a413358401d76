#include "overnight/run_health_check.h"

#include "overnight/child_process.h"
#include "overnight/environment_check.h"

namespace nightdesk::overnight {

std::vector<std::filesystem::path> runner_files(const PathSettings& paths) {
  auto state_dir = paths.state_file.parent_path();
  return {state_dir == paths.workdir ? paths.state_file : state_dir, paths.log_dir, paths.history_file,
          paths.checkpoint_history_file};
}

HealthCheck run_health_check(const OvernightConfig& c, const std::string& run_id, bool resumed) {
  HealthCheck result;
  auto agent = find_executable(c.agent.command);
  if (!agent) {
    result.failure = "agent command missing: " + agent.error().message;
    return result;
  }
  result.agent_path = *agent;
  std::error_code ec;
  if (!std::filesystem::is_directory(c.paths.workdir, ec)) {
    result.failure = "workdir " + c.paths.workdir.string() + " is not a directory";
    return result;
  }
  EnvironmentCheckConfig env{c.paths.workdir, c.agent.command, run_id,
                             static_cast<std::uint64_t>(c.checkpoints.min_free_disk_mb * 1024 * 1024),
                             !resumed && c.checkpoints.dirty_tree == DirtyTreePolicy::stash, runner_files(c.paths)};
  env.keep.push_back(c.paths.progress_file);
  env.keep.push_back(c.paths.session_notes);
  const EnvironmentReport report = check_environment(env);
  result.git_repository = report.git_repository;
  result.stash_name = report.stash_name;
  for (const auto& p : report.problems) {
    if (p.field == "repo" && !report.git_repository && !c.checkpoints.enabled) continue;  // git is optional then
    if (p.field == "repo" && resumed && report.was_dirty) continue;  // an interrupted session's work
    result.failure += (result.failure.empty() ? "" : "; ") + p.message +
                      (p.field == "repo" && !report.git_repository
                           ? " (set checkpoints.enabled: false to run without git)" : "");
  }
  if (!result.failure.empty()) {
    result.failure = "health check failed: " + result.failure;
    return result;
  }
  if (report.git_repository && c.checkpoints.enabled) {
    auto excluded = exclude_from_repository(c.paths.workdir, runner_files(c.paths));
    if (!excluded) {
      result.failure = "cannot keep the runner's files out of git: " + excluded.error().message;
      return result;
    }
    result.excluded = *excluded;
  }
  return result;
}

}  // namespace nightdesk::overnight
