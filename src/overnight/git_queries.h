// Short read-only git queries in the work tree (HEAD, commits between two points, the recent log) for the
// session loop. Git is optional for supervision, so a failure is an empty answer, not an error.
// Stateless; blocks on git; any thread may call them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace nightdesk::overnight {

// Trimmed stdout of `git -C workdir <args>`; empty on any failure.
std::string git_output(const std::filesystem::path& workdir, const std::string& args);

// Commits reachable from `to` but not `from`, oldest first; empty when either is empty or they are equal.
std::vector<std::string> commits_between(const std::filesystem::path& workdir, const std::string& from,
                                         const std::string& to);

// `git log --oneline` of the last `count` commits (newest first).
std::string recent_git_log(const std::filesystem::path& workdir, int count);

// Whether a ref (tag or branch name) exists.
bool git_ref_exists(const std::filesystem::path& workdir, const std::string& ref);

}  // namespace nightdesk::overnight
