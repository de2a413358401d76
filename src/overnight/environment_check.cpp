#include "overnight/environment_check.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <fstream>

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

// "-- . :(exclude)<kept path>..." so git status and git stash leave the kept paths alone.
std::vector<std::string> pathspec(const EnvironmentCheckConfig& config) {
  std::vector<std::string> spec{"--", "."};
  const auto repo = std::filesystem::weakly_canonical(config.repo);
  for (const auto& path : config.keep) {
    auto rel = std::filesystem::weakly_canonical(path).lexically_relative(repo);
    if (rel.empty() || *rel.begin() == "..") continue;
    // An ignored path is neither dirty nor stashed already, and naming it makes `git stash` fail.
    auto ignored = git(config.repo, {"check-ignore", "-q", "--no-index", rel.generic_string()});
    if (ignored && ignored->success()) continue;
    spec.push_back(":(exclude)" + rel.generic_string());
  }
  return spec;
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

void check_repository(const EnvironmentCheckConfig& config, EnvironmentReport& report) {
  auto inside = git(config.repo, {"rev-parse", "--is-inside-work-tree"});
  if (!inside || !inside->success() || inside->out != "true\n") {
    report.problems.push_back(Error{ErrorCode::not_found, config.repo.string() + " is not a git work tree", "repo"});
    return;
  }
  report.git_repository = true;
  auto status = git(config.repo, with({"status", "--porcelain"}, pathspec(config)));
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
  auto stash = git(config.repo, with({"stash", "push", "--include-untracked", "-m", name}, pathspec(config)));
  if (!stash || !stash->success()) {
    report.problems.push_back(Error{ErrorCode::unavailable,
                                    "could not stash local changes: " + (stash ? stash->output : stash.error().message),
                                    "repo"});
    return;
  }
  report.stash_name = name;
}

}  // namespace

Result<std::vector<std::string>> exclude_from_repository(const std::filesystem::path& repo,
                                                         const std::vector<std::filesystem::path>& paths) {
  auto git_path = git(repo, {"rev-parse", "--git-path", "info/exclude"});
  if (!git_path) return std::unexpected(git_path.error());
  if (!git_path->success()) return fail(ErrorCode::not_found, repo.string() + " is not a git work tree", "repo");
  std::string name = git_path->out;
  while (!name.empty() && name.back() == '\n') name.pop_back();
  std::filesystem::path exclude = std::filesystem::path(name).is_absolute() ? std::filesystem::path(name) : repo / name;
  const auto root = std::filesystem::weakly_canonical(repo);
  std::vector<std::string> added;
  std::error_code ignored_error;
  std::filesystem::create_directories(exclude.parent_path(), ignored_error);
  for (const auto& path : paths) {
    auto rel = std::filesystem::weakly_canonical(path).lexically_relative(root);
    if (rel.empty() || rel == "." || *rel.begin() == "..") continue;
    auto ignored = git(repo, {"check-ignore", "-q", "--no-index", rel.generic_string()});
    if (ignored && ignored->success()) continue;  // also true under a directory added just before
    std::error_code ec;
    const bool dir = std::filesystem::is_directory(path, ec) || !path.has_extension();
    // Appended piece by piece: g++ 12 at -O3 warns (-Wrestrict, a false positive) on "/" + string.
    std::string pattern = "/";
    pattern += rel.generic_string();
    if (dir) pattern += '/';
    std::ofstream out(exclude, std::ios::app);
    if (added.empty()) out << "# overnight: the runner's own state, history and logs\n";
    out << pattern << "\n";
    if (!out) return fail(ErrorCode::io_error, "cannot append to " + exclude.string(), "repo");
    added.push_back(std::move(pattern));
  }
  return added;
}

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
