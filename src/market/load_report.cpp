#include "market/load_report.h"

#include <fmt/format.h>

namespace nightdesk::market {

Result<OnBadRow> parse_on_bad_row(std::string_view text) {
  if (text == "skip") return OnBadRow::skip;
  if (text == "fail") return OnBadRow::fail;
  return fail(ErrorCode::invalid_argument, "expected 'skip' or 'fail', got '" + std::string(text) + "'",
              "on_bad_row");
}

std::string BadRow::describe() const { return fmt::format("{}:{}: {}", file, line, reason); }

void LoadStats::add(const LoadStats& other) {
  bytes += other.bytes;
  lines += other.lines;
  rows += other.rows;
  events += other.events;
  bad_rows += other.bad_rows;
  no_market_sides += other.no_market_sides;
  crossed += other.crossed;
  locked += other.locked;
  for (const auto& bad : other.first_bad_rows) {
    if (first_bad_rows.size() >= kMaxKeptBadRows) break;
    first_bad_rows.push_back(bad);
  }
}

Status handle_bad_row(const LoadOptions& options, LoadStats& stats, BadRow bad) {
  ++stats.bad_rows;
  if (options.report_bad_row) options.report_bad_row(bad);
  if (options.on_bad_row == OnBadRow::fail) return fail(ErrorCode::parse_error, bad.describe());
  if (stats.first_bad_rows.size() < LoadStats::kMaxKeptBadRows) stats.first_bad_rows.push_back(std::move(bad));
  return ok();
}

}  // namespace nightdesk::market
