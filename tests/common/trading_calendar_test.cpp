#include "common/trading_calendar.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/nyse_holidays.h"

namespace nightdesk {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

Date D(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

Timestamp At(const char* iso) { return parse_iso8601(iso).value(); }

// Built once: the calendar is immutable, and building it reads the tz database.
const TradingCalendar& Nyse() {
  static const TradingCalendar calendar = TradingCalendar::nyse().value();
  return calendar;
}

bool Open(Date d) { return Nyse().is_trading_day(d).value(); }

// Sessions in calendar year y: (Dec 31 of y-1, Dec 31 of y].
int SessionsIn(int y) { return Nyse().trading_days_between(D(y - 1, 12, 31), D(y, 12, 31)).value(); }

std::vector<std::string> HolidayDates(int y) {
  std::vector<std::string> out;
  for (const nyse::NamedDay& h : nyse::holidays(year{y})) out.push_back(format_date(h.date));
  return out;
}

// ---- Rule holidays, one test per rule ----

TEST(NyseHoliday, NewYearsDay_2024_IsClosed) { EXPECT_FALSE(Open(D(2024, 1, 1))); }

TEST(NyseHoliday, NewYearsOnSunday_2023_ObservedMonday2nd) {
  EXPECT_FALSE(Open(D(2023, 1, 2)));
  EXPECT_TRUE(Open(D(2022, 12, 30)));
}

TEST(NyseHoliday, NewYearsOnSaturday_2022_PriorFridayIsOpen) {
  EXPECT_TRUE(Open(D(2021, 12, 31)));
  EXPECT_TRUE(Open(D(2022, 1, 3)));
  EXPECT_TRUE(Open(D(2010, 12, 31)));  // New Year's 2011 was a Saturday too
}

TEST(NyseHoliday, MartinLutherKingDay_2024_ThirdMondayOfJanuaryIsClosed) {
  EXPECT_FALSE(Open(D(2024, 1, 15)));
  EXPECT_TRUE(Open(D(2024, 1, 8)));
  EXPECT_FALSE(Open(D(2000, 1, 17)));
}

TEST(NyseHoliday, WashingtonsBirthday_2024_ThirdMondayOfFebruaryIsClosed) {
  EXPECT_FALSE(Open(D(2024, 2, 19)));
  EXPECT_TRUE(Open(D(2024, 2, 12)));
}

TEST(NyseHoliday, GoodFriday_2024_IsClosed) {
  EXPECT_FALSE(Open(D(2024, 3, 29)));
  EXPECT_TRUE(Open(D(2024, 3, 28)));
  EXPECT_TRUE(Open(D(2024, 4, 1)));  // Easter Monday trades
}

TEST(NyseHoliday, GoodFriday_2021_IsClosedDespiteJobsReport) { EXPECT_FALSE(Open(D(2021, 4, 2))); }

TEST(NyseHoliday, EasterSunday_MatchesKnownDates) {
  EXPECT_EQ(nyse::easter_sunday(year{2000}), D(2000, 4, 23));
  EXPECT_EQ(nyse::easter_sunday(year{2008}), D(2008, 3, 23));  // early
  EXPECT_EQ(nyse::easter_sunday(year{2011}), D(2011, 4, 24));  // late
  EXPECT_EQ(nyse::easter_sunday(year{2019}), D(2019, 4, 21));
  EXPECT_EQ(nyse::easter_sunday(year{2024}), D(2024, 3, 31));
  EXPECT_EQ(nyse::easter_sunday(year{2025}), D(2025, 4, 20));
  EXPECT_EQ(nyse::easter_sunday(year{2035}), D(2035, 3, 25));
}

TEST(NyseHoliday, MemorialDay_LastMondayOfMay) {
  EXPECT_FALSE(Open(D(2024, 5, 27)));
  EXPECT_FALSE(Open(D(2021, 5, 31)));  // May 2021 had five Mondays
  EXPECT_TRUE(Open(D(2021, 5, 24)));
}

TEST(NyseHoliday, Juneteenth_BeforeRuleYear_IsOpen) {
  EXPECT_TRUE(Open(D(2021, 6, 18)));
  EXPECT_TRUE(Open(D(2021, 6, 21)));
}

TEST(NyseHoliday, Juneteenth_2022_ObservedMonday20th) {
  EXPECT_FALSE(Open(D(2022, 6, 20)));
  EXPECT_TRUE(Open(D(2022, 6, 17)));
}

TEST(NyseHoliday, Juneteenth_2027_OnSaturday_ObservedFriday18th) { EXPECT_FALSE(Open(D(2027, 6, 18))); }

TEST(NyseHoliday, IndependenceDay_2024_IsClosed) { EXPECT_FALSE(Open(D(2024, 7, 4))); }

TEST(NyseHoliday, IndependenceDayOnSaturday_2026_ObservedFriday3rd) {
  EXPECT_FALSE(Open(D(2026, 7, 3)));
  EXPECT_TRUE(Open(D(2026, 7, 6)));
}

TEST(NyseHoliday, IndependenceDayOnSunday_2021_ObservedMonday5th) {
  EXPECT_FALSE(Open(D(2021, 7, 5)));
  EXPECT_TRUE(Open(D(2021, 7, 2)));
}

TEST(NyseHoliday, LaborDay_2024_FirstMondayOfSeptemberIsClosed) { EXPECT_FALSE(Open(D(2024, 9, 2))); }

TEST(NyseHoliday, Thanksgiving_FourthThursdayNotLastThursday) {
  EXPECT_FALSE(Open(D(2024, 11, 28)));
  EXPECT_FALSE(Open(D(2023, 11, 23)));  // November 2023 had five Thursdays
  EXPECT_TRUE(Open(D(2023, 11, 30)));
}

TEST(NyseHoliday, Christmas_2024_IsClosed) { EXPECT_FALSE(Open(D(2024, 12, 25))); }

TEST(NyseHoliday, ChristmasOnSaturday_2021_ObservedFriday24th) { EXPECT_FALSE(Open(D(2021, 12, 24))); }

TEST(NyseHoliday, ChristmasOnSunday_2022_ObservedMonday26th) {
  EXPECT_FALSE(Open(D(2022, 12, 26)));
  EXPECT_TRUE(Open(D(2022, 12, 23)));
}

TEST(NyseHoliday, HolidaysAreAlwaysWeekdays) {
  for (int y = 2000; y <= 2035; ++y) {
    for (const nyse::NamedDay& h : nyse::holidays(year{y})) {
      weekday w{sys_days{h.date}};
      EXPECT_TRUE(w != Saturday && w != Sunday) << format_date(h.date) << " " << h.name;
      EXPECT_EQ(h.date.year(), year{y});
    }
  }
}

// ---- One-off closures ----

TEST(NyseOneOffClosure, September11_2001_ClosedTuesdayToFriday) {
  EXPECT_TRUE(Open(D(2001, 9, 10)));
  for (unsigned d = 11; d <= 14; ++d) EXPECT_FALSE(Open(D(2001, 9, d))) << d;
  EXPECT_TRUE(Open(D(2001, 9, 17)));
}

TEST(NyseOneOffClosure, ReaganMourning_2004_06_11) { EXPECT_FALSE(Open(D(2004, 6, 11))); }
TEST(NyseOneOffClosure, FordMourning_2007_01_02) { EXPECT_FALSE(Open(D(2007, 1, 2))); }

TEST(NyseOneOffClosure, HurricaneSandy_2012_TwoDays) {
  EXPECT_FALSE(Open(D(2012, 10, 29)));
  EXPECT_FALSE(Open(D(2012, 10, 30)));
  EXPECT_TRUE(Open(D(2012, 10, 31)));
}

TEST(NyseOneOffClosure, GeorgeHWBushMourning_2018_12_05) { EXPECT_FALSE(Open(D(2018, 12, 5))); }
TEST(NyseOneOffClosure, CarterMourning_2025_01_09) { EXPECT_FALSE(Open(D(2025, 1, 9))); }

TEST(NyseOneOffClosure, IsNamedInTheHolidayList) {
  auto list = nyse::holidays(year{2012});
  auto it = std::ranges::find(list, D(2012, 10, 29), &nyse::NamedDay::date);
  ASSERT_NE(it, list.end());
  EXPECT_EQ(it->name, "Hurricane Sandy");
}

// ---- Published NYSE schedules ----

TEST(NysePublishedSchedule, Holidays2024) {
  EXPECT_EQ(HolidayDates(2024),
            (std::vector<std::string>{"2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27", "2024-06-19",
                                      "2024-07-04", "2024-09-02", "2024-11-28", "2024-12-25"}));
}

TEST(NysePublishedSchedule, Holidays2025IncludingCarterMourning) {
  auto list = nyse::holidays(year{2025});
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& h : list) got.emplace_back(format_date(h.date), std::string(h.name));
  EXPECT_EQ(got, (std::vector<std::pair<std::string, std::string>>{
                     {"2025-01-01", "New Year's Day"},
                     {"2025-01-09", "National Day of Mourning for Jimmy Carter"},
                     {"2025-01-20", "Martin Luther King, Jr. Day"},
                     {"2025-02-17", "Washington's Birthday"},
                     {"2025-04-18", "Good Friday"},
                     {"2025-05-26", "Memorial Day"},
                     {"2025-06-19", "Juneteenth National Independence Day"},
                     {"2025-07-04", "Independence Day"},
                     {"2025-09-01", "Labor Day"},
                     {"2025-11-27", "Thanksgiving Day"},
                     {"2025-12-25", "Christmas Day"},
                 }));
}

TEST(NysePublishedSchedule, Holidays2026To2028) {
  EXPECT_EQ(HolidayDates(2026),
            (std::vector<std::string>{"2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19",
                                      "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"}));
  EXPECT_EQ(HolidayDates(2027),
            (std::vector<std::string>{"2027-01-01", "2027-01-18", "2027-02-15", "2027-03-26", "2027-05-31", "2027-06-18",
                                      "2027-07-05", "2027-09-06", "2027-11-25", "2027-12-24"}));
  // New Year's Day 2028 is a Saturday: no holiday observed (Rule 7.2).
  EXPECT_EQ(HolidayDates(2028),
            (std::vector<std::string>{"2028-01-17", "2028-02-21", "2028-04-14", "2028-05-29", "2028-06-19", "2028-07-04",
                                      "2028-09-04", "2028-11-23", "2028-12-25"}));
}

TEST(NysePublishedSchedule, EarlyCloses2025To2028) {
  auto dates = [](int y) {
    std::vector<std::string> out;
    for (const auto& e : nyse::early_closes(year{y})) out.push_back(format_date(e.date));
    return out;
  };
  EXPECT_EQ(dates(2025), (std::vector<std::string>{"2025-07-03", "2025-11-28", "2025-12-24"}));
  EXPECT_EQ(dates(2026), (std::vector<std::string>{"2026-11-27", "2026-12-24"}));
  EXPECT_EQ(dates(2027), (std::vector<std::string>{"2027-11-26"}));
  EXPECT_EQ(dates(2028), (std::vector<std::string>{"2028-07-03", "2028-11-24"}));
}

TEST(NyseSessionCount, TradingDaysPerYear) {
  EXPECT_EQ(SessionsIn(2001), 248);  // September 11
  EXPECT_EQ(SessionsIn(2008), 253);
  EXPECT_EQ(SessionsIn(2012), 250);  // Hurricane Sandy
  EXPECT_EQ(SessionsIn(2018), 251);
  EXPECT_EQ(SessionsIn(2020), 253);
  EXPECT_EQ(SessionsIn(2022), 251);
  EXPECT_EQ(SessionsIn(2023), 250);
  EXPECT_EQ(SessionsIn(2024), 252);
  EXPECT_EQ(SessionsIn(2025), 250);  // Carter mourning
}

// ---- Sessions and early closes ----

TEST(NyseSession, RegularWinterSession_0930To1600Eastern) {
  auto s = Nyse().session(D(2024, 1, 2)).value();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->date, D(2024, 1, 2));
  EXPECT_EQ(s->open, At("2024-01-02T14:30:00Z"));
  EXPECT_EQ(s->close, At("2024-01-02T21:00:00Z"));
  EXPECT_FALSE(s->early_close);
}

