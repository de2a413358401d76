#include "common/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "common/atomic_file.h"
#include "common/time.h"

namespace nightdesk {
namespace {

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown-host";
  return buf;
}

Error os_error(std::string_view what, const std::filesystem::path& path, int err) {
  return Error{ErrorCode::io_error, std::string(what) + " " + path.string() + ": " + std::strerror(err), {}};
}

// Replaces the lock file's content with this process's identity. The lock is already held.
void record_holder(int fd) {
  std::string line = "pid=" + std::to_string(::getpid()) + " host=" + host_name() +
                     " since=" + format_iso8601(RealClock().now()) + "\n";
  if (::ftruncate(fd, 0) != 0) return;  // the lock itself is what matters; the record is informative
  [[maybe_unused]] ssize_t n = ::pwrite(fd, line.data(), line.size(), 0);
}

Result<int> open_lock_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return std::unexpected(os_error("cannot open lock file", path, errno));
  return fd;
}

Error held_by_other(const std::filesystem::path& path) {
  auto holder = FileLock::read_holder(path);
  std::string who = holder ? holder->describe() : "an unknown holder";
  return Error{ErrorCode::conflict, path.string() + " is locked by " + who, {}};
}

}  // namespace

std::string LockHolder::describe() const {
  return "pid " + std::to_string(pid) + " on host " + host + " since " + since;
}

Result<LockHolder> FileLock::read_holder(const std::filesystem::path& path) {
  auto content = read_file(path);
  if (!content) return std::unexpected(content.error());
  LockHolder holder;
  auto field = [&](std::string_view key) -> std::string {
    std::size_t at = content->find(std::string(key) + "=");
    if (at == std::string::npos) return {};
    at += key.size() + 1;
    std::size_t end = content->find_first_of(" \n", at);
    return content->substr(at, end == std::string::npos ? std::string::npos : end - at);
  };
  std::string pid = field("pid");
  if (pid.empty()) return fail(ErrorCode::parse_error, "lock file " + path.string() + " records no holder");
  holder.pid = std::strtol(pid.c_str(), nullptr, 10);
  holder.host = field("host");
  holder.since = field("since");
  return holder;
}

Result<FileLock> FileLock::try_acquire(const std::filesystem::path& path) {
  auto fd = open_lock_file(path);
  if (!fd) return std::unexpected(fd.error());
  if (::flock(*fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(*fd);
    if (err == EWOULDBLOCK) return std::unexpected(held_by_other(path));
    return std::unexpected(os_error("cannot lock", path, err));
  }
  record_holder(*fd);
  return FileLock(*fd, path);
}

Result<FileLock> FileLock::acquire(const std::filesystem::path& path, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::microseconds(100);
  while (true) {
    auto lock = try_acquire(path);
    if (lock || lock.error().code != ErrorCode::conflict) return lock;
    if (std::chrono::steady_clock::now() >= deadline) return lock;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(10'000));
  }
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) { other.fd_ = -1; }

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    other.fd_ = -1;
  }
  return *this;
}

FileLock::~FileLock() { release(); }

void FileLock::release() {
  if (fd_ < 0) return;
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
  fd_ = -1;
}

}  // namespace nightdesk
