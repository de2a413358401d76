#include "market/listed_expiries.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace nightdesk::market {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

// A Friday expiry falls back to Thursday (or earlier) when the exchange is closed that day.
Result<Date> tradable_expiry(const TradingCalendar& calendar, Date friday) {
  auto open = calendar.is_trading_day(friday);
  if (!open) return std::unexpected(open.error());
  if (*open) return friday;
  return calendar.previous_trading_day(friday);
}

}  // namespace

Date third_friday(Date d) {
  using namespace std::chrono;
  return Date{year_month_weekday{d.year(), d.month(), weekday_indexed{Friday, 3}}};
}

Result<std::vector<Date>> listed_expiries(const TradingCalendar& calendar, Date today, const ExpiryListing& listing) {
  std::set<Date> out;
  // Monthlies: the third Friday of this month (if not yet past) and the months after.
  Date month{today.year(), today.month(), std::chrono::day{1}};
  for (int found = 0, step = 0; found < listing.monthlies && step < listing.monthlies + 2; ++step) {
    auto expiry = tradable_expiry(calendar, third_friday(month));
    if (!expiry) return std::unexpected(expiry.error());
    if (sys_days{*expiry} >= sys_days{today}) {
      out.insert(*expiry);
      ++found;
    }
    month += std::chrono::months{1};
  }
  // Weeklies: the following Fridays that are not already monthlies.
  std::chrono::weekday wd{sys_days{today}};
  sys_days friday = sys_days{today} + days{(std::chrono::Friday - wd).count()};
  for (int found = 0; found < listing.weeklies; friday += days{7}) {
    Date f{friday};
    if (f == third_friday(f)) continue;
    auto expiry = tradable_expiry(calendar, f);
    if (!expiry) return std::unexpected(expiry.error());
    if (sys_days{*expiry} < sys_days{today}) continue;
    out.insert(*expiry);
    ++found;
  }
  return std::vector<Date>(out.begin(), out.end());
}

std::vector<Price> strike_grid(double spot, double years, double vol, int max_strikes) {
  // Increment by price level, wider for long tenors (as exchanges list them).
  double step = spot < 25 ? 0.5 : spot < 100 ? 1.0 : spot < 250 ? (years > 0.25 ? 5.0 : 1.0) : (years > 0.1 ? 5.0 : 1.0);
  if (spot >= 1000) step = years > 0.1 ? 25.0 : 5.0;
  double half_width = std::max(4.0 * vol * std::sqrt(std::max(years, 1.0 / 365)) * spot, 5 * step);
  half_width = std::min(half_width, step * max_strikes / 2);
  double lo = std::max(step, std::floor((spot - half_width) / step) * step);
  double hi = std::ceil((spot + half_width) / step) * step;
  std::vector<Price> out;
  for (double k = lo; k <= hi + 1e-9; k += step)
    out.push_back(*Price::from_double(k, Rounding::nearest));
  return out;
}

}  // namespace nightdesk::market
