#include "market/synthetic_pricing.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace nightdesk::market {
namespace {

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

}  // namespace

TheoreticalValue bsm_value(OptionRight right, double spot, double strike, double years, double rate,
                           double dividend, double vol) {
  bool call = right == OptionRight::call;
  if (years <= 0 || vol <= 0) {
    double intrinsic = std::max(call ? spot - strike : strike - spot, 0.0);
    double delta = intrinsic > 0 ? (call ? 1.0 : -1.0) : 0.0;
    return {intrinsic, delta};
  }
  double sd = vol * std::sqrt(years);
  double d1 = (std::log(spot / strike) + (rate - dividend + 0.5 * vol * vol) * years) / sd;
  double d2 = d1 - sd;
  double dq = std::exp(-dividend * years), dr = std::exp(-rate * years);
  if (call) return {spot * dq * normal_cdf(d1) - strike * dr * normal_cdf(d2), dq * normal_cdf(d1)};
  return {strike * dr * normal_cdf(-d2) - spot * dq * normal_cdf(-d1), -dq * normal_cdf(-d1)};
}

}  // namespace nightdesk::market