TEST(NyseSession, RegularSummerSessionFollowsDaylightSaving) {
  auto s = Nyse().session(D(2024, 7, 1)).value();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->open, At("2024-07-01T13:30:00Z"));
  EXPECT_EQ(s->close, At("2024-07-01T20:00:00Z"));
}

TEST(NyseSession, WeekendAndHolidayHaveNoSession) {
  EXPECT_FALSE(Nyse().session(D(2024, 1, 6)).value());
  EXPECT_FALSE(Nyse().session(D(2024, 12, 25)).value());
}

TEST(NyseEarlyClose, DayBeforeIndependenceDay_2024_At1300Eastern) {
  auto s = Nyse().session(D(2024, 7, 3)).value();
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->early_close);
  EXPECT_EQ(s->open, At("2024-07-03T13:30:00Z"));
  EXPECT_EQ(s->close, At("2024-07-03T17:00:00Z"));
}

TEST(NyseEarlyClose, DayAfterThanksgiving_2024_At1300Eastern) {
  auto s = Nyse().session(D(2024, 11, 29)).value();
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->early_close);
  EXPECT_EQ(s->close, At("2024-11-29T18:00:00Z"));
}

TEST(NyseEarlyClose, ChristmasEve_2024_At1300Eastern) {
  auto s = Nyse().session(D(2024, 12, 24)).value();
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->early_close);
  EXPECT_EQ(s->close, At("2024-12-24T18:00:00Z"));
}

