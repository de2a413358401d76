// OptionsDxReader: streams OptionsDX end-of-day option files (docs/DATA_FORMATS.md): bracketed
// headers, one row per strike holding the call and the put. Each row yields up to three quote
// events: the underlying (when its price or the time changes), the call and the put. One consumer thread.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "market/feed.h"
#include "market/line_source.h"
#include "market/record_fields.h"

namespace nightdesk::market {

// "spy_eod_202301.txt" → "SPY": the leading letters of the file's base name, upper-cased; empty when
// the name does not start with a symbol.
std::string underlying_from_file_name(std::string_view path);

class OptionsDxReader final : public Feed {
 public:
  // Reads and checks the header. The underlying comes from options.underlying, else the file name.
  static Result<std::unique_ptr<OptionsDxReader>> open(LineSource source, LoadOptions options);

  Result<bool> next(QuoteEvent& event) override;
  const LoadStats& stats() const override { return stats_; }
  const std::string& name() const override { return source_.name(); }
  std::uint64_t total_bytes() const { return source_.total_bytes(); }

  // The columns read (the rest of the header is accepted and ignored).
  enum Column : std::uint8_t {
    quote_unixtime, quote_date, underlying_last, expire_date, strike,
    c_bid, c_ask, c_size, c_last, c_volume, c_iv, c_delta,
    p_bid, p_ask, p_size, p_last, p_volume, p_iv, p_delta,
    column_count,
  };

 private:
  OptionsDxReader(LineSource source, LoadOptions options) : source_(std::move(source)), options_(std::move(options)) {}
  Status read_header();
  // Parses the current row into pending_ events; the error's message is the bad-row reason.
  Status parse_row();
  Status parse_side(OptionRight right, QuoteEvent& side, bool& has_market);
  std::string_view field(Column column) const;

  LineSource source_;
  LoadOptions options_;
  LoadStats stats_;
  RecordFields fields_;
  std::array<int, column_count> index_{};
  std::size_t header_columns_ = 0;
  std::array<QuoteEvent, 3> pending_;  // events of the current row, delivered in order
  std::size_t pending_count_ = 0, pending_next_ = 0;
  Timestamp last_time_ = Timestamp::min();
  Price last_underlying_price_;
};

}  // namespace nightdesk::market
