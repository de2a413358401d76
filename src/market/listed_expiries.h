// Listed expiries and strike grids for the synthetic market, on the real NYSE calendar: weekly Friday
// expiries, monthly third-Friday expiries, each moved to the previous trading day when the Friday is a
// holiday (Good Friday, Juneteenth ...). Pure functions; safe from any thread.
#pragma once

#include <vector>

#include "common/fixed_point.h"
#include "common/trading_calendar.h"

namespace nightdesk::market {

struct ExpiryListing {
  int weeklies = 6;   // weekly expiries listed (the next N Fridays that are not monthly)
  int monthlies = 8;  // monthly expiries listed (the next N third Fridays)
};

// Expiries listed on `today` (today's own expiry included), ascending and unique.
Result<std::vector<Date>> listed_expiries(const TradingCalendar& calendar, Date today, const ExpiryListing& listing);

// The third Friday of the month of `d`.
Date third_friday(Date d);

// Strikes listed around `spot` for an expiry `years` away with ATM vol `vol`: an increment that grows with
// the price level and the tenor (1 near the money for SPY-like prices, 5 further out and for long expiries),
// covering about +/- 4 standard deviations, capped at `max_strikes`. Ascending.
std::vector<Price> strike_grid(double spot, double years, double vol, int max_strikes = 120);

}  // namespace nightdesk::market
