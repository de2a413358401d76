// NativeCsvReader: streams Nightdesk's native quote CSV (docs/DATA_FORMATS.md): a header naming the
// columns, then one quote per row (option or underlying), in time order. One consumer thread.
#pragma once

#include <array>
#include <memory>

#include "market/feed.h"
#include "market/line_source.h"
#include "market/record_fields.h"

namespace nightdesk::market {

// The native columns, in the order the writer prints them.
enum class NativeColumn : std::uint8_t {
  time, underlying, expiry, strike, right, bid, ask, bid_size, ask_size, last, volume, open_interest, iv, delta,
};
inline constexpr std::size_t kNativeColumnCount = 14;
std::string_view native_column_name(NativeColumn column);
// The header line the writer prints ("time,underlying,...").
std::string native_csv_header();

class NativeCsvReader final : public Feed {
 public:
  // Reads and checks the header; a missing or wrong header is an error ("file:1: reason").
  static Result<std::unique_ptr<NativeCsvReader>> open(LineSource source, LoadOptions options);

  Result<bool> next(QuoteEvent& event) override;
  const LoadStats& stats() const override { return stats_; }
  const std::string& name() const override { return source_.name(); }
  std::uint64_t total_bytes() const { return source_.total_bytes(); }

 private:
  NativeCsvReader(LineSource source, LoadOptions options) : source_(std::move(source)), options_(std::move(options)) {}
  Status read_header();
  // Parses one data row into `event`; the error's message is the bad-row reason.
  Status parse_row(QuoteEvent& event);
  std::string_view field(NativeColumn column) const;

  LineSource source_;
  LoadOptions options_;
  LoadStats stats_;
  RecordFields fields_;
  std::array<int, kNativeColumnCount> index_{};  // field position of each column, -1 when absent
  std::size_t column_count_ = 0;
  Timestamp last_time_ = Timestamp::min();
};

}  // namespace nightdesk::market
