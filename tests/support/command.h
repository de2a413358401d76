// Runs a shell command (the real binaries, in integration tests) and captures its stdout and exit code.
// One call per test thread; blocking.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "support/paths.h"

namespace nightdesk::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout; redirect stderr with 2>&1 in the command to capture it too
};

inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace nightdesk::testing
