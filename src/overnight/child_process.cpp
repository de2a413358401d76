#include "overnight/child_process.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <mutex>
#include <thread>

extern char** environ;

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;

std::string errno_text(int err) { return std::strerror(err); }

bool is_executable_file(const std::filesystem::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void write_all(int fd, const char* data, std::size_t size) {
  while (fd >= 0 && size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a full disk must not stop supervision; the lines still reach the owner
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

// True while any process of group `pgid` other than zombies is alive. Reads /proc, never names.
bool group_has_live_members(pid_t pgid) {
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return ::kill(-pgid, 0) == 0;
  bool live = false;
  while (dirent* entry = ::readdir(proc)) {
    char* end = nullptr;
    long pid = std::strtol(entry->d_name, &end, 10);
    if (pid <= 0 || *end != '\0') continue;
    std::ifstream stat_file("/proc/" + std::string(entry->d_name) + "/stat");
    std::string stat_line;
    if (!std::getline(stat_file, stat_line)) continue;
    std::size_t close_paren = stat_line.rfind(')');
    if (close_paren == std::string::npos) continue;
    char state = 0;
    long ppid = 0, pgrp = 0;
    if (std::sscanf(stat_line.c_str() + close_paren + 1, " %c %ld %ld", &state, &ppid, &pgrp) != 3) continue;
    if (pgrp == pgid && state != 'Z' && state != 'X') {
      live = true;
      break;
    }
  }
  ::closedir(proc);
  return live;
}

ExitStatus status_from(const siginfo_t& info) {
  ExitStatus status;
  if (info.si_code == CLD_EXITED) {
    status.exit_code = info.si_status;
  } else {
    status.signal = info.si_status;
  }
  status.ended = RealClock().now();
  return status;
}

std::vector<std::string> child_environment(const std::vector<std::pair<std::string, std::string>>& additions) {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    bool replaced = false;
    for (const auto& [key, value] : additions) {
      if (entry.size() > key.size() && entry.starts_with(key) && entry[key.size()] == '=') replaced = true;
    }
    if (!replaced) env.emplace_back(entry);
  }
  for (const auto& [key, value] : additions) env.push_back(key + "=" + value);
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

Result<std::filesystem::path> find_executable(std::string_view command, std::string_view search_path) {
  if (command.empty()) return fail(ErrorCode::not_found, "no command configured", "command");
  if (command.find('/') != std::string_view::npos) {
    if (is_executable_file(std::filesystem::path(command))) return std::filesystem::path(command);
    return fail(ErrorCode::not_found, "command '" + std::string(command) + "' is not an executable file", "command");
  }
  std::size_t start = 0;
  while (start <= search_path.size()) {
    std::size_t colon = search_path.find(':', start);
    if (colon == std::string_view::npos) colon = search_path.size();
    std::string_view dir = search_path.substr(start, colon - start);
    std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : std::string(dir)) / std::string(command);
    if (is_executable_file(candidate)) return candidate;
    start = colon + 1;
  }
  return fail(ErrorCode::not_found,
              "command '" + std::string(command) + "' not found on PATH (" + std::string(search_path) + ")", "command");
}

Result<std::filesystem::path> find_executable(std::string_view command) {
  const char* path = std::getenv("PATH");
  return find_executable(command, path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin");
}

std::string ExitStatus::describe() const {
  std::string text = exit_code ? "exit code " + std::to_string(*exit_code)
                               : "signal " + std::to_string(signal.value_or(0)) + " (" +
                                     ::strsignal(signal.value_or(0)) + ")";
  if (killed_by_runner) return text + " after SIGKILL from the runner";
  if (stopped_by_runner) return text + " after SIGTERM from the runner";
  return text;
}

// State shared by the owner and the pump thread. Fields under `mu` are marked; the rest are set before
// the pump starts and only read afterwards, or belong to one side.
struct ChildProcess::Shared {
  pid_t pid = -1;
  Timestamp started;
  int pidfd = -1;
  int pipe_fd[2] = {-1, -1};  // indexed by OutputStream; pump thread only after start
  int log_fd[2] = {-1, -1};
  int stop_fd = -1;      // eventfd: the owner asks the pump to finish
  int activity_fd = -1;  // eventfd: the pump tells the owner something arrived
  std::size_t max_line_bytes = 0;
  std::size_t max_queued_lines = 0;
  std::string partial[2];  // pump thread only
  bool reaped = false;     // owner only

  std::mutex mu;
  std::condition_variable changed;
  std::deque<OutputLine> lines;        // under mu
  std::size_t dropped = 0;             // under mu
  std::optional<ExitStatus> status;    // under mu
  int open_streams = 2;                // under mu
  std::thread pump;

  ~Shared() {
    close_fd(pidfd);
    close_fd(pipe_fd[0]);
    close_fd(pipe_fd[1]);
    if (log_fd[1] != log_fd[0]) close_fd(log_fd[1]);
    close_fd(log_fd[0]);
    close_fd(stop_fd);
    close_fd(activity_fd);
  }

  void signal_activity() {
    std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(activity_fd, &one, sizeof one);
    changed.notify_all();
  }

  void push_line(OutputStream stream, std::string text, bool truncated, std::vector<OutputLine>& batch) {
    batch.push_back(OutputLine{stream, std::move(text), RealClock().now(), truncated});
  }

  void publish(std::vector<OutputLine>& batch) {
    if (batch.empty()) return;
    {
      std::lock_guard lock(mu);
      for (auto& line : batch) {
        if (lines.size() >= max_queued_lines) {
          lines.pop_front();
          ++dropped;
        }
        lines.push_back(std::move(line));
      }
    }
    batch.clear();
    signal_activity();
  }

  // Splits new bytes of one stream into lines; cuts a line that outgrows max_line_bytes.
  void split_lines(int index, const char* data, std::size_t size, std::vector<OutputLine>& batch) {
    std::string& rest = partial[index];
    auto stream = static_cast<OutputStream>(index);
    for (std::size_t i = 0; i < size; ++i) {
      if (data[i] == '\n') {
        if (!rest.empty() && rest.back() == '\r') rest.pop_back();
        push_line(stream, std::move(rest), false, batch);
        rest.clear();
      } else {
        rest.push_back(data[i]);
        if (rest.size() >= max_line_bytes) {
          push_line(stream, std::move(rest), true, batch);
          rest.clear();
        }
      }
    }
  }

  // Reads what is available on one pipe; closes it at end of file (flushing an unterminated last line).
  void drain(int index, std::vector<OutputLine>& batch) {
    char buffer[65536];
    while (pipe_fd[index] >= 0) {
      ssize_t n = ::read(pipe_fd[index], buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return;  // EAGAIN: nothing more for now
      if (n == 0) {
        if (!partial[index].empty()) push_line(static_cast<OutputStream>(index), std::move(partial[index]), false, batch);
        partial[index].clear();
        close_fd(pipe_fd[index]);
        publish(batch);  // lines before the end-of-file mark
        {
          std::lock_guard lock(mu);
          --open_streams;
        }
        changed.notify_all();
        return;
      }
      write_all(log_fd[index], buffer, static_cast<std::size_t>(n));
      split_lines(index, buffer, static_cast<std::size_t>(n), batch);
    }
  }

  // Records the leader's exit without reaping it: the zombie keeps the pid and group id reserved, so a
  // later kill(-pgid) can never reach an unrelated process that reused the number.
  bool check_exit() {
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid != pid) {
      return false;
    }
    ExitStatus exit = status_from(info);
    {
      std::lock_guard lock(mu);
      status = exit;
    }
    signal_activity();
    return true;
  }

  void run_pump() {
    bool exited = false;
    std::vector<OutputLine> batch;
    for (;;) {
      pollfd fds[4];
      nfds_t count = 0;
      fds[count++] = {stop_fd, POLLIN, 0};
      int stream_slot[2] = {-1, -1};
      for (int i = 0; i < 2; ++i) {
        if (pipe_fd[i] >= 0) {
          stream_slot[i] = static_cast<int>(count);
          fds[count++] = {pipe_fd[i], POLLIN, 0};
        }
      }
      int pid_slot = -1;
      if (!exited && pidfd >= 0) {
        pid_slot = static_cast<int>(count);
        fds[count++] = {pidfd, POLLIN, 0};
      }
      // Without a pidfd (kernel < 5.3) the exit is checked every 20 ms instead.
      int timeout_ms = (!exited && pidfd < 0) ? 20 : -1;
      int ready = ::poll(fds, count, timeout_ms);
      if (ready < 0 && errno != EINTR) return;
      if (fds[0].revents != 0) break;
      for (int i = 0; i < 2; ++i) {
        if (stream_slot[i] >= 0 && fds[stream_slot[i]].revents != 0) drain(i, batch);
      }
      publish(batch);
      bool pid_ready = pid_slot >= 0 ? fds[pid_slot].revents != 0 : (!exited && pidfd < 0);
      if (pid_ready) {
        // Whatever the leader wrote before exiting is already in the pipes: deliver it first.
        drain(0, batch);
        drain(1, batch);
        publish(batch);
        exited = check_exit();
      }
      if (exited && pipe_fd[0] < 0 && pipe_fd[1] < 0) return;
    }
    drain(0, batch);
    drain(1, batch);
    publish(batch);
  }
};

ChildProcess::ChildProcess(std::unique_ptr<Shared> shared) : shared_(std::move(shared)) {}
ChildProcess::ChildProcess(ChildProcess&&) noexcept = default;

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    ChildProcess doomed(std::move(*this));
    shared_ = std::move(other.shared_);
  }
  return *this;
}

Result<ChildProcess> ChildProcess::spawn(const ChildSpec& spec) {
  if (spec.argv.empty()) return fail(ErrorCode::invalid_argument, "empty command line", "command");
  auto executable = find_executable(spec.argv[0]);
  if (!executable) return std::unexpected(executable.error());
  if (!spec.cwd.empty() && !std::filesystem::is_directory(spec.cwd)) {
    return fail(ErrorCode::not_found, "working directory " + spec.cwd.string() + " does not exist", "cwd");
  }
  std::filesystem::path stdin_path = spec.stdin_file.empty() ? "/dev/null" : spec.stdin_file;
  if (::access(stdin_path.c_str(), R_OK) != 0) {
    return fail(ErrorCode::not_found, "cannot read stdin file " + stdin_path.string() + ": " + errno_text(errno),
                "stdin_file");
  }

  auto shared = std::make_unique<Shared>();
  shared->max_line_bytes = std::max<std::size_t>(1, spec.max_line_bytes);
  shared->max_queued_lines = std::max<std::size_t>(1, spec.max_queued_lines);
  const std::filesystem::path* log_paths[2] = {&spec.stdout_log, &spec.stderr_log};
  for (int i = 0; i < 2; ++i) {
    if (log_paths[i]->empty()) continue;
    if (i == 1 && spec.stderr_log == spec.stdout_log) {
      shared->log_fd[1] = shared->log_fd[0];
      continue;
    }
    shared->log_fd[i] = ::open(log_paths[i]->c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (shared->log_fd[i] < 0) {
      return fail(ErrorCode::io_error, "cannot open log " + log_paths[i]->string() + ": " + errno_text(errno), "log");
    }
  }
  shared->stop_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  shared->activity_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  int out_pipe[2], err_pipe[2];
  if (shared->stop_fd < 0 || shared->activity_fd < 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0) {
    return fail(ErrorCode::io_error, "cannot create pipes: " + errno_text(errno));
  }
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    int err = errno;
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return fail(ErrorCode::io_error, "cannot create pipes: " + errno_text(err));
  }
  shared->pipe_fd[0] = out_pipe[0];
  shared->pipe_fd[1] = err_pipe[0];

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  if (!spec.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, spec.cwd.c_str());
  // Nothing of the runner's beyond stdin/stdout/stderr: libraries open descriptors without O_CLOEXEC (Asio's
  // listening socket, for one), and an agent that outlives a killed runner would keep the status port bound.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);  // the runner may block signals for a signalfd
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> args = spec.argv;
  std::vector<std::string> env = child_environment(spec.env);
  std::vector<char*> argv = c_strings(args);
  std::vector<char*> envp = c_strings(env);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, executable->c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) {
    return fail(rc == ENOENT ? ErrorCode::not_found : ErrorCode::io_error,
                "cannot start " + executable->string() + ": " + errno_text(rc), "command");
  }
  shared->pid = pid;
  shared->started = RealClock().now();
  shared->pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  for (int fd : shared->pipe_fd) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  Shared* raw = shared.get();
  shared->pump = std::thread([raw] { raw->run_pump(); });
  return ChildProcess(std::move(shared));
}

