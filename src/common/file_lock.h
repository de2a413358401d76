// FileLock: an exclusive advisory lock (flock) on a lock file, recording who holds it.
// One owner per FileLock object; the lock is released when the object is destroyed (or the process dies).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "common/error.h"

namespace nightdesk {

// Who holds a lock, as recorded in the lock file: "pid 4242 on host desk-1 since 2025-01-17T21:00:00Z".
struct LockHolder {
  long pid = 0;
  std::string host;
  std::string since;  // ISO-8601 UTC
  std::string describe() const;
};

class FileLock {
 public:
  // Takes the lock now or fails with conflict, naming the current holder.
  static Result<FileLock> try_acquire(const std::filesystem::path& path);
  // Waits up to `timeout` for the lock (for short read-modify-write sections).
  static Result<FileLock> acquire(const std::filesystem::path& path, std::chrono::milliseconds timeout);
  // Reads the holder recorded in a lock file (whether or not it is still held).
  static Result<LockHolder> read_holder(const std::filesystem::path& path);

  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

  const std::filesystem::path& path() const { return path_; }

 private:
  FileLock(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  void release();
  int fd_ = -1;
  std::filesystem::path path_;
};

}  // namespace nightdesk
