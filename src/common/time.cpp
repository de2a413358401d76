#include "common/time.h"

#include <date/date.h>
#include <fmt/format.h>


namespace nightdesk {
namespace {

// Reads exactly `width` decimal digits at text[pos]; -1 when they are not all digits.
int read_digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

Result<Date> date_at_start(std::string_view text) {
  int y = read_digits(text, 0, 4), m = read_digits(text, 5, 2), d = read_digits(text, 8, 2);
  if (y < 0 || m < 0 || d < 0 || text.size() < 10 || text[4] != '-' || text[7] != '-')
    return fail(ErrorCode::parse_error, "expected a date as YYYY-MM-DD, got '" + std::string(text) + "'");
  Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
            std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return fail(ErrorCode::parse_error, "no such calendar date '" + std::string(text.substr(0, 10)) + "'");
  return date;
}

}  // namespace

std::string format_iso8601(Timestamp t) { return date::format("%FT%TZ", t); }

Result<Timestamp> parse_iso8601(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return fail(ErrorCode::parse_error, std::string(why) + " in timestamp '" + std::string(text) + "'");
  };
  auto day = date_at_start(text);
  if (!day) return std::unexpected(day.error());
  // Nanoseconds in 64 bits span 1677-2262; stay well inside so the conversion below cannot overflow.
  if (int year = static_cast<int>(day->year()); year < kFirstTimestampYear || year > kLastTimestampYear)
    return bad(fmt::format("year outside {}-{}", kFirstTimestampYear, kLastTimestampYear));
  if (text.size() < 19 || text[10] != 'T' || text[13] != ':' || text[16] != ':') return bad("expected THH:MM:SS");
  int hh = read_digits(text, 11, 2), mm = read_digits(text, 14, 2), ss = read_digits(text, 17, 2);
  if (hh < 0 || mm < 0 || ss < 0 || hh > 23 || mm > 59 || ss > 60) return bad("bad time of day");
  std::size_t pos = 19;
  std::int64_t fraction_ns = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    std::int64_t scale = 100'000'000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits == 9) return bad("more than nine fractional digits");
      fraction_ns += (text[pos] - '0') * scale;
      scale /= 10;
      ++digits;
      ++pos;
    }
    if (digits == 0) return bad("empty fraction");
  }
  std::chrono::minutes offset{0};
  std::string_view zone = text.substr(pos);
  if (zone == "Z") {
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh = read_digits(zone, 1, 2), om = read_digits(zone, 4, 2);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return bad("bad zone offset");
    offset = std::chrono::minutes{oh * 60 + om};
    if (zone[0] == '-') offset = -offset;
  } else {
    return bad("missing or bad zone (use Z or +HH:MM)");
  }
  auto local = std::chrono::sys_days{*day} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
               std::chrono::seconds{ss} + Nanoseconds{fraction_ns};
  return Timestamp{local - offset};
}

std::string format_date(Date d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()));
}

Result<Date> parse_date(std::string_view text) {
  if (text.size() != 10) return fail(ErrorCode::parse_error, "expected a date as YYYY-MM-DD, got '" + std::string(text) + "'");
  return date_at_start(text);
}

Timestamp RealClock::now() const {
  return std::chrono::time_point_cast<Nanoseconds>(std::chrono::system_clock::now());
}

Status SimulatedClock::set(Timestamp t) {
  std::int64_t target = to_unix_nanos(t);
  std::int64_t current = now_ns_.load(std::memory_order_acquire);
  if (target < current)
    return fail(ErrorCode::conflict, "simulated clock cannot go back from " + format_iso8601(now()) + " to " +
                                         format_iso8601(t));
  now_ns_.store(target, std::memory_order_release);
  return ok();
}

void SimulatedClock::advance(Nanoseconds d) {
  if (d.count() > 0) now_ns_.fetch_add(d.count(), std::memory_order_acq_rel);
}

}  // namespace nightdesk