ChildProcess::~ChildProcess() {
  if (!shared_) return;
  Shared& s = *shared_;
  if (!s.reaped) {
    bool exited = exit_status().has_value();
    if (!exited || group_has_live_members(s.pid)) ::kill(-s.pid, SIGKILL);
    siginfo_t info{};
    while (::waitid(P_PID, static_cast<id_t>(s.pid), &info, WEXITED) != 0 && errno == EINTR) {
    }
    s.reaped = true;
  }
  std::uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(s.stop_fd, &one, sizeof one);
  if (s.pump.joinable()) s.pump.join();
}

pid_t ChildProcess::pid() const { return shared_->pid; }
pid_t ChildProcess::process_group() const { return shared_->pid; }
Timestamp ChildProcess::started() const { return shared_->started; }

std::vector<OutputLine> ChildProcess::take_lines() {
  std::uint64_t count = 0;
  [[maybe_unused]] ssize_t n = ::read(shared_->activity_fd, &count, sizeof count);
  std::lock_guard lock(shared_->mu);
  std::vector<OutputLine> out(std::make_move_iterator(shared_->lines.begin()),
                              std::make_move_iterator(shared_->lines.end()));
  shared_->lines.clear();
  return out;
}

std::size_t ChildProcess::dropped_lines() const {
  std::lock_guard lock(shared_->mu);
  return shared_->dropped;
}

