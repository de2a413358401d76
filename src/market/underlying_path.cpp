#include "market/underlying_path.h"

#include <algorithm>
#include <cmath>

namespace nightdesk::market {

void UnderlyingPath::advance(double years) {
  if (years <= 0) return;
  double drift = p_.rate - p_.dividend;
  if (p_.model == PathModel::gbm) {
    double s = p_.vol;
    spot_ *= std::exp((drift - 0.5 * s * s) * years + s * std::sqrt(years) * rng_.normal());
    return;
  }
  constexpr double kMaxStep = 1.0 / (252 * 6.5);  // one trading hour
  int steps = std::max(1, static_cast<int>(std::ceil(years / kMaxStep)));
  double dt = years / steps, sqrt_dt = std::sqrt(dt);
  for (int i = 0; i < steps; ++i) {
    // Full-truncation Euler: the variance may dip below zero between steps but is used as max(v, 0).
    double v = std::max(var_, 0.0);
    double z1 = rng_.normal();
    double z2 = p_.rho * z1 + std::sqrt(1 - p_.rho * p_.rho) * rng_.normal();
    spot_ *= std::exp((drift - 0.5 * v) * dt + std::sqrt(v) * sqrt_dt * z1);
    var_ += p_.kappa * (p_.theta - v) * dt + p_.xi * std::sqrt(v) * sqrt_dt * z2;
  }
}

}  // namespace nightdesk::market
