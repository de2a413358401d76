#include "market/header_line.h"
#include "market/optionsdx_reader.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

namespace nightdesk::market {
namespace {

// Header names without brackets, indexed by OptionsDxReader::Column.
constexpr std::array<std::string_view, OptionsDxReader::column_count> kNames = {
    "QUOTE_UNIXTIME", "QUOTE_DATE", "UNDERLYING_LAST", "EXPIRE_DATE", "STRIKE",
    "C_BID", "C_ASK", "C_SIZE", "C_LAST", "C_VOLUME", "C_IV", "C_DELTA",
    "P_BID", "P_ASK", "P_SIZE", "P_LAST", "P_VOLUME", "P_IV", "P_DELTA",
};
// Columns without which a row means nothing.
constexpr std::array kRequired = {
    OptionsDxReader::quote_unixtime, OptionsDxReader::quote_date, OptionsDxReader::underlying_last,
    OptionsDxReader::expire_date, OptionsDxReader::strike, OptionsDxReader::c_bid, OptionsDxReader::c_ask,
    OptionsDxReader::p_bid, OptionsDxReader::p_ask,
};

std::unexpected<Error> bad(std::string message) { return fail(ErrorCode::parse_error, std::move(message)); }

// "12 x 14" (bid size x ask size).
Status read_sizes(std::string_view text, std::string_view column, Quote& q) {
  q.bid_size = q.ask_size = Quantity{0};
  if (text.empty()) return ok();
  auto x = text.find('x');
  if (x == std::string_view::npos) return bad(fmt::format("{}: expected 'bid x ask' sizes, got '{}'", column, text.substr(0, 40)));
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  auto b = read_count(trim(text.substr(0, x)), column);
  auto a = read_count(trim(text.substr(x + 1)), column);
  if (!b || !a || *b < 0 || *a < 0)
    return bad(fmt::format("{}: expected 'bid x ask' sizes, got '{}'", column, text.substr(0, 40)));
  q.bid_size = Quantity{*b};
  q.ask_size = Quantity{*a};
  return ok();
}

}  // namespace

std::string underlying_from_file_name(std::string_view path) {
  std::string base = std::filesystem::path(path).filename().string();
  std::string symbol;
  for (char c : base) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    symbol += c;
  }
  return symbol.size() <= 8 ? symbol : std::string{};
}

Result<std::unique_ptr<OptionsDxReader>> OptionsDxReader::open(LineSource source, LoadOptions options) {
  if (options.underlying.empty()) options.underlying = underlying_from_file_name(source.name());
  if (options.underlying.empty())
    return fail(ErrorCode::invalid_argument,
                source.name() + ": cannot tell the underlying from the file name; name it (--underlying)", "underlying");
  std::unique_ptr<OptionsDxReader> reader(new OptionsDxReader(std::move(source), std::move(options)));
  auto status = reader->read_header();
  if (!status) return std::unexpected(status.error());
  for (auto& e : reader->pending_) e.underlying = reader->options_.underlying;
  return reader;
}

Status OptionsDxReader::read_header() {
  auto header_line = read_header_fields(source_, stats_, fields_);
  if (!header_line) return std::unexpected(header_line.error());
  auto header_error = [&](std::uint64_t line, const std::string& why) { return market::header_error(source_, line, why); };
  index_.fill(-1);
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    std::string_view name = fields_[i];
    if (name.size() < 3 || name.front() != '[' || name.back() != ']')
      return header_error(*header_line,
                          fmt::format("missing header: expected bracketed names like [QUOTE_DATE], got '{}'", name.substr(0, 40)));
    name = name.substr(1, name.size() - 2);
    auto it = std::find(kNames.begin(), kNames.end(), name);
    if (it == kNames.end()) continue;  // a column Nightdesk does not use
    index_[static_cast<std::size_t>(it - kNames.begin())] = static_cast<int>(i);
  }
  for (auto c : kRequired)
    if (index_[c] < 0)
      return header_error(*header_line, fmt::format("missing header: required column [{}] is absent", kNames[c]));
  header_columns_ = fields_.size();
  return ok();
}

std::string_view OptionsDxReader::field(Column column) const {
  int i = index_[column];
  return i < 0 ? std::string_view{} : fields_[static_cast<std::size_t>(i)];
}

Result<bool> OptionsDxReader::next(QuoteEvent& event) {
  while (pending_next_ == pending_count_) {
    pending_next_ = pending_count_ = 0;
    Line line;
    auto got = source_.next(line);
    if (!got) return std::unexpected(got.error());
    stats_.bytes = source_.bytes_consumed();
    if (!*got) return false;
    ++stats_.lines;
    if (!line.too_long && line.text.empty()) continue;
    Status row = line.too_long ? bad(fmt::format("line longer than {} bytes", options_.max_line_bytes))
                               : fields_.split(line.text);
    if (row) row = parse_row();
    if (row) {
      ++stats_.rows;
      continue;
    }
    pending_count_ = 0;
    auto handled = handle_bad_row(options_, stats_, BadRow{source_.name(), line.number, row.error().message});
    if (!handled) return std::unexpected(handled.error());
  }
  const QuoteEvent& e = pending_[pending_next_++];
  event.kind = e.kind;
  if (event.underlying != e.underlying) event.underlying = e.underlying;
  event.expiry = e.expiry;
  event.strike = e.strike;
  event.right = e.right;
  event.quote = e.quote;
  event.volume = e.volume;
  event.open_interest = e.open_interest;
  event.iv = e.iv;
  event.delta = e.delta;
  ++stats_.events;
  if (event.is_option() && event.quote.is_crossed()) ++stats_.crossed;
  if (event.is_option() && event.quote.is_locked()) ++stats_.locked;
  return true;
}

