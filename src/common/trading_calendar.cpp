#include "common/trading_calendar.h"

#include <date/tz.h>

#include <algorithm>
#include <exception>
#include <string>

#include "common/nyse_holidays.h"

namespace nightdesk {
namespace {

using namespace std::chrono;

constexpr minutes kRegularOpen = hours{9} + minutes{30};
constexpr minutes kRegularClose = hours{16};
constexpr minutes kEarlyClose = hours{13};
constexpr minutes kExpiryTime = hours{16};
constexpr double kSecondsPerYear = 365.0 * 86400.0;

Date date_at(std::size_t index) { return Date{sys_days{TradingCalendar::kFirstDate} + days{index}}; }

std::size_t day_count() {
  return static_cast<std::size_t>((sys_days{TradingCalendar::kLastDate} - sys_days{TradingCalendar::kFirstDate}).count()) + 1;
}

bool is_weekend(Date d) {
  weekday w{sys_days{d}};
  return w == Saturday || w == Sunday;
}

// New York's UTC offset at noon local time on `d`. DST switches at 02:00, so the offset at noon is the one in
// force from 09:30 to 16:00.
Result<minutes> new_york_offset(const date::time_zone* zone, Date d) {
  try {
    date::local_days local{date::days{sys_days{d}.time_since_epoch().count()}};
    date::zoned_time<minutes> noon{zone, local + hours{12}};
    return floor<minutes>(noon.get_info().offset);
  } catch (const std::exception& e) {
    return fail(ErrorCode::unavailable, std::string("time zone conversion failed: ") + e.what(), "America/New_York");
  }
}

}  // namespace

Result<TradingCalendar> TradingCalendar::nyse() {
  TradingCalendar calendar;
  try {
    calendar.new_york_ = date::locate_zone("America/New_York");
  } catch (const std::exception& e) {
    return fail(ErrorCode::unavailable,
                std::string("cannot load the America/New_York time zone (is the tzdata package installed?): ") + e.what(),
                "America/New_York");
  }
  calendar.days_.resize(day_count());
  if (auto loaded = calendar.load_weekdays_and_offsets(); !loaded) return std::unexpected(loaded.error());
  for (year y = kFirstDate.year(); y <= kLastDate.year(); ++y) {
    if (auto marked = calendar.mark(nyse::holidays(y), DayKind::closed); !marked) return std::unexpected(marked.error());
    if (auto marked = calendar.mark(nyse::early_closes(y), DayKind::early_close); !marked)
      return std::unexpected(marked.error());
  }
  calendar.count_sessions();
  return calendar;
}

Status TradingCalendar::load_weekdays_and_offsets() {
  for (std::size_t i = 0; i < days_.size(); ++i) {
    Date d = date_at(i);
    auto offset = new_york_offset(new_york_, d);
    if (!offset) return std::unexpected(offset.error());
    days_[i].utc_offset_minutes = static_cast<std::int16_t>(offset->count());
    days_[i].kind = is_weekend(d) ? DayKind::closed : DayKind::regular;
  }
  return ok();
}

void TradingCalendar::count_sessions() {
  std::int32_t sessions = 0;
  for (Day& day : days_) {
    if (day.kind != DayKind::closed) ++sessions;
    day.sessions_through = sessions;
  }
}

Status TradingCalendar::mark(const std::vector<nyse::NamedDay>& named_days, DayKind kind) {
  for (const nyse::NamedDay& named : named_days) {
    auto i = index_of(named.date);
    if (!i) return fail(ErrorCode::internal, "NYSE rule '" + std::string(named.name) + "' gave " + i.error().message);
    days_[*i].kind = kind;
  }
  return ok();
}

Result<std::size_t> TradingCalendar::index_of(Date d) const {
  if (!d.ok()) return fail(ErrorCode::invalid_argument, "not a calendar date", "date");
  if (d < kFirstDate || d > kLastDate)
    return fail(ErrorCode::out_of_range,
                format_date(d) + " is outside the NYSE calendar " + format_date(kFirstDate) + ".." + format_date(kLastDate),
                "date");
  return static_cast<std::size_t>((sys_days{d} - sys_days{kFirstDate}).count());
}

Timestamp TradingCalendar::new_york_time_to_utc(std::size_t index, minutes time_of_day) const {
  const minutes offset{days_[index].utc_offset_minutes};
  return Timestamp{sys_days{kFirstDate} + days{index} + time_of_day - offset};
}

Session TradingCalendar::session_at(std::size_t index) const {
  const bool early = days_[index].kind == DayKind::early_close;
  return Session{date_at(index), new_york_time_to_utc(index, kRegularOpen),
                 new_york_time_to_utc(index, early ? kEarlyClose : kRegularClose), early};
}

Result<bool> TradingCalendar::is_trading_day(Date d) const {
  auto i = index_of(d);
  if (!i) return std::unexpected(i.error());
  return days_[*i].kind != DayKind::closed;
}

Result<std::optional<Session>> TradingCalendar::session(Date d) const {
  auto i = index_of(d);
  if (!i) return std::unexpected(i.error());
  if (days_[*i].kind == DayKind::closed) return std::optional<Session>{};
  return std::optional<Session>{session_at(*i)};
}

Result<Date> TradingCalendar::next_trading_day(Date d) const {
  auto i = index_of(d);
  if (!i) return std::unexpected(i.error());
  for (std::size_t j = *i + 1; j < days_.size(); ++j)
    if (days_[j].kind != DayKind::closed) return date_at(j);
  return fail(ErrorCode::out_of_range, "no trading day after " + format_date(d) + " within the calendar", "date");
}

Result<Date> TradingCalendar::previous_trading_day(Date d) const {
  auto i = index_of(d);
  if (!i) return std::unexpected(i.error());
  for (std::size_t j = *i; j-- > 0;)
    if (days_[j].kind != DayKind::closed) return date_at(j);
  return fail(ErrorCode::out_of_range, "no trading day before " + format_date(d) + " within the calendar", "date");
}

Result<int> TradingCalendar::trading_days_between(Date from, Date to) const {
  auto a = index_of(from);
  if (!a) return std::unexpected(a.error());
  auto b = index_of(to);
  if (!b) return std::unexpected(b.error());
  return days_[*b].sessions_through - days_[*a].sessions_through;
}

Result<int> TradingCalendar::calendar_dte(Date today, Date expiry) const {
  auto a = index_of(today);
  if (!a) return std::unexpected(a.error());
  auto b = index_of(expiry);
  if (!b) return std::unexpected(b.error());
  return static_cast<int>(*b) - static_cast<int>(*a);
}

Result<int> TradingCalendar::trading_dte(Date today, Date expiry) const { return trading_days_between(today, expiry); }

Result<Timestamp> TradingCalendar::expiry_instant(Date expiry) const {
  auto i = index_of(expiry);
  if (!i) return std::unexpected(i.error());
  return new_york_time_to_utc(*i, kExpiryTime);
}

Result<double> TradingCalendar::years_to_expiry(Timestamp now, Date expiry) const {
  auto at = expiry_instant(expiry);
  if (!at) return std::unexpected(at.error());
  const double seconds = duration<double>(*at - now).count();
  return std::max(0.0, seconds / kSecondsPerYear);
}

Result<Date> TradingCalendar::new_york_date(Timestamp t) const {
  // A replay asks this for the same instant many times (every quote of a snapshot shares one; the desk,
  // the strategies and the recorder each ask): the time zone lookup is the cost, so each thread keeps its
  // last conversion. The zone is always America/New_York, so the answer does not depend on the calendar.
  struct LastConversion {
    Timestamp instant{};
    Date local{};
    bool valid = false;
  };
  thread_local LastConversion last;
  Date local;
  if (last.valid && last.instant == t) {
    local = last.local;
  } else {
    try {
      date::zoned_time<Nanoseconds> zoned{new_york_, t};
      local = Date{sys_days{days{floor<date::days>(zoned.get_local_time()).time_since_epoch().count()}}};
    } catch (const std::exception& e) {
      return fail(ErrorCode::unavailable, std::string("time zone conversion failed: ") + e.what(), "America/New_York");
    }
    last = LastConversion{t, local, true};
  }
  if (auto i = index_of(local); !i) return std::unexpected(i.error());
  return local;
}

Result<bool> TradingCalendar::is_open_at(Timestamp t) const {
  auto today = new_york_date(t);
  if (!today) return std::unexpected(today.error());
  auto s = session(*today);
  if (!s) return std::unexpected(s.error());
  return s->has_value() && (*s)->open <= t && t < (*s)->close;
}

}  // namespace nightdesk
