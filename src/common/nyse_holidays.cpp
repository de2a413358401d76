#include "common/nyse_holidays.h"

#include <algorithm>
#include <array>

namespace nightdesk::nyse {
namespace {

using namespace std::chrono;

// One-off full-day closures in 2000-2035 that no rule predicts. Sources: NYSE's "closings" history and the
// exchange's announcements at the time.
constexpr std::array kOneOffClosures = {
    // Terrorist attacks on the World Trade Center: closed Tuesday to Friday, reopened Monday 2001-09-17.
    NamedDay{year{2001} / 9 / 11, "September 11 attacks"},
    NamedDay{year{2001} / 9 / 12, "September 11 attacks"},
    NamedDay{year{2001} / 9 / 13, "September 11 attacks"},
    NamedDay{year{2001} / 9 / 14, "September 11 attacks"},
    // National Day of Mourning for former President Ronald Reagan (died 2004-06-05).
    NamedDay{year{2004} / 6 / 11, "National Day of Mourning for Ronald Reagan"},
    // National Day of Mourning for former President Gerald Ford (died 2006-12-26).
    NamedDay{year{2007} / 1 / 2, "National Day of Mourning for Gerald Ford"},
    // Hurricane Sandy: closed two days for the storm, reopened Wednesday 2012-10-31.
    NamedDay{year{2012} / 10 / 29, "Hurricane Sandy"},
    NamedDay{year{2012} / 10 / 30, "Hurricane Sandy"},
    // National Day of Mourning for former President George H. W. Bush (died 2018-11-30).
    NamedDay{year{2018} / 12 / 5, "National Day of Mourning for George H. W. Bush"},
    // National Day of Mourning for former President Jimmy Carter (died 2024-12-29).
    NamedDay{year{2025} / 1 / 9, "National Day of Mourning for Jimmy Carter"},
};

// One-off 13:00 closes that no current rule predicts.
constexpr std::array kOneOffEarlyCloses = {
    // NYSE closed early on the Friday after a Thursday Christmas in 2003 (and 1997); it did not in 2008 or
    // 2014, and its published 2025 schedule has none, so there is no rule for it.
    NamedDay{year{2003} / 12 / 26, "Friday after Christmas"},
};

// Since 2013 a Wednesday July 3 closes early; before that the early close of a Thursday July 4 week was the
// Friday after (2002-07-05 in our range).
constexpr year kWednesdayJuly3EarlyCloseSince{2013};

bool is_weekend(Date d) {
  weekday w{sys_days{d}};
  return w == Saturday || w == Sunday;
}

Date shifted(Date d, int days) { return Date{sys_days{d} + std::chrono::days{days}}; }

// NYSE Rule 7.2: a holiday on Saturday is observed the Friday before, one on Sunday the Monday after.
Date observed(Date d) {
  weekday w{sys_days{d}};
  if (w == Saturday) return shifted(d, -1);
  if (w == Sunday) return shifted(d, 1);
  return d;
}

Date nth_weekday(year y, month m, weekday w, unsigned n) { return Date{y / m / w[n]}; }
Date last_weekday(year y, month m, weekday w) { return Date{y / m / w[last]}; }

// The holidays NYSE observes every year, at their observed dates.
std::vector<NamedDay> rule_holidays(year y) {
  std::vector<NamedDay> days;
  // Rule 7.2: New Year's Day on a Sunday moves to Monday, but on a Saturday it is not observed (moving it to
  // Friday December 31 would close the last session of the year).
  Date new_year = y / January / 1;
  if (weekday{sys_days{new_year}} != Saturday) days.push_back({observed(new_year), "New Year's Day"});
  days.push_back({nth_weekday(y, January, Monday, 3), "Martin Luther King, Jr. Day"});  // closed since 1998
  days.push_back({nth_weekday(y, February, Monday, 3), "Washington's Birthday"});
  days.push_back({shifted(easter_sunday(y), -2), "Good Friday"});
  days.push_back({last_weekday(y, May, Monday), "Memorial Day"});
  // Juneteenth National Independence Day became a federal holiday in June 2021; NYSE first closed in 2022.
  if (y >= year{2022}) days.push_back({observed(y / June / 19), "Juneteenth National Independence Day"});
  days.push_back({observed(y / July / 4), "Independence Day"});
  days.push_back({nth_weekday(y, September, Monday, 1), "Labor Day"});
  days.push_back({nth_weekday(y, November, Thursday, 4), "Thanksgiving Day"});
  days.push_back({observed(y / December / 25), "Christmas Day"});
  return days;
}

// The 13:00 closes NYSE schedules every year when the day is a weekday.
std::vector<NamedDay> rule_early_closes(year y) {
  std::vector<NamedDay> days;
  // Day before Independence Day: July 3 when July 4 falls Tuesday-Friday. (July 4 on Saturday makes July 3
  // the holiday itself; July 4 on Sunday or Monday leaves no trading July 3.)
  Date july3 = y / July / 3;
  weekday w{sys_days{july3}};
  if (w == Monday || w == Tuesday || w == Thursday) {
    days.push_back({july3, "Day before Independence Day"});
  } else if (w == Wednesday) {
    if (y >= kWednesdayJuly3EarlyCloseSince)
      days.push_back({july3, "Day before Independence Day"});
    else
      days.push_back({y / July / 5, "Day after Independence Day"});
  }
  days.push_back({shifted(nth_weekday(y, November, Thursday, 4), 1), "Day after Thanksgiving"});
  // Christmas Eve closes early Monday-Thursday; on a Friday it is the observed Christmas holiday.
  Date christmas_eve = y / December / 24;
  weekday eve{sys_days{christmas_eve}};
  if (eve != Friday && !is_weekend(christmas_eve)) days.push_back({christmas_eve, "Christmas Eve"});
  return days;
}

template <std::size_t N>
void append_in_year(year y, const std::array<NamedDay, N>& table, std::vector<NamedDay>& out) {
  for (const NamedDay& day : table)
    if (day.date.year() == y) out.push_back(day);
}

void sort_by_date(std::vector<NamedDay>& days) {
  std::ranges::sort(days, [](const NamedDay& a, const NamedDay& b) { return sys_days{a.date} < sys_days{b.date}; });
}

}  // namespace

Date easter_sunday(year y) {
  const int yr = static_cast<int>(y);
  const int a = yr % 19, b = yr / 100, c = yr % 100;
  const int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month_of_easter = (h + l - 7 * m + 114) / 31;
  const int day_of_easter = (h + l - 7 * m + 114) % 31 + 1;
  return y / month{static_cast<unsigned>(month_of_easter)} / day{static_cast<unsigned>(day_of_easter)};
}

std::vector<NamedDay> holidays(year y) {
  std::vector<NamedDay> days = rule_holidays(y);
  append_in_year(y, kOneOffClosures, days);
  sort_by_date(days);
  return days;
}

std::vector<NamedDay> early_closes(year y) {
  std::vector<NamedDay> days = rule_early_closes(y);
  append_in_year(y, kOneOffEarlyCloses, days);
  // A one-off full closure would win over a scheduled early close on the same day.
  const std::vector<NamedDay> closed = holidays(y);
  std::erase_if(days, [&](const NamedDay& day) {
    return std::ranges::any_of(closed, [&](const NamedDay& c) { return c.date == day.date; });
  });
  sort_by_date(days);
  return days;
}

}  // namespace nightdesk::nyse
