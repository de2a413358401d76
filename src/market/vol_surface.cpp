#include "market/vol_surface.h"

#include <algorithm>
#include <cmath>

namespace nightdesk::market {

double VolSurface::atm(double years) const {
  double w = std::exp(-std::max(years, 0.0) / term_years);
  return atm_long + (atm_short - atm_long) * w;
}

double VolSurface::implied_vol(double strike, double forward, double years) const {
  double t = std::max(years, 1.0 / (365 * 24));
  // Moneyness in standard deviations of a year: short expiries see the same strike as further out.
  double x = std::log(strike / forward) / std::sqrt(t);
  x = std::clamp(x, -3.0, 3.0);  // keep the wings finite
  double vol = atm(t) + skew * x + smile * x * x * std::min(1.0, std::sqrt(t) * 2);
  return std::max(vol, floor);
}

}  // namespace nightdesk::market
