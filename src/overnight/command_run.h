// run_command: runs a short command (git, a test suite) to completion as a supervised ChildProcess and
// returns its exit status and the tail of its output. Blocks the calling thread up to the timeout.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "overnight/child_process.h"

namespace nightdesk::overnight {

struct CommandOptions {
  std::filesystem::path cwd;
  std::vector<std::pair<std::string, std::string>> env;
  std::chrono::milliseconds timeout{60'000};  // then the process group is stopped (SIGTERM, then SIGKILL)
  std::chrono::milliseconds kill_grace{2'000};
  std::size_t tail_bytes = 16 * 1024;  // how much of the combined stdout+stderr to keep (the end of it)
  std::filesystem::path log;           // optional: the full output is also appended here
};

struct CommandResult {
  ExitStatus status;
  bool timed_out = false;
  std::string output;  // stdout and stderr lines interleaved as received; only the last tail_bytes
  std::string out;     // stdout alone (same bound), for commands whose answer is on stdout
  std::chrono::milliseconds elapsed{0};

  bool success() const { return !timed_out && status.success(); }
};

// Errors only when the command cannot start (missing: not_found); a failing command is a result.
Result<CommandResult> run_command(std::vector<std::string> argv, const CommandOptions& options);

}  // namespace nightdesk::overnight