TEST(NyseEarlyClose, WednesdayJuly3_Before2013_WasFullDayAndFriday5thClosedEarly) {
  EXPECT_FALSE(Nyse().session(D(2002, 7, 3)).value()->early_close);
  EXPECT_TRUE(Nyse().session(D(2002, 7, 5)).value()->early_close);
  EXPECT_TRUE(Nyse().session(D(2013, 7, 3)).value()->early_close);
  EXPECT_FALSE(Nyse().session(D(2013, 7, 5)).value()->early_close);
}

TEST(NyseEarlyClose, FridayAfterChristmas_OnlyIn2003) {
  EXPECT_TRUE(Nyse().session(D(2003, 12, 26)).value()->early_close);
  EXPECT_FALSE(Nyse().session(D(2008, 12, 26)).value()->early_close);
  EXPECT_FALSE(Nyse().session(D(2014, 12, 26)).value()->early_close);
  EXPECT_FALSE(Nyse().session(D(2025, 12, 26)).value()->early_close);
}

TEST(NyseEarlyClose, NoneBeforeAnObservedFridayJuly3) {
  EXPECT_FALSE(Nyse().session(D(2026, 7, 2)).value()->early_close);
  EXPECT_FALSE(Nyse().session(D(2020, 7, 2)).value()->early_close);
}

