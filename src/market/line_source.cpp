#include "market/line_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace nightdesk::market {
namespace {

constexpr std::size_t kMinBuffer = 1 << 20;  // 1 MiB reads: large enough to keep read() calls rare

std::string_view strip_cr(std::string_view s) {
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

}  // namespace

Result<LineSource> LineSource::open_file(const std::string& path, std::size_t max_line_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(ErrorCode::io_error, path + ": " + std::strerror(errno));
  struct stat st{};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return fail(ErrorCode::io_error, path + ": is a directory");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  LineSource src;
  src.name_ = path;
  src.fd_ = fd;
  src.max_line_ = max_line_bytes;
  src.total_ = st.st_size > 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
  // Room for a whole maximal line plus the rest of a read.
  src.buffer_.resize(std::max(kMinBuffer, 2 * max_line_bytes + 1));
  return src;
}

LineSource LineSource::from_memory(std::string_view text, std::string name, std::size_t max_line_bytes) {
  LineSource src;
  src.name_ = std::move(name);
  src.memory_ = text;
  src.memory_mode_ = true;
  src.max_line_ = max_line_bytes;
  src.end_ = text.size();
  src.eof_ = true;
  src.total_ = text.size();
  return src;
}

LineSource::LineSource(LineSource&& o) noexcept { *this = std::move(o); }

LineSource& LineSource::operator=(LineSource&& o) noexcept {
  if (this == &o) return *this;
  if (fd_ >= 0) ::close(fd_);
  name_ = std::move(o.name_);
  fd_ = std::exchange(o.fd_, -1);
  max_line_ = o.max_line_;
  buffer_ = std::move(o.buffer_);
  memory_ = o.memory_;
  memory_mode_ = o.memory_mode_;
  begin_ = o.begin_;
  end_ = o.end_;
  eof_ = o.eof_;
  skipping_long_line_ = o.skipping_long_line_;
  line_number_ = o.line_number_;
  consumed_ = o.consumed_;
  total_ = o.total_;
  return *this;
}

LineSource::~LineSource() {
  if (fd_ >= 0) ::close(fd_);
}

Result<bool> LineSource::refill() {
  if (eof_) return false;
  // Move the unread tail to the front, then read after it.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  while (true) {
    ssize_t n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(ErrorCode::io_error, name_ + ": " + std::strerror(errno));
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    end_ += static_cast<std::size_t>(n);
    return true;
  }
}

Result<bool> LineSource::next(Line& line) {
  const char* base = memory_mode_ ? memory_.data() : buffer_.data();
  std::size_t scanned = begin_;  // bytes before this are known to hold no '\n'
  while (true) {
    base = memory_mode_ ? memory_.data() : buffer_.data();
    const void* nl = scanned < end_ ? std::memchr(base + scanned, '\n', end_ - scanned) : nullptr;
    if (nl != nullptr || (eof_ && begin_ < end_)) {
      std::size_t stop = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - base) : end_;
      std::string_view text(base + begin_, stop - begin_);
      std::size_t advance = stop - begin_ + (nl ? 1 : 0);
      begin_ += advance;
      consumed_ += advance;
      if (skipping_long_line_) {  // the tail of an over-long line already reported
        skipping_long_line_ = false;
        scanned = begin_;
        continue;
      }
      line.number = ++line_number_;
      line.too_long = text.size() > max_line_;
      line.text = strip_cr(line.too_long ? text.substr(0, max_line_) : text);
      return true;
    }
    if (eof_) return false;
    // No line break in the unread bytes: an over-long line is reported now and its rest skipped.
    if (end_ - begin_ > max_line_ && !skipping_long_line_) {
      line.number = ++line_number_;
      line.too_long = true;
      line.text = std::string_view(base + begin_, max_line_);
      skipping_long_line_ = true;
      consumed_ += end_ - begin_;
      begin_ = end_;  // the caller may still read line.text: refill moves nothing (begin_ == end_)
      return true;
    }
    if (skipping_long_line_) {
      consumed_ += end_ - begin_;
      begin_ = end_;
    }
    std::size_t unread = end_ - begin_;
    auto more = refill();
    if (!more) return std::unexpected(more.error());
    scanned = begin_ + unread;
    if (!*more && begin_ == end_) return false;
  }
}

}  // namespace nightdesk::market
