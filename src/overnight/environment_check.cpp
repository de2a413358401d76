#include "overnight/environment_check.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

#include "overnight/child_process.h"
#include "overnight/command_run.h"

namespace nightdesk::overnight {
namespace {

Result<CommandResult> git(const std::filesystem::path& repo, std::vector<std::string> args) {
  args.insert(args.begin(), "git");
  CommandOptions options;
  options.cwd = repo;
  options.timeout = std::chrono::minutes(2);
  options.env = {{"GIT_TERMINAL_PROMPT", "0"}};
  return run_command(std::move(args), options);
}

void check_repository(const EnvironmentCheckConfig& config, EnvironmentReport& report) {
  auto inside = git(config.repo, {"rev-parse", "--is-inside-work-tree"});
  if (!inside || !inside->success() || inside->out != "true\n") {
    report.problems.push_back(Error{ErrorCode::not_found, config.repo.string() + " is not a git work tree", "repo"});
    return;
  }
  report.git_repository = true;
  auto status = git(config.repo, {"status", "--porcelain"});
  if (!status || !status->success()) {
    report.problems.push_back(Error{ErrorCode::unavailable, "git status failed in " + config.repo.string(), "repo"});
    return;
  }
  report.was_dirty = !status->out.empty();
  if (!report.was_dirty) return;
  if (!config.stash_dirty) {
    report.problems.push_back(Error{ErrorCode::conflict, "the work tree has uncommitted changes", "repo"});
    return;
  }
  std::string name = "overnight/" + config.run_id + "/pre-run";
  auto stash = git(config.repo, {"stash", "push", "--include-untracked", "-m", name});
  if (!stash || !stash->success()) {
    report.problems.push_back(Error{ErrorCode::unavailable,
                                    "could not stash local changes: " + (stash ? stash->output : stash.error().message),
                                    "repo"});
    return;
  }
  report.stash_name = name;
}

}  // namespace

EnvironmentReport check_environment(const EnvironmentCheckConfig& config) {
  EnvironmentReport report;
  auto agent = find_executable(config.agent_command);
  if (agent) {
    report.agent_path = *agent;
  } else {
    report.problems.push_back(agent.error());
  }
  check_repository(config, report);
  struct statvfs fs {};
  if (::statvfs(config.repo.c_str(), &fs) != 0) {
    report.problems.push_back(
        Error{ErrorCode::io_error, "cannot read free space of " + config.repo.string() + ": " + std::strerror(errno), "disk"});
  } else {
    report.free_bytes = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
    if (report.free_bytes < config.min_free_bytes) {
      report.problems.push_back(Error{ErrorCode::unavailable,
                                      std::to_string(report.free_bytes >> 20) + " MiB free, need " +
                                          std::to_string(config.min_free_bytes >> 20) + " MiB",
                                      "disk"});
    }
  }
  return report;
}

}  // namespace nightdesk::overnight
