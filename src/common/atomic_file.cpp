#include "common/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

namespace nightdesk {
namespace {

Error os_error(std::string_view what, const std::filesystem::path& path, int err) {
  return Error{ErrorCode::io_error, std::string(what) + " " + path.string() + ": " + std::strerror(err), {}};
}

// Closes the descriptor when the scope ends, whatever path the function takes.
struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

Status write_all(int fd, std::string_view content, const std::filesystem::path& path) {
  while (!content.empty()) {
    ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(os_error("cannot write", path, errno));
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return ok();
}

Status fsync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(os_error("cannot open directory", dir, errno));
  FdCloser closer{fd};
  if (::fsync(fd) != 0) return std::unexpected(os_error("cannot fsync directory", dir, errno));
  return ok();
}

std::filesystem::path temp_path_for(const std::filesystem::path& path) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::ostringstream name;
  name << "." << path.filename().string() << ".tmp." << ::getpid() << "." << std::hex << rng();
  return path.parent_path() / name.str();
}

}  // namespace

Status write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path temp = temp_path_for(path);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return std::unexpected(os_error("cannot create", temp, errno));
  Status written = [&]() -> Status {
    FdCloser closer{fd};
    if (auto w = write_all(fd, content, temp); !w) return w;
    if (::fsync(fd) != 0) return std::unexpected(os_error("cannot fsync", temp, errno));
    return ok();
  }();
  if (written && ::rename(temp.c_str(), path.c_str()) != 0) written = std::unexpected(os_error("cannot rename over", path, errno));
  if (!written) {
    ::unlink(temp.c_str());
    return written;
  }
  return fsync_directory(path.parent_path());
}

Result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    if (err == ENOENT) return fail(ErrorCode::not_found, "no such file: " + path.string(), "path");
    return std::unexpected(os_error("cannot open", path, err));
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return std::unexpected(os_error("cannot read", path, errno));
  return content.str();
}

}  // namespace nightdesk
