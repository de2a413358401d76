#include "market/header_line.h"
#include "market/native_csv_reader.h"

#include <algorithm>

#include <fmt/format.h>

namespace nightdesk::market {
namespace {

constexpr std::array<std::string_view, kNativeColumnCount> kNames = {
    "time", "underlying", "expiry", "strike", "right", "bid", "ask", "bid_size", "ask_size",
    "last", "volume", "open_interest", "iv", "delta",
};
constexpr std::size_t kFirstOptionalColumn = static_cast<std::size_t>(NativeColumn::last);

// A quote stamped later than this past its expiry date (UTC midnight) is bad data: 29 hours covers
// an expiry-day quote up to 01:00 New York time the next day, whatever the zone offset.
constexpr auto kQuoteAfterExpiryLimit = std::chrono::hours(24 + 5);

bool valid_symbol(std::string_view s) {
  if (s.empty() || s.size() > 16) return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '/' ||
          c == '^' || c == '-' || c == '_'))
      return false;
  return true;
}

std::unexpected<Error> bad(std::string message) { return fail(ErrorCode::parse_error, std::move(message)); }

}  // namespace

std::string_view native_column_name(NativeColumn column) { return kNames[static_cast<std::size_t>(column)]; }

std::string native_csv_header() {
  std::string header;
  for (auto name : kNames) {
    if (!header.empty()) header += ',';
    header += name;
  }
  return header;
}

Result<std::unique_ptr<NativeCsvReader>> NativeCsvReader::open(LineSource source, LoadOptions options) {
  std::unique_ptr<NativeCsvReader> reader(new NativeCsvReader(std::move(source), std::move(options)));
  auto status = reader->read_header();
  if (!status) return std::unexpected(status.error());
  return reader;
}

Status NativeCsvReader::read_header() {
  auto header_line = read_header_fields(source_, stats_, fields_);
  if (!header_line) return std::unexpected(header_line.error());
  auto header_error = [&](std::uint64_t line, const std::string& why) { return market::header_error(source_, line, why); };
  index_.fill(-1);
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    std::string_view name = fields_[i];
    auto it = std::find(kNames.begin(), kNames.end(), name);
    if (it == kNames.end())
      return header_error(*header_line, fmt::format("missing header: unknown column '{}' (expected {})", name,
                                                   native_csv_header()));
    auto& slot = index_[static_cast<std::size_t>(it - kNames.begin())];
    if (slot >= 0) return header_error(*header_line, fmt::format("header names column '{}' twice", name));
    slot = static_cast<int>(i);
  }
  for (std::size_t c = 0; c < kFirstOptionalColumn; ++c)
    if (index_[c] < 0)
      return header_error(*header_line, fmt::format("missing header: required column '{}' is absent", kNames[c]));
  column_count_ = fields_.size();
  return ok();
}

std::string_view NativeCsvReader::field(NativeColumn column) const {
  int i = index_[static_cast<std::size_t>(column)];
  return i < 0 ? std::string_view{} : fields_[static_cast<std::size_t>(i)];
}

Result<bool> NativeCsvReader::next(QuoteEvent& event) {
  Line line;
  while (true) {
    auto got = source_.next(line);
    if (!got) return std::unexpected(got.error());
    stats_.bytes = source_.bytes_consumed();
    if (!*got) return false;
    ++stats_.lines;
    Status row = line.too_long ? bad(fmt::format("line longer than {} bytes", options_.max_line_bytes))
                               : line.text.empty() ? ok() : fields_.split(line.text);
    if (row && line.text.empty()) continue;  // blank lines carry nothing
    if (row) row = parse_row(event);
    if (row) {
      ++stats_.rows;
      ++stats_.events;
      if (event.is_option() && event.quote.is_crossed()) ++stats_.crossed;
      if (event.is_option() && event.quote.is_locked()) ++stats_.locked;
      last_time_ = event.quote.time;
      return true;
    }
    auto handled = handle_bad_row(options_, stats_, BadRow{source_.name(), line.number, row.error().message});
    if (!handled) return std::unexpected(handled.error());
  }
}