std::optional<ExitStatus> ChildProcess::exit_status() const {
  std::lock_guard lock(shared_->mu);
  return shared_->status;
}

bool ChildProcess::wait_for_activity(std::chrono::milliseconds timeout) {
  std::unique_lock lock(shared_->mu);
  return shared_->changed.wait_for(lock, timeout, [&] { return !shared_->lines.empty() || shared_->status; });
}

bool ChildProcess::wait_for_output_end(std::chrono::milliseconds timeout) {
  std::unique_lock lock(shared_->mu);
  return shared_->changed.wait_for(lock, timeout, [&] { return shared_->open_streams == 0; });
}

int ChildProcess::activity_fd() const { return shared_->activity_fd; }

ExitStatus ChildProcess::terminate(std::chrono::milliseconds grace) {
  Shared& s = *shared_;
  auto leader_exited = [&] { return s.status.has_value(); };
  bool stopped = false, killed = false;
  {
    std::unique_lock lock(s.mu);
    if (!s.reaped && (!leader_exited() || group_has_live_members(s.pid))) {
      bool leader_was_running = !leader_exited();
      ::kill(-s.pid, SIGTERM);
      stopped = leader_was_running;
      auto deadline = std::chrono::steady_clock::now() + grace;
      // The leader's exit wakes us at once; stragglers in the group are re-checked every 10 ms.
      while (std::chrono::steady_clock::now() < deadline) {
        s.changed.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() + 10ms), leader_exited);
        if (leader_exited() && !group_has_live_members(s.pid)) break;
      }
      if (!leader_exited() || group_has_live_members(s.pid)) {
        killed = !leader_exited();
        ::kill(-s.pid, SIGKILL);
        s.changed.wait_for(lock, 5s, leader_exited);
      }
    }
  }
  if (!s.reaped) {
    siginfo_t info{};
    while (::waitid(P_PID, static_cast<id_t>(s.pid), &info, WEXITED) != 0 && errno == EINTR) {
    }
    s.reaped = true;
    std::lock_guard lock(s.mu);
    if (!s.status) s.status = status_from(info);
  }
  std::lock_guard lock(s.mu);
  if (stopped && !killed) s.status->stopped_by_runner = true;
  if (killed) s.status->stopped_by_runner = s.status->killed_by_runner = true;
  return *s.status;
}

}  // namespace nightdesk::overnight
