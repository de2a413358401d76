#include "market/record_fields.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "common/csv.h"

namespace nightdesk::market {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::unexpected<Error> bad_field(std::string_view column, std::string_view what, std::string_view text) {
  return fail(ErrorCode::parse_error, std::string(column) + ": " + std::string(what) + ", got '" +
                                          std::string(text.substr(0, 40)) + "'", std::string(column));
}

}  // namespace

Status RecordFields::split(std::string_view line) {
  fields_.clear();
  if (line.find('"') != std::string_view::npos) {
    auto status = split_csv_record(line, unquoted_);
    if (!status) return status;
    for (const auto& f : unquoted_) fields_.push_back(trim(f));
    return ok();
  }
  std::size_t start = 0;
  while (true) {
    std::size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      fields_.push_back(trim(line.substr(start)));
      return ok();
    }
    fields_.push_back(trim(line.substr(start, comma - start)));
    start = comma + 1;
  }
}

Result<Price> read_price(std::string_view text, std::string_view column) {
  if (text.empty()) return bad_field(column, "expected a price", text);
  auto p = Price::parse(text);
  if (!p) return bad_field(column, "expected a price with at most 4 decimals", text);
  return *p;
}

Result<Price> read_non_negative_price(std::string_view text, std::string_view column) {
  auto p = read_price(text, column);
  if (p && p->units() < 0) return bad_field(column, "negative price", text);
  return p;
}

Result<double> read_double(std::string_view text, std::string_view column) {
  double value = 0;
  const char* first = text.data();
  if (!text.empty() && text.front() == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() || !std::isfinite(value))
    return bad_field(column, "expected a number", text);
  return value;
}

Result<std::int64_t> read_count(std::string_view text, std::string_view column) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!text.empty() && ec == std::errc{} && ptr == text.data() + text.size()) return value;
  auto d = read_double(text, column);
  if (!d || *d != std::floor(*d) || std::fabs(*d) > 9e15) return bad_field(column, "expected a whole number", text);
  return static_cast<std::int64_t>(*d);
}

Result<Date> read_date(std::string_view text, std::string_view column) {
  if (text.size() != 10) return bad_field(column, "expected a date YYYY-MM-DD", text);
  auto d = parse_date(text);
  if (!d) return bad_field(column, "expected a real date YYYY-MM-DD", text);
  // Dates are compared with nanosecond timestamps; outside their range the comparison would overflow.
  if (int year = static_cast<int>(d->year()); year < kFirstTimestampYear || year > kLastTimestampYear)
    return bad_field(column, fmt::format("expected a year in {}-{}", kFirstTimestampYear, kLastTimestampYear), text);
  return *d;
}

}  // namespace nightdesk::market
