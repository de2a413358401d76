#include "overnight/git_queries.h"

#include <cstdio>

#include <fmt/core.h>

namespace nightdesk::overnight {
namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string git_output(const std::filesystem::path& workdir, const std::string& args) {
  std::string cmd = "git -C " + shell_quote(workdir.string()) + " " + args + " 2>/dev/null";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return {};
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) out += buf;
  if (::pclose(pipe) != 0) return {};
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::vector<std::string> commits_between(const std::filesystem::path& workdir, const std::string& from,
                                         const std::string& to) {
  std::vector<std::string> commits;
  if (from.empty() || to.empty() || from == to) return commits;
  std::string list = git_output(workdir, "rev-list --reverse " + from + ".." + to);
  std::size_t start = 0;
  while (start < list.size()) {
    std::size_t end = list.find('\n', start);
    commits.push_back(list.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return commits;
}

std::string recent_git_log(const std::filesystem::path& workdir, int count) {
  return git_output(workdir, fmt::format("log --oneline --no-decorate -n {}", count));
}

bool git_ref_exists(const std::filesystem::path& workdir, const std::string& ref) {
  return !git_output(workdir, "rev-parse --verify --quiet " + shell_quote(ref)).empty();
}

}  // namespace nightdesk::overnight