TEST(NyseEarlyClose, NoneWhenChristmasEveIsWeekend) {
  EXPECT_FALSE(Nyse().session(D(2022, 12, 23)).value()->early_close);  // Dec 24 2022 was a Saturday
  EXPECT_FALSE(Nyse().session(D(2023, 12, 22)).value()->early_close);  // Dec 24 2023 was a Sunday
}

TEST(NyseSession, EverySessionIsSixAndAHalfOrThreeAndAHalfHours) {
  for (auto d = sys_days{TradingCalendar::kFirstDate}; d <= sys_days{TradingCalendar::kLastDate}; d += days{1}) {
    auto s = Nyse().session(Date{d}).value();
    if (!s) continue;
    EXPECT_EQ(s->close - s->open, s->early_close ? Nanoseconds{210min} : Nanoseconds{390min}) << format_date(s->date);
  }
}

// ---- Navigation and day counts ----

TEST(TradingCalendarNavigation, NextTradingDaySkipsGoodFridayAndWeekend) {
  EXPECT_EQ(Nyse().next_trading_day(D(2024, 3, 28)).value(), D(2024, 4, 1));
  EXPECT_EQ(Nyse().previous_trading_day(D(2024, 4, 1)).value(), D(2024, 3, 28));
  EXPECT_EQ(Nyse().next_trading_day(D(2024, 3, 30)).value(), D(2024, 4, 1));  // from a closed day too
}

