#include "strategy/schedule.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace nightdesk::strategy {
namespace {

using namespace std::chrono;

// A monthly schedule's fire date in the month of `d`.
Result<Date> monthly_fire_date(int day_of_month, Date d, const TradingCalendar& calendar) {
  year_month_day_last last{d.year(), month_day_last{d.month()}};
  unsigned day = std::min<unsigned>(static_cast<unsigned>(day_of_month), static_cast<unsigned>(last.day()));
  Date target{d.year(), d.month(), std::chrono::day{day}};
  auto trading = calendar.is_trading_day(target);
  if (!trading) return std::unexpected(trading.error());
  if (*trading) return target;
  auto next = calendar.next_trading_day(target);
  if (!next) return std::unexpected(next.error());
  if (next->month() == d.month()) return *next;
  return calendar.previous_trading_day(target);
}

// `time` New York wall-clock on `d` as UTC. A time in the spring-forward gap takes the instant after the gap
// and a repeated autumn hour its first occurrence (neither happens on a trading day: DST moves on Sundays).
Result<Timestamp> new_york_instant(Date d, minutes time) {
  try {
    static const date::time_zone* zone = date::locate_zone("America/New_York");
    date::local_time<minutes> local{date::days{sys_days{d}.time_since_epoch().count()} + time};
    auto info = zone->get_info(local);
    if (info.result == date::local_info::nonexistent) return time_point_cast<Nanoseconds>(info.second.begin);
    return time_point_cast<Nanoseconds>(sys_seconds{local.time_since_epoch() - info.first.offset});
  } catch (const std::exception& e) {
    return fail(ErrorCode::unavailable, std::string("time zone conversion failed: ") + e.what(), "America/New_York");
  }
}

}  // namespace

std::string_view to_string(ScheduleKind kind) {
  switch (kind) {
    case ScheduleKind::daily: return "daily";
    case ScheduleKind::weekly: return "weekly";
    case ScheduleKind::monthly: return "monthly";
    case ScheduleKind::conditional: return "conditional";
  }
  return "daily";
}

std::optional<ScheduleKind> parse_schedule_kind(std::string_view text) {
  for (auto k : {ScheduleKind::daily, ScheduleKind::weekly, ScheduleKind::monthly, ScheduleKind::conditional})
    if (to_string(k) == text) return k;
  return std::nullopt;
}

Status Schedule::validate() const {
  if (time_of_day < minutes{0} || time_of_day >= hours{24})
    return fail(ErrorCode::invalid_argument, "must be within 00:00..23:59", "time");
  if (kind == ScheduleKind::weekly) {
    if (weekdays.empty()) return fail(ErrorCode::invalid_argument, "a weekly schedule needs at least one weekday", "weekdays");
    for (std::size_t i = 0; i < weekdays.size(); ++i)
      if (!weekdays[i].ok() || weekdays[i] == Saturday || weekdays[i] == Sunday)
        return fail(ErrorCode::invalid_argument, "must be a weekday, mon..fri (there is no session at the weekend)",
                    fmt::format("weekdays[{}]", i));
  }
  if (kind == ScheduleKind::monthly && (day_of_month < 1 || day_of_month > 31))
    return fail(ErrorCode::invalid_argument, fmt::format("must be in 1..31, got {}", day_of_month), "day");
  return ok();
}

Result<bool> fires_on(const Schedule& schedule, Date d, const TradingCalendar& calendar) {
  if (schedule.kind == ScheduleKind::conditional) return false;
  auto trading = calendar.is_trading_day(d);
  if (!trading || !*trading) return trading;
  switch (schedule.kind) {
    case ScheduleKind::daily: return true;
    case ScheduleKind::weekly: {
      weekday w{sys_days{d}};
      return std::find(schedule.weekdays.begin(), schedule.weekdays.end(), w) != schedule.weekdays.end();
    }
    case ScheduleKind::monthly: {
      auto target = monthly_fire_date(schedule.day_of_month, d, calendar);
      if (!target) return std::unexpected(target.error());
      return *target == d;
    }
    case ScheduleKind::conditional: break;
  }
  return false;
}

Result<std::optional<Timestamp>> next_fire_time(const Schedule& schedule, Timestamp after, const TradingCalendar& calendar) {
  if (auto valid = schedule.validate(); !valid) return std::unexpected(valid.error());
  if (schedule.kind == ScheduleKind::conditional) return std::optional<Timestamp>{};
  auto today = calendar.new_york_date(after);
  if (!today) return std::unexpected(today.error());
  // A month and a half always holds a fire date for every valid schedule; 400 days bounds a long holiday run.
  for (int i = 0; i < 400; ++i) {
    Date d{sys_days{*today} + days{i}};
    auto fires = fires_on(schedule, d, calendar);
    if (!fires) return std::unexpected(fires.error());
    if (!*fires) continue;
    auto at = new_york_instant(d, schedule.time_of_day);
    if (!at) return std::unexpected(at.error());
    if (*at > after) return std::optional<Timestamp>{*at};
  }
  return fail(ErrorCode::internal, "no fire date within 400 days", "schedule");
}

Result<minutes> parse_time_of_day(std::string_view text, std::string_view field) {
  auto bad = [&] { return fail(ErrorCode::invalid_argument, fmt::format("expected \"HH:MM\" (00:00..23:59), got \"{}\"", text), std::string(field)); };
  if (text.size() != 5 || text[2] != ':') return bad();
  int h = 0, m = 0;
  auto r1 = std::from_chars(text.data(), text.data() + 2, h);
  auto r2 = std::from_chars(text.data() + 3, text.data() + 5, m);
  if (r1.ec != std::errc{} || r1.ptr != text.data() + 2 || r2.ec != std::errc{} || r2.ptr != text.data() + 5) return bad();
  if (h < 0 || h > 23 || m < 0 || m > 59) return bad();
  return hours{h} + minutes{m};
}

std::string format_time_of_day(minutes time) {
  return fmt::format("{:02}:{:02}", time.count() / 60, time.count() % 60);
}

}  // namespace nightdesk::strategy
