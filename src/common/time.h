// Time: UTC instants in nanoseconds, calendar dates, and the Clock interface (real or simulated).
// Timestamp and Date are plain values. RealClock and SimulatedClock may be read from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"

namespace nightdesk {

using Nanoseconds = std::chrono::nanoseconds;
// An instant: UTC nanoseconds since the Unix epoch (range about 1678-2262).
using Timestamp = std::chrono::sys_time<Nanoseconds>;
// A calendar date with no time zone attached (an expiry date, a trading session's date).
using Date = std::chrono::year_month_day;

inline Timestamp from_unix_nanos(std::int64_t ns) { return Timestamp{Nanoseconds{ns}}; }
inline std::int64_t to_unix_nanos(Timestamp t) { return t.time_since_epoch().count(); }

// Years a Timestamp may be parsed in (64-bit nanoseconds reach 1677-2262).
inline constexpr int kFirstTimestampYear = 1700;
inline constexpr int kLastTimestampYear = 2200;

// "2025-01-17T21:00:00.123456789Z" (always UTC, always nine fractional digits).
std::string format_iso8601(Timestamp t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)" with a year in [kFirstTimestampYear,
// kLastTimestampYear]; a missing zone is an error, not a guess.
Result<Timestamp> parse_iso8601(std::string_view text);

// "2025-01-17".
std::string format_date(Date d);
// Strict "YYYY-MM-DD" with a real calendar date.
Result<Date> parse_date(std::string_view text);

// Source of "now". Engine code asks a Clock, never the system, so backtests run on simulated time.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

// Wall-clock time from the operating system.
class RealClock final : public Clock {
 public:
  Timestamp now() const override;
};

// Time that moves only when told to; monotonic (never goes backwards). Readable from any thread,
// set by one owner (the backtest driver or a test).
class SimulatedClock final : public Clock {
 public:
  explicit SimulatedClock(Timestamp start) : now_ns_(to_unix_nanos(start)) {}
  Timestamp now() const override { return from_unix_nanos(now_ns_.load(std::memory_order_acquire)); }
  // Moves to `t`; an earlier `t` is refused (conflict) and the clock keeps its time.
  Status set(Timestamp t);
  void advance(Nanoseconds d);

 private:
  std::atomic<std::int64_t> now_ns_;
};

}  // namespace nightdesk