TEST(TradingCalendarNavigation, NextAndPreviousAreStrict) {
  EXPECT_EQ(Nyse().next_trading_day(D(2024, 1, 2)).value(), D(2024, 1, 3));
  EXPECT_EQ(Nyse().previous_trading_day(D(2024, 1, 3)).value(), D(2024, 1, 2));
}

TEST(TradingCalendarNavigation, NoTradingDayBeyondTheRangeIsAnError) {
  auto next = Nyse().next_trading_day(TradingCalendar::kLastDate);
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error().code, ErrorCode::out_of_range);
  auto prev = Nyse().previous_trading_day(D(2000, 1, 3));  // the first session of 2000
  ASSERT_FALSE(prev);
  EXPECT_EQ(prev.error().code, ErrorCode::out_of_range);
}

TEST(TradingCalendarNavigation, NextTradingDayIsOneSessionAwayEverywhere) {
  for (auto d = sys_days{TradingCalendar::kFirstDate}; d < sys_days{D(2035, 12, 28)}; d += days{1}) {
    Date next = Nyse().next_trading_day(Date{d}).value();
    ASSERT_EQ(Nyse().trading_days_between(Date{d}, next).value(), 1) << format_date(Date{d});
    ASSERT_TRUE(Open(next));
  }
}

TEST(TradingDaysBetween, CountsSessionsInHalfOpenInterval) {
  // (Fri 2024-03-22, Fri 2024-04-05]: Mar 25-28 and Apr 1-5; Good Friday Mar 29 is closed.
  EXPECT_EQ(Nyse().trading_days_between(D(2024, 3, 22), D(2024, 4, 5)).value(), 9);
  // `to`'s session counts, `from`'s does not.
  EXPECT_EQ(Nyse().trading_days_between(D(2024, 3, 27), D(2024, 3, 28)).value(), 1);
  // From a holiday: only Monday Apr 1.
  EXPECT_EQ(Nyse().trading_days_between(D(2024, 3, 29), D(2024, 4, 1)).value(), 1);
  // Over a weekend to a holiday: nothing.
  EXPECT_EQ(Nyse().trading_days_between(D(2024, 3, 28), D(2024, 3, 31)).value(), 0);
}

TEST(TradingDaysBetween, SameDayIsZeroAndReversedIsNegative) {
  EXPECT_EQ(Nyse().trading_days_between(D(2024, 3, 22), D(2024, 3, 22)).value(), 0);
  EXPECT_EQ(Nyse().trading_days_between(D(2024, 4, 5), D(2024, 3, 22)).value(), -9);
}

TEST(DaysToExpiry, CalendarDteCountsDaysToExpiry) {
  EXPECT_EQ(Nyse().calendar_dte(D(2024, 1, 2), D(2024, 1, 19)).value(), 17);
  EXPECT_EQ(Nyse().calendar_dte(D(2024, 1, 19), D(2024, 1, 19)).value(), 0);
  EXPECT_EQ(Nyse().calendar_dte(D(2024, 1, 20), D(2024, 1, 19)).value(), -1);
  EXPECT_EQ(Nyse().calendar_dte(D(2023, 12, 29), D(2024, 12, 31)).value(), 368);  // leap year
}

TEST(DaysToExpiry, TradingDteExcludesTodayIncludesExpiry) {
  // Fri 2024-01-12 to Fri 2024-01-19 over MLK Monday: Tue, Wed, Thu, Fri.
  EXPECT_EQ(Nyse().trading_dte(D(2024, 1, 12), D(2024, 1, 19)).value(), 4);
  EXPECT_EQ(Nyse().trading_dte(D(2024, 1, 18), D(2024, 1, 19)).value(), 1);
  EXPECT_EQ(Nyse().trading_dte(D(2024, 1, 19), D(2024, 1, 19)).value(), 0);
  EXPECT_EQ(Nyse().trading_dte(D(2024, 1, 22), D(2024, 1, 19)).value(), -1);
}

