// Schedule: when a recurring template fires: daily, weekly on given weekdays, or monthly on a day, each at
// HH:MM New York time on NYSE trading days; or conditional (whenever its entry conditions hold, at most once
// per trading day, while the session is open). Plain value; next_fire_time() is pure (any thread).
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/time.h"
#include "common/trading_calendar.h"

namespace nightdesk::strategy {

enum class ScheduleKind : std::uint8_t { daily, weekly, monthly, conditional };

std::string_view to_string(ScheduleKind kind);
std::optional<ScheduleKind> parse_schedule_kind(std::string_view text);

struct Schedule {
  ScheduleKind kind = ScheduleKind::daily;
  // New York wall-clock time of day (daylight saving followed), [00:00, 23:59]. Unused when conditional.
  std::chrono::minutes time_of_day = std::chrono::hours{10};
  // weekly: the weekdays it fires on (Monday..Friday; a holiday is skipped, not moved).
  std::vector<std::chrono::weekday> weekdays;
  // monthly: the day of the month, 1..31. A day past the month's end means its last day; a day that is not a
  // trading day moves to the next trading day in the same month, else to the previous one.
  int day_of_month = 1;

  // ok, or invalid_argument naming the JSON field ("time", "weekdays", "day").
  Status validate() const;
  bool operator==(const Schedule&) const = default;
};

// The first fire instant strictly after `after`; nullopt for a conditional schedule. Errors: the schedule's
// own validation, or out_of_range past the calendar's last date.
Result<std::optional<Timestamp>> next_fire_time(const Schedule& schedule, Timestamp after, const TradingCalendar& calendar);

// Whether `schedule` fires on New York date `d` (a trading day that matches the rule); false when conditional.
Result<bool> fires_on(const Schedule& schedule, Date d, const TradingCalendar& calendar);

// "HH:MM" to minutes after midnight and back; errors name `field`.
Result<std::chrono::minutes> parse_time_of_day(std::string_view text, std::string_view field);
std::string format_time_of_day(std::chrono::minutes time);

}  // namespace nightdesk::strategy
