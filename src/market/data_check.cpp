#include "market/data_check.h"

#include <fmt/format.h>

#include "market/line_source.h"

namespace nightdesk::market {

std::string DataCheckSummary::describe() const {
  std::string out;
  auto line = [&](std::string_view key, const std::string& value) { out += fmt::format("{:<18} {}\n", key, value); };
  line("file", path);
  line("format", std::string(to_string(format)));
  line("rows", fmt::format("{} ({} lines, {} bytes)", stats.rows, stats.lines, stats.bytes));
  line("quotes", fmt::format("{} ({} options, {} underlying)", stats.events, option_quotes, underlying_quotes));
  std::string names;
  for (const auto& u : underlyings) names += (names.empty() ? "" : " ") + u;
  line("underlyings", fmt::format("{} {}", underlyings.size(), names));
  if (expiries.empty()) {
    line("expiries", "0");
  } else {
    line("expiries", fmt::format("{} ({} .. {})", expiries.size(), format_date(*expiries.begin()),
                                 format_date(*expiries.rbegin())));
  }
  if (stats.events > 0)
    line("time range", fmt::format("{} .. {}", format_iso8601(first_time), format_iso8601(last_time)));
  line("bad rows", std::to_string(stats.bad_rows));
  line("no-market sides", std::to_string(stats.no_market_sides));
  line("crossed quotes", std::to_string(stats.crossed));
  line("locked quotes", std::to_string(stats.locked));
  return out;
}

Result<DataCheckSummary> check_data_file(const std::string& path, DataCheckOptions options) {
  DataCheckSummary summary;
  summary.path = path;
  {
    auto probe = LineSource::open_file(path, options.load.max_line_bytes);
    if (!probe) return std::unexpected(probe.error());
    Line first;
    auto got = probe->next(first);
    if (!got) return std::unexpected(got.error());
    if (!*got) return fail(ErrorCode::parse_error, path + ":1: missing header: the file is empty");
    auto format = detect_format(first.text);
    if (!format) return fail(ErrorCode::parse_error, path + ":1: " + format.error().message);
    summary.format = *format;
  }
  options.load.on_bad_row = OnBadRow::skip;
  auto feed = open_replay_feed(path, options.load);
  if (!feed) return std::unexpected(feed.error());
  auto total = LineSource::open_file(path, 0);
  std::uint64_t total_bytes = total ? total->total_bytes() : 0;

  QuoteEvent event;
  std::string last_underlying;
  Date last_expiry{};
  while (true) {
    auto got = (*feed)->next(event);
    if (!got) return std::unexpected(got.error());
    if (!*got) break;
    if (summary.option_quotes + summary.underlying_quotes == 0) summary.first_time = event.time();
    summary.last_time = event.time();
    // Sets are touched only when the value changes: rows come grouped, so this stays cheap.
    if (event.underlying != last_underlying) {
      last_underlying = event.underlying;
      summary.underlyings.insert(event.underlying);
    }
    if (event.is_option()) {
      ++summary.option_quotes;
      if (event.expiry != last_expiry) {
        last_expiry = event.expiry;
        summary.expiries.insert(event.expiry);
      }
    } else {
      ++summary.underlying_quotes;
    }
    if (options.progress && (summary.option_quotes + summary.underlying_quotes) % 8192 == 0)
      options.progress((*feed)->stats().bytes, total_bytes);
  }
  summary.stats = (*feed)->stats();
  if (options.progress) options.progress(summary.stats.bytes, total_bytes);
  return summary;
}

}  // namespace nightdesk::market