// ---- Expiry instant and time to expiry ----

TEST(ExpiryInstant, WinterIs2100Utc) {
  EXPECT_EQ(Nyse().expiry_instant(D(2025, 1, 17)).value(), At("2025-01-17T21:00:00Z"));
}

TEST(ExpiryInstant, SummerIs2000Utc) {
  EXPECT_EQ(Nyse().expiry_instant(D(2025, 7, 18)).value(), At("2025-07-18T20:00:00Z"));
}

TEST(ExpiryInstant, FollowsDaylightSavingSwitchDays) {
  EXPECT_EQ(Nyse().expiry_instant(D(2024, 3, 8)).value(), At("2024-03-08T21:00:00Z"));   // Friday before
  EXPECT_EQ(Nyse().expiry_instant(D(2024, 3, 10)).value(), At("2024-03-10T20:00:00Z"));  // spring forward
  EXPECT_EQ(Nyse().expiry_instant(D(2024, 11, 3)).value(), At("2024-11-03T21:00:00Z"));  // fall back
  EXPECT_EQ(Nyse().expiry_instant(D(2006, 4, 3)).value(), At("2006-04-03T20:00:00Z"));   // pre-2007 DST rules
  EXPECT_EQ(Nyse().expiry_instant(D(2006, 3, 31)).value(), At("2006-03-31T21:00:00Z"));
}

TEST(ExpiryInstant, StaysAt1600OnEarlyCloseDays) {
  EXPECT_EQ(Nyse().expiry_instant(D(2024, 12, 24)).value(), At("2024-12-24T21:00:00Z"));
}

TEST(YearsToExpiry, OneYearOf365DaysBeforeExpiryIsOne) {
  Timestamp expiry = Nyse().expiry_instant(D(2025, 1, 17)).value();
  EXPECT_DOUBLE_EQ(Nyse().years_to_expiry(expiry - days{365}, D(2025, 1, 17)).value(), 1.0);
  EXPECT_DOUBLE_EQ(Nyse().years_to_expiry(expiry - 1h, D(2025, 1, 17)).value(), 1.0 / (365.0 * 24.0));
}

TEST(YearsToExpiry, ClampsAtZeroAtAndAfterExpiry) {
  Timestamp expiry = Nyse().expiry_instant(D(2025, 1, 17)).value();
  EXPECT_EQ(Nyse().years_to_expiry(expiry, D(2025, 1, 17)).value(), 0.0);
  EXPECT_EQ(Nyse().years_to_expiry(expiry + 1ns, D(2025, 1, 17)).value(), 0.0);
  EXPECT_EQ(Nyse().years_to_expiry(expiry + days{30}, D(2025, 1, 17)).value(), 0.0);
}

// ---- New York date and market hours ----

TEST(NewYorkDate, EveningUtcIsStillThePreviousDayInNewYork) {
  EXPECT_EQ(Nyse().new_york_date(At("2025-01-18T03:00:00Z")).value(), D(2025, 1, 17));
  EXPECT_EQ(Nyse().new_york_date(At("2025-01-18T05:00:00Z")).value(), D(2025, 1, 18));
  EXPECT_EQ(Nyse().new_york_date(At("2025-07-18T03:59:59Z")).value(), D(2025, 7, 17));
  EXPECT_EQ(Nyse().new_york_date(At("2025-07-18T04:00:00Z")).value(), D(2025, 7, 18));
}

TEST(IsOpenAt, OpenFromOpeningBellUntilJustBeforeClose) {
  EXPECT_FALSE(Nyse().is_open_at(At("2024-01-02T14:29:59Z")).value());
  EXPECT_TRUE(Nyse().is_open_at(At("2024-01-02T14:30:00Z")).value());
  EXPECT_TRUE(Nyse().is_open_at(At("2024-01-02T20:59:59Z")).value());
  EXPECT_FALSE(Nyse().is_open_at(At("2024-01-02T21:00:00Z")).value());
}