Status NativeCsvReader::parse_row(QuoteEvent& event) {
  if (fields_.size() != column_count_)
    return bad(fmt::format("expected {} columns, got {}", column_count_, fields_.size()));

  auto time = parse_iso8601(field(NativeColumn::time));
  if (!time) return bad("time: " + time.error().message);
  if (*time < last_time_)
    return bad(fmt::format("time goes backwards ({} after {})", format_iso8601(*time), format_iso8601(last_time_)));

  std::string_view underlying = field(NativeColumn::underlying);
  if (!valid_symbol(underlying)) return bad(fmt::format("underlying: not a symbol: '{}'", underlying.substr(0, 40)));
  event.underlying.assign(underlying);

  std::string_view expiry = field(NativeColumn::expiry), strike = field(NativeColumn::strike),
                   right = field(NativeColumn::right);
  int option_fields = !expiry.empty() + !strike.empty() + !right.empty();
  if (option_fields != 0 && option_fields != 3)
    return bad("expiry, strike and right are all set (option row) or all empty (underlying row)");
  event.kind = option_fields == 3 ? InstrumentKind::option : InstrumentKind::underlying;
  if (event.is_option()) {
    auto e = read_date(expiry, "expiry");
    if (!e) return std::unexpected(e.error());
    if (*time >= std::chrono::sys_days{*e} + kQuoteAfterExpiryLimit)
      return bad(fmt::format("quote at {} is after its expiry {}", format_iso8601(*time), expiry));
    auto k = read_price(strike, "strike");
    if (!k) return std::unexpected(k.error());
    if (k->units() <= 0) return bad(fmt::format("strike: must be positive, got '{}'", strike));
    auto r = parse_option_right(right);
    if (!r) return bad(fmt::format("right: expected C or P, got '{}'", right.substr(0, 40)));
    event.expiry = *e;
    event.strike = *k;
    event.right = *r;
  } else {
    event.expiry = Date{};
    event.strike = Price{};
  }

  Quote& q = event.quote;
  q.time = *time;
  std::string_view bid = field(NativeColumn::bid), ask = field(NativeColumn::ask);
  if (!event.is_option() && bid.empty() && ask.empty()) {
    q.bid = q.ask = Price{};
  } else {
    auto b = read_non_negative_price(bid, "bid");
    if (!b) return std::unexpected(b.error());
    auto a = read_non_negative_price(ask, "ask");
    if (!a) return std::unexpected(a.error());
    if (a->units() == 0) return bad("ask: zero (a quote needs an offer; leave bid and ask empty for none)");
    q.bid = *b;
    q.ask = *a;
  }
  for (auto [column, size] : {std::pair{NativeColumn::bid_size, &q.bid_size}, {NativeColumn::ask_size, &q.ask_size}}) {
    std::string_view text = field(column);
    if (text.empty()) {
      *size = Quantity{0};
      continue;
    }
    auto n = read_count(text, native_column_name(column));
    if (!n) return std::unexpected(n.error());
    if (*n < 0) return bad(fmt::format("{}: negative size '{}'", native_column_name(column), text));
    *size = Quantity{*n};
  }

  q.last.reset();
  if (auto text = field(NativeColumn::last); !text.empty()) {
    auto l = read_non_negative_price(text, "last");
    if (!l) return std::unexpected(l.error());
    q.last = *l;
  }
  if (!event.is_option() && !q.has_offer() && !q.last) return bad("underlying row has neither bid/ask nor last");
  if (!event.is_option() && q.last && q.last->units() == 0) return bad("last: zero underlying price");

  for (auto [column, out] : {std::pair{NativeColumn::volume, &event.volume},
                             {NativeColumn::open_interest, &event.open_interest}}) {
    out->reset();
    std::string_view text = field(column);
    if (text.empty()) continue;
    auto n = read_count(text, native_column_name(column));
    if (!n) return std::unexpected(n.error());
    if (*n < 0) return bad(fmt::format("{}: negative count '{}'", native_column_name(column), text));
    *out = *n;
  }
  event.iv.reset();
  if (auto text = field(NativeColumn::iv); !text.empty()) {
    auto v = read_double(text, "iv");
    if (!v) return std::unexpected(v.error());
    if (*v < 0) return bad(fmt::format("iv: negative '{}'", text));
    event.iv = *v;
  }
  event.delta.reset();
  if (auto text = field(NativeColumn::delta); !text.empty()) {
    auto v = read_double(text, "delta");
    if (!v) return std::unexpected(v.error());
    if (*v < -1 || *v > 1) return bad(fmt::format("delta: outside [-1, 1]: '{}'", text));
    event.delta = *v;
  }
  return ok();
}

}  // namespace nightdesk::market
