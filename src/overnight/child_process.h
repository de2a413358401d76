// ChildProcess: one supervised command in its own session and process group, its output teed to log
// files and handed to the owner line by line. The owning thread calls every method; an internal pump
// thread drains the pipes (so a busy owner never blocks the child) and notices the exit within ~1 ms.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"
#include "common/time.h"

namespace nightdesk::overnight {

// Resolves `command` the way execvp would: a name with a '/' must be an executable file; a bare name
// is searched in `search_path` (colon-separated; an empty entry means the current directory).
// Returns not_found (field "command") when nothing executable is there, so a run fails before spawning.
Result<std::filesystem::path> find_executable(std::string_view command, std::string_view search_path);
// Same, searching the PATH of this process.
Result<std::filesystem::path> find_executable(std::string_view command);

struct ChildSpec {
  std::vector<std::string> argv;  // argv[0] is resolved with find_executable
  std::filesystem::path cwd;      // empty: the runner's working directory
  std::vector<std::pair<std::string, std::string>> env;  // added to (or replacing in) the runner's env
  std::filesystem::path stdin_file;  // empty: /dev/null (an agent must never wait on a terminal)
  std::filesystem::path stdout_log;  // appended to; empty: not logged
  std::filesystem::path stderr_log;  // appended to; empty: not logged (may equal stdout_log)
  std::size_t max_line_bytes = 1 << 20;  // longer lines are delivered cut, with `truncated` set
  std::size_t max_queued_lines = 10000;  // when the owner falls behind, the oldest lines are dropped
};

enum class OutputStream { out, err };

struct OutputLine {
  OutputStream stream = OutputStream::out;
  std::string text;  // without the trailing newline
  Timestamp received;
  bool truncated = false;
};

// How the child ended. Exactly one of exit_code / signal is set.
struct ExitStatus {
  std::optional<int> exit_code;
  std::optional<int> signal;
  bool stopped_by_runner = false;  // terminate() sent SIGTERM before the child ended
  bool killed_by_runner = false;   // ...and had to escalate to SIGKILL
  Timestamp ended;

  bool success() const { return exit_code == 0; }
  // "exit code 3", "signal 9 (Killed)", plus "after SIGTERM/SIGKILL from the runner".
  std::string describe() const;
};

class ChildProcess {
 public:
  // Resolves the command (not_found when missing: nothing is spawned), opens the logs (io_error) and
  // starts the child with setsid, an empty signal mask and default signal dispositions.
  static Result<ChildProcess> spawn(const ChildSpec& spec);

  ChildProcess(ChildProcess&&) noexcept;
  ChildProcess& operator=(ChildProcess&&) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Kills the whole process group (SIGKILL) if anything of it is still alive, and reaps the child.
  ~ChildProcess();

  pid_t pid() const;
  pid_t process_group() const;  // equals pid(): the child leads its own session and group
  Timestamp started() const;

  // Complete lines received since the last call, oldest first; never blocks.
  std::vector<OutputLine> take_lines();
  // Lines dropped because the queue was full (they are still in the log files).
  std::size_t dropped_lines() const;
  // The exit status once the child (the group leader) has exited; never blocks.
  std::optional<ExitStatus> exit_status() const;
  // Blocks up to `timeout` until there are lines to take or the child has exited; true if so.
  bool wait_for_activity(std::chrono::milliseconds timeout);
  // Blocks up to `timeout` until stdout and stderr are both closed (every writer in the group has gone),
  // so the lines taken afterwards are the complete output; true if so.
  bool wait_for_output_end(std::chrono::milliseconds timeout);
  // A descriptor that polls readable when lines arrive or the child exits, for the owner's poll loop;
  // take_lines() clears it. Owned by this object.
  int activity_fd() const;

  // Stops the whole process group: SIGTERM, up to `grace` for every member to end, then SIGKILL.
  // Also sweeps up stragglers after the leader has exited on its own. Returns how the leader ended.
  ExitStatus terminate(std::chrono::milliseconds grace);

 private:
  struct Shared;
  explicit ChildProcess(std::unique_ptr<Shared> shared);
  std::unique_ptr<Shared> shared_;
};

}  // namespace nightdesk::overnight
