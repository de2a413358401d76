// TradingCalendar: NYSE sessions for 2000-2035 (rule holidays, one-off closures, 13:00 early closes), option
// expiry instants (16:00 America/New_York) and days-to-expiry in calendar and trading days.
// Immutable once built by nyse(): every method is const and may be called from any thread at the same time.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/error.h"
#include "common/time.h"

namespace date {
class time_zone;
}

namespace nightdesk {
namespace nyse {
struct NamedDay;
}

// One NYSE regular session. open/close are UTC instants of 09:30 and 16:00 New York time (13:00 on an early
// close), so they follow daylight saving time.
struct Session {
  Date date;
  Timestamp open;
  Timestamp close;
  bool early_close = false;
};

// Every method taking a Date fails with out_of_range (field "date") for dates outside
// [kFirstDate, kLastDate] and with invalid_argument for impossible dates (2025-02-30): no silent guesses.
class TradingCalendar {
 public:
  static constexpr Date kFirstDate{std::chrono::year{2000}, std::chrono::January, std::chrono::day{1}};
  static constexpr Date kLastDate{std::chrono::year{2035}, std::chrono::December, std::chrono::day{31}};

  // Builds the NYSE table from the rules in common/nyse_holidays.h and the OS tz database (Debian `tzdata`).
  // Fails with `unavailable` when America/New_York cannot be loaded.
  static Result<TradingCalendar> nyse();

  Result<bool> is_trading_day(Date d) const;
  // The session on `d`; nullopt on a weekend or holiday.
  Result<std::optional<Session>> session(Date d) const;
  // The first trading day strictly after `d` / the last one strictly before it.
  Result<Date> next_trading_day(Date d) const;
  Result<Date> previous_trading_day(Date d) const;

  // The number of sessions in the half-open interval (from, to]: `from`'s own session is not counted, `to`'s
  // is. 0 when from == to; when to < from, minus the sessions in (to, from].
  Result<int> trading_days_between(Date from, Date to) const;
  // Calendar days-to-expiry: expiry - today in days (0 on the expiry date, negative after it).
  Result<int> calendar_dte(Date today, Date expiry) const;
  // Trading days-to-expiry: trading_days_between(today, expiry). 0 on the expiry date; 1 on the session
  // before it; today's session is never counted, whatever the time of day.
  Result<int> trading_dte(Date today, Date expiry) const;

  // 16:00 America/New_York on `expiry` as a UTC instant: 21:00Z under EST, 20:00Z under EDT. Fixed at 16:00
  // even on early-close days; defined for any date in range, trading day or not.
  Result<Timestamp> expiry_instant(Date expiry) const;
  // (expiry_instant(expiry) - now) in years of 365 x 86400 s, clamped at 0 once expired. Pricing's T.
  Result<double> years_to_expiry(Timestamp now, Date expiry) const;

  // The New York calendar date at instant `t` (e.g. 2025-01-18T03:00Z is still 2025-01-17 in New York).
  Result<Date> new_york_date(Timestamp t) const;
  // True while a session is open at `t`: open <= t < close.
  Result<bool> is_open_at(Timestamp t) const;

 private:
  enum class DayKind : std::uint8_t { closed, regular, early_close };
  struct Day {
    DayKind kind = DayKind::closed;
    std::int16_t utc_offset_minutes = 0;  // New York's offset from UTC that day (-300 EST, -240 EDT)
    std::int32_t sessions_through = 0;    // sessions from kFirstDate up to and including this day
  };

  TradingCalendar() = default;
  Result<std::size_t> index_of(Date d) const;
  // Build steps of nyse(): weekends and UTC offsets, then holidays and early closes, then the running count.
  Status load_weekdays_and_offsets();
  Status mark(const std::vector<nyse::NamedDay>& named_days, DayKind kind);
  void count_sessions();
  Timestamp new_york_time_to_utc(std::size_t index, std::chrono::minutes time_of_day) const;
  Session session_at(std::size_t index) const;

  std::vector<Day> days_;  // one entry per date from kFirstDate to kLastDate
  const date::time_zone* new_york_ = nullptr;
};

}  // namespace nightdesk
