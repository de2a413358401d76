// Cross-checks every date of the NYSE calendar against QuantLib's UnitedStates(NYSE) calendar, an independent
// implementation (QuantLib is a test-only oracle, never linked into the engine).
#include <gtest/gtest.h>
#include <ql/time/calendars/unitedstates.hpp>

#include <set>

#include "common/trading_calendar.h"

namespace nightdesk {
namespace {

using namespace std::chrono;

QuantLib::Date ToQuantLib(Date d) {
  return QuantLib::Date(static_cast<QuantLib::Day>(static_cast<unsigned>(d.day())),
                        static_cast<QuantLib::Month>(static_cast<unsigned>(d.month())), static_cast<int>(d.year()));
}

TEST(TradingCalendarOracle, TradingDaysMatchQuantLibNyseFrom2000To2035) {
  auto calendar = TradingCalendar::nyse();
  ASSERT_TRUE(calendar) << calendar.error().describe();
  const QuantLib::UnitedStates quantlib(QuantLib::UnitedStates::NYSE);
  // Closures QuantLib 1.29 (Debian 12) predates.
  const std::set<std::string> newer_than_quantlib = {"2025-01-09"};
  int compared = 0;
  for (auto d = sys_days{TradingCalendar::kFirstDate}; d <= sys_days{TradingCalendar::kLastDate}; d += days{1}) {
    const Date date{d};
    const bool ours = calendar->is_trading_day(date).value();
    const bool theirs = quantlib.isBusinessDay(ToQuantLib(date));
    if (newer_than_quantlib.contains(format_date(date))) {
      EXPECT_FALSE(ours) << format_date(date);
      continue;
    }
    EXPECT_EQ(ours, theirs) << format_date(date);
    ++compared;
  }
  EXPECT_EQ(compared, 13149 - 1);
}

}  // namespace
}  // namespace nightdesk