Status OptionsDxReader::parse_row() {
  if (fields_.size() != header_columns_)
    return bad(fmt::format("expected {} columns, got {}", header_columns_, fields_.size()));
  auto unix_seconds = read_count(field(quote_unixtime), "QUOTE_UNIXTIME");
  if (!unix_seconds) return std::unexpected(unix_seconds.error());
  if (*unix_seconds <= 0 || *unix_seconds > 9'000'000'000)
    return bad(fmt::format("QUOTE_UNIXTIME: out of range: '{}'", field(quote_unixtime)));
  Timestamp time{std::chrono::seconds{*unix_seconds}};
  if (time < last_time_) return bad(fmt::format("time goes backwards ({} after {})", format_iso8601(time), format_iso8601(last_time_)));
  auto quote_day = read_date(field(quote_date), "QUOTE_DATE");
  if (!quote_day) return std::unexpected(quote_day.error());
  auto expiry = read_date(field(expire_date), "EXPIRE_DATE");
  if (!expiry) return std::unexpected(expiry.error());
  if (std::chrono::sys_days{*expiry} < std::chrono::sys_days{*quote_day})
    return bad(fmt::format("EXPIRE_DATE {} is before QUOTE_DATE {}", field(expire_date), field(quote_date)));
  auto spot = read_price(field(underlying_last), "UNDERLYING_LAST");
  if (!spot) return std::unexpected(spot.error());
  if (spot->units() <= 0) return bad(fmt::format("UNDERLYING_LAST: must be positive, got '{}'", field(underlying_last)));
  auto k = read_price(field(strike), "STRIKE");
  if (!k) return std::unexpected(k.error());
  if (k->units() <= 0) return bad(fmt::format("STRIKE: must be positive, got '{}'", field(strike)));

  std::size_t count = 0;
  if (time != last_time_ || *spot != last_underlying_price_) {
    QuoteEvent& u = pending_[count++];
    u.kind = InstrumentKind::underlying;
    u.expiry = Date{};
    u.strike = Price{};
    u.quote = Quote{};
    u.quote.time = time;
    u.quote.last = *spot;
    u.volume = u.open_interest = std::nullopt;
    u.iv = u.delta = std::nullopt;
  }
  for (OptionRight right : {OptionRight::call, OptionRight::put}) {
    QuoteEvent& side = pending_[count];
    side.kind = InstrumentKind::option;
    side.expiry = *expiry;
    side.strike = *k;
    side.right = right;
    side.quote.time = time;
    bool has_market = false;
    auto status = parse_side(right, side, has_market);
    if (!status) return status;
    if (has_market) ++count;
  }
  // Commit only a fully valid row.
  pending_count_ = count;
  pending_next_ = 0;
  last_time_ = time;
  last_underlying_price_ = *spot;
  return ok();
}

Status OptionsDxReader::parse_side(OptionRight right, QuoteEvent& side, bool& has_market) {
  bool call = right == OptionRight::call;
  Column bid_col = call ? c_bid : p_bid, ask_col = call ? c_ask : p_ask;
  std::string_view bid = field(bid_col), ask = field(ask_col);
  std::string_view bid_name = kNames[bid_col], ask_name = kNames[ask_col];
  if (bid.empty() && ask.empty()) {
    ++stats_.no_market_sides;
    return ok();
  }
  if (bid.empty() || ask.empty())
    return bad(fmt::format("{}: empty while {} is set", bid.empty() ? bid_name : ask_name, bid.empty() ? ask_name : bid_name));
  auto b = read_non_negative_price(bid, bid_name);
  if (!b) return std::unexpected(b.error());
  auto a = read_non_negative_price(ask, ask_name);
  if (!a) return std::unexpected(a.error());
  if (a->units() == 0) {
    if (b->units() != 0) return bad(fmt::format("{}: zero ask under a bid of {}", ask_name, bid));
    ++stats_.no_market_sides;  // 0 x 0: nobody quotes this side
    return ok();
  }
  Quote& q = side.quote;
  q.bid = *b;
  q.ask = *a;
  Column size_col = call ? c_size : p_size;
  auto sizes = read_sizes(field(size_col), kNames[size_col], q);
  if (!sizes) return sizes;
  q.last.reset();
  Column last_col = call ? c_last : p_last;
  if (auto text = field(last_col); !text.empty()) {
    auto l = read_non_negative_price(text, kNames[last_col]);
    if (!l) return std::unexpected(l.error());
    q.last = *l;
  }
  side.volume.reset();
  side.open_interest.reset();
  Column volume_col = call ? c_volume : p_volume;
  if (auto text = field(volume_col); !text.empty()) {
    auto v = read_count(text, kNames[volume_col]);
    if (!v) return std::unexpected(v.error());
    if (*v < 0) return bad(fmt::format("{}: negative volume '{}'", kNames[volume_col], text));
    side.volume = *v;
  }
  side.iv.reset();
  Column iv_col = call ? c_iv : p_iv;
  if (auto text = field(iv_col); !text.empty()) {
    auto v = read_double(text, kNames[iv_col]);
    if (!v) return std::unexpected(v.error());
    if (*v < 0) return bad(fmt::format("{}: negative '{}'", kNames[iv_col], text));
    if (*v > 0) side.iv = *v;  // OptionsDX prints 0 where it could not solve for IV
  }
  side.delta.reset();
  Column delta_col = call ? c_delta : p_delta;
  if (auto text = field(delta_col); !text.empty()) {
    auto v = read_double(text, kNames[delta_col]);
    if (!v) return std::unexpected(v.error());
    if (*v < -1 || *v > 1) return bad(fmt::format("{}: outside [-1, 1]: '{}'", kNames[delta_col], text));
    side.delta = *v;
  }
  has_market = true;
  return ok();
}

}  // namespace nightdesk::market
