// Underlying price paths for the synthetic market: geometric Brownian motion, or Heston stochastic
// variance (whose level also moves the implied-vol surface). Deterministic from the seed. One owner thread.
#pragma once

#include <cstdint>

#include "market/seeded_random.h"

namespace nightdesk::market {

enum class PathModel : std::uint8_t { gbm, heston };

struct PathParams {
  PathModel model = PathModel::gbm;
  double spot = 450.0;
  double rate = 0.04;       // continuously compounded, annual
  double dividend = 0.013;  // continuous yield, annual
  double vol = 0.18;        // GBM volatility, annual
  // Heston: dv = kappa (theta - v) dt + xi sqrt(v) dW2, corr(dW1, dW2) = rho; v0 is the starting variance.
  double v0 = 0.0324, kappa = 3.0, theta = 0.0324, xi = 0.4, rho = -0.7;
};

class UnderlyingPath {
 public:
  UnderlyingPath(PathParams params, std::uint64_t seed) : p_(params), rng_(seed), spot_(params.spot), var_(params.v0) {
    if (p_.model == PathModel::gbm) var_ = p_.vol * p_.vol;
  }
  // Moves the path forward by `years` (>= 0); Heston is stepped in sub-steps of at most one trading hour.
  void advance(double years);
  double spot() const { return spot_; }
  // The instantaneous variance now (constant under GBM).
  double variance() const { return var_ > 0 ? var_ : 0.0; }
  const PathParams& params() const { return p_; }

 private:
  PathParams p_;
  SeededRandom rng_;
  double spot_, var_;
};

}  // namespace nightdesk::market
