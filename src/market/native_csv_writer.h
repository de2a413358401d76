// NativeCsvWriter: writes quote events in the native CSV format (docs/DATA_FORMATS.md) to a file,
// buffered. One owner thread. The file appears under its name only when finish() succeeds.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "common/error.h"
#include "market/quote_event.h"

namespace nightdesk::market {

class NativeCsvWriter {
 public:
  // Creates `path` (via a temporary next to it) and writes the header.
  static Result<NativeCsvWriter> create(const std::string& path);
  NativeCsvWriter(NativeCsvWriter&&) noexcept;
  ~NativeCsvWriter();  // an unfinished file is removed

  Status write(const QuoteEvent& event);
  // Flushes, syncs and renames the file into place.
  Status finish();
  std::uint64_t rows_written() const { return rows_; }

  // One row as text, without the line break (also used by tests and the fuzz corpus).
  static std::string format_row(const QuoteEvent& event);

 private:
  NativeCsvWriter() = default;
  std::string path_, temp_path_;
  std::FILE* file_ = nullptr;
  std::uint64_t rows_ = 0;
};

}  // namespace nightdesk::market
