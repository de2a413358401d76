// NYSE holidays and 13:00 early closes by rule (NYSE Rule 7.2 and the exchange's published calendars),
// plus a table of the one-off events NYSE actually had; nothing is downloaded. Valid for 2000-2035.
// Pure functions of their arguments: any thread may call them.
#pragma once

#include <chrono>
#include <string_view>
#include <vector>

#include "common/time.h"

namespace nightdesk::nyse {

// The years these rules are checked against the exchange's record and published schedules.
inline constexpr std::chrono::year kFirstRuleYear{2000};
inline constexpr std::chrono::year kLastRuleYear{2035};

// A date with the name NYSE gives it ("Good Friday", "Day after Thanksgiving").
struct NamedDay {
  Date date;
  std::string_view name;

  friend bool operator==(const NamedDay&, const NamedDay&) = default;
};

// Weekdays of `y` on which the exchange is closed all day, in date order: the rule holidays at their observed
// dates and the one-off closures (e.g. Hurricane Sandy). Weekends are not listed.
std::vector<NamedDay> holidays(std::chrono::year y);

// Trading days of `y` that close at 13:00 New York time, in date order.
std::vector<NamedDay> early_closes(std::chrono::year y);

// Easter Sunday of the Gregorian calendar (anonymous Gregorian computus); Good Friday is two days earlier.
Date easter_sunday(std::chrono::year y);

}  // namespace nightdesk::nyse
