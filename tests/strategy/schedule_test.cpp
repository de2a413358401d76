#include "strategy/schedule.h"

#include <gtest/gtest.h>

#include "chain_fixture.h"

namespace nightdesk::strategy {
namespace {

using namespace std::chrono;
using testing::calendar;

Timestamp at(const char* iso) { return *parse_iso8601(iso); }

Timestamp next(const Schedule& s, const char* after) {
  auto r = next_fire_time(s, at(after), calendar());
  EXPECT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r && *r);
  return r && *r ? **r : Timestamp{};
}

Schedule daily(int h, int m) {
  Schedule s;
  s.kind = ScheduleKind::daily;
  s.time_of_day = hours{h} + minutes{m};
  return s;
}

TEST(Schedule, DailyLaterTheSameDay_FiresToday) {
  EXPECT_EQ(next(daily(10, 0), "2025-01-06T09:00:00-05:00"), at("2025-01-06T10:00:00-05:00"));
}

TEST(Schedule, DailyAtTheFireInstant_MovesToTheNextSession) {
  EXPECT_EQ(next(daily(10, 0), "2025-01-06T10:00:00-05:00"), at("2025-01-07T10:00:00-05:00"));
}

TEST(Schedule, DailyAfterFriday_SkipsTheWeekend) {
  EXPECT_EQ(next(daily(10, 0), "2025-01-03T11:00:00-05:00"), at("2025-01-06T15:00:00Z"));
}

TEST(Schedule, DailyBeforeMartinLutherKingDay_SkipsTheHoliday) {
  EXPECT_EQ(next(daily(10, 0), "2025-01-17T11:00:00-05:00"), at("2025-01-21T10:00:00-05:00"));
}

TEST(Schedule, DailyAcrossSpringForward_KeepsTenOClockNewYork) {
  // 2025-03-09 clocks go forward: 10:00 EST is 15:00Z on Friday, 10:00 EDT is 14:00Z on Monday.
  EXPECT_EQ(next(daily(10, 0), "2025-03-06T16:00:00Z"), at("2025-03-07T15:00:00Z"));
  EXPECT_EQ(next(daily(10, 0), "2025-03-07T16:00:00Z"), at("2025-03-10T14:00:00Z"));
}

TEST(Schedule, DailyAcrossFallBack_KeepsTenOClockNewYork) {
  EXPECT_EQ(next(daily(10, 0), "2025-10-31T15:00:00Z"), at("2025-11-03T15:00:00Z"));
}

TEST(Schedule, DailyAfterTheTimeLateInTheNewYorkEvening_UsesTheNewYorkDate) {
  // 2025-01-07T03:00Z is still Monday evening in New York: the next fire is Tuesday 10:00.
  EXPECT_EQ(next(daily(10, 0), "2025-01-07T03:00:00Z"), at("2025-01-07T10:00:00-05:00"));
}

TEST(Schedule, WeeklyMondayThursday_SkipsTheUnscheduledClosureOnJanuaryNinth) {
  Schedule s = daily(15, 30);
  s.kind = ScheduleKind::weekly;
  s.weekdays = {Monday, Thursday};
  EXPECT_EQ(next(s, "2025-01-06T16:00:00-05:00"), at("2025-01-13T15:30:00-05:00"));  // Thu 2025-01-09: NYSE closed
  EXPECT_EQ(next(s, "2025-01-13T16:00:00-05:00"), at("2025-01-16T15:30:00-05:00"));
}

TEST(Schedule, MonthlyOnASaturdayBeforeAHolidayMonday_MovesToTuesday) {
  Schedule s = daily(10, 0);
  s.kind = ScheduleKind::monthly;
  s.day_of_month = 15;  // 2025-02-15 is a Saturday, 02-17 Presidents' Day
  EXPECT_EQ(next(s, "2025-01-16T12:00:00Z"), at("2025-02-18T10:00:00-05:00"));
}

TEST(Schedule, MonthlyDayThirtyOne_UsesTheMonthsLastTradingDay) {
  Schedule s = daily(10, 0);
  s.kind = ScheduleKind::monthly;
  s.day_of_month = 31;
  EXPECT_EQ(next(s, "2025-02-01T12:00:00Z"), at("2025-02-28T10:00:00-05:00"));
  // 2025-08-31 is a Sunday and 09-01 Labor Day: the next trading day is in September, so the last one in August.
  EXPECT_EQ(next(s, "2025-08-01T12:00:00Z"), at("2025-08-29T10:00:00-04:00"));
}

TEST(Schedule, Conditional_HasNoFireTime) {
  Schedule s;
  s.kind = ScheduleKind::conditional;
  auto r = next_fire_time(s, at("2025-01-06T12:00:00Z"), calendar());
  ASSERT_TRUE(r);
  EXPECT_FALSE(*r);
}

TEST(Schedule, InvalidSchedules_NameTheField) {
  Schedule weekly = daily(10, 0);
  weekly.kind = ScheduleKind::weekly;
  EXPECT_EQ(weekly.validate().error().field, "weekdays");
  weekly.weekdays = {Monday, Saturday};
  EXPECT_EQ(weekly.validate().error().field, "weekdays[1]");
  Schedule monthly = daily(10, 0);
  monthly.kind = ScheduleKind::monthly;
  monthly.day_of_month = 0;
  EXPECT_EQ(monthly.validate().error().field, "day");
  Schedule late = daily(24, 0);
  EXPECT_EQ(late.validate().error().field, "time");
  EXPECT_FALSE(next_fire_time(late, at("2025-01-06T12:00:00Z"), calendar()));
}

TEST(Schedule, TimeOfDayParsing) {
  EXPECT_EQ(*parse_time_of_day("09:30", "time"), hours{9} + minutes{30});
  EXPECT_EQ(format_time_of_day(hours{9} + minutes{30}), "09:30");
  for (const char* bad : {"9:30", "24:00", "12:60", "ab:cd", "12:3x", ""}) {
    auto r = parse_time_of_day(bad, "schedule.time");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "schedule.time");
  }
}

}  // namespace
}  // namespace nightdesk::strategy