TEST(IsOpenAt, ClosedAfter1300OnEarlyCloseAndAllDayOnHolidays) {
  EXPECT_TRUE(Nyse().is_open_at(At("2024-07-03T16:59:59Z")).value());
  EXPECT_FALSE(Nyse().is_open_at(At("2024-07-03T17:00:00Z")).value());
  EXPECT_FALSE(Nyse().is_open_at(At("2024-07-04T15:00:00Z")).value());
  EXPECT_FALSE(Nyse().is_open_at(At("2024-07-06T15:00:00Z")).value());
}

TEST(TradingCalendarThreads, ConstQueriesFromManyThreadsAgree) {
  auto fresh = TradingCalendar::nyse();
  ASSERT_TRUE(fresh);
  const TradingCalendar& calendar = *fresh;
  std::vector<int> open_counts(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < open_counts.size(); ++t) {
    threads.emplace_back([&calendar, &count = open_counts[t]] {
      for (int hour = 0; hour < 24 * 366; ++hour) {
        Timestamp at = Timestamp{sys_days{D(2024, 1, 1)} + hours{hour}};
        if (calendar.is_open_at(at).value_or(false)) ++count;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int count : open_counts) EXPECT_EQ(count, open_counts[0]);
  // Hourly samples on the hour: a full 09:30-16:00 session holds 10:00..15:00 (6), an early close 10:00..12:00
  // (3). 2024 has 252 sessions, 3 of them early closes.
  EXPECT_EQ(open_counts[0], 249 * 6 + 3 * 3);
}

// ---- Bad inputs ----

TEST(TradingCalendarRange, FirstAndLastDatesAreInRange) {
  EXPECT_FALSE(Open(TradingCalendar::kFirstDate));  // a Saturday
  EXPECT_TRUE(Open(TradingCalendar::kLastDate));    // Monday 2035-12-31
}

TEST(TradingCalendarRange, DatesOutside2000To2035AreErrorsNotGuesses) {
  for (Date d : {D(1999, 12, 31), D(2036, 1, 1), D(1980, 6, 2)}) {
    auto r = Nyse().is_trading_day(d);
    ASSERT_FALSE(r) << format_date(d);
    EXPECT_EQ(r.error().code, ErrorCode::out_of_range);
    EXPECT_EQ(r.error().field, "date");
    EXPECT_NE(r.error().message.find(format_date(d)), std::string::npos);
  }
  EXPECT_FALSE(Nyse().session(D(2036, 1, 2)));
  EXPECT_FALSE(Nyse().next_trading_day(D(1999, 12, 30)));
  EXPECT_FALSE(Nyse().previous_trading_day(D(2036, 1, 2)));
  EXPECT_FALSE(Nyse().trading_days_between(D(2035, 12, 1), D(2036, 1, 16)));
  EXPECT_FALSE(Nyse().trading_days_between(D(1999, 12, 1), D(2000, 1, 16)));
  EXPECT_FALSE(Nyse().calendar_dte(D(2035, 12, 1), D(2036, 1, 16)));
  EXPECT_FALSE(Nyse().trading_dte(D(2035, 12, 1), D(2036, 1, 16)));
  EXPECT_FALSE(Nyse().expiry_instant(D(2036, 1, 18)));
  EXPECT_FALSE(Nyse().years_to_expiry(At("2035-06-01T00:00:00Z"), D(2036, 1, 18)));
  EXPECT_FALSE(Nyse().new_york_date(At("2036-01-02T15:00:00Z")));
  EXPECT_FALSE(Nyse().is_open_at(At("1999-12-30T15:00:00Z")));
}

TEST(TradingCalendarRange, ImpossibleDateIsInvalidArgument) {
  auto r = Nyse().is_trading_day(D(2025, 2, 30));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_FALSE(Nyse().expiry_instant(D(2025, 13, 1)));
}

}  // namespace
}  // namespace nightdesk
