// LineSource: reads a text file (or an in-memory buffer) line by line through a fixed-size buffer, so a
// multi-GB file is streamed in constant memory. One owner thread; lines stay valid until the next call.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace nightdesk::market {

struct Line {
  std::string_view text;  // without the line break (a trailing '\r' is removed too)
  std::uint64_t number = 0;  // 1-based
  bool too_long = false;  // the line exceeded the limit; `text` holds only its start
};

class LineSource {
 public:
  // Opens `path` for streaming. Lines longer than `max_line_bytes` come back marked too_long.
  static Result<LineSource> open_file(const std::string& path, std::size_t max_line_bytes);
  // Reads `text` (not copied: it must outlive the source); `name` is used in messages.
  static LineSource from_memory(std::string_view text, std::string name, std::size_t max_line_bytes);

  LineSource(LineSource&&) noexcept;
  LineSource& operator=(LineSource&&) noexcept;
  ~LineSource();

  // The next line; false at the end of input. An error is an I/O failure.
  Result<bool> next(Line& line);
  const std::string& name() const { return name_; }
  std::uint64_t bytes_consumed() const { return consumed_; }
  // The file's size in bytes (the buffer's for memory); 0 when unknown.
  std::uint64_t total_bytes() const { return total_; }

 private:
  LineSource() = default;
  Result<bool> refill();  // false when there was nothing more to read

  std::string name_;
  int fd_ = -1;
  std::size_t max_line_ = 0;
  std::vector<char> buffer_;
  std::string_view memory_;  // memory mode: the whole input
  bool memory_mode_ = false;
  std::size_t begin_ = 0, end_ = 0;  // unread bytes are buffer_[begin_, end_)
  bool eof_ = false;
  bool skipping_long_line_ = false;
  std::uint64_t line_number_ = 0;
  std::uint64_t consumed_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace nightdesk::market
