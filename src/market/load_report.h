// How a loader treats bad rows (skip or fail), the bad-row record ("file:line: reason"), and the counts a
// loader returns. Owned by one loader; read by its caller on the same thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/error.h"

namespace nightdesk::market {

enum class OnBadRow : std::uint8_t { skip, fail };

// "skip" or "fail" (the `on_bad_row` config value).
Result<OnBadRow> parse_on_bad_row(std::string_view text);

struct BadRow {
  std::string file;
  std::uint64_t line = 0;  // 1-based line number in the file
  std::string reason;
  // "file:line: reason".
  std::string describe() const;
};

struct LoadOptions {
  OnBadRow on_bad_row = OnBadRow::skip;
  // Called for every bad row as it is found (both policies); may be empty.
  std::function<void(const BadRow&)> report_bad_row;
  // OptionsDX files do not name their underlying; empty means "take it from the file name".
  std::string underlying;
  // Longer lines are bad rows (keeps memory bounded on a corrupt file with no line breaks).
  std::size_t max_line_bytes = 64 * 1024;
};

// What a loader saw. Every skipped row is counted here; nothing is dropped silently.
struct LoadStats {
  std::uint64_t bytes = 0;          // bytes consumed so far
  std::uint64_t lines = 0;          // lines read, header included
  std::uint64_t rows = 0;           // data rows accepted
  std::uint64_t events = 0;         // quote events delivered (an OptionsDX row yields up to three)
  std::uint64_t bad_rows = 0;       // rows rejected (skipped under on_bad_row: skip)
  std::uint64_t no_market_sides = 0;  // OptionsDX call/put sides with neither bid nor ask (not events)
  std::uint64_t crossed = 0;        // delivered option quotes with bid > ask
  std::uint64_t locked = 0;         // delivered option quotes with bid == ask
  std::vector<BadRow> first_bad_rows;  // the first kMaxKeptBadRows, for summaries

  static constexpr std::size_t kMaxKeptBadRows = 100;
  void add(const LoadStats& other);
};

// Records `bad` in `stats` and calls the report callback. Returns the error to raise under
// on_bad_row: fail, or success when the row is to be skipped.
Status handle_bad_row(const LoadOptions& options, LoadStats& stats, BadRow bad);

}  // namespace nightdesk::market
