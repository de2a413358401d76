// The closed-form European price and Greeks of one option (generalized Black-Scholes with cost of
// carry b), written branch-free so the batch loop vectorizes and the scalar API shares the exact
// same arithmetic. Internal to src/pricing; pure; any thread.
#pragma once

#include <cmath>

#include "pricing/branchless_math.h"
#include "pricing/greeks.h"

namespace nightdesk::pricing {

// u: spot (bsm) or forward (black76); carry: b = r - q for bsm, 0 for black76; sign: +1 call,
// -1 put; black76: 1.0 when rho must hold the forward fixed (black76), 0.0 for bsm.
// Inputs must be valid (u, k > 0, t >= 0, v >= 0, all finite). Conventions of greeks.h.
// At t == 0 the price is the payoff and only delta is non-zero (nothing is left to decay or to
// be vega-exposed); at v == 0 (t > 0) the price is the discounted intrinsic on the forward.
[[gnu::always_inline]] inline Greeks european_greeks_kernel(double u, double k, double t, double r,
                                                            double carry, double v, double sign,
                                                            double black76) {
  constexpr double kMaxD = 50.0;  // N(+-50) is 1/0 to the last bit; keeps |d|^2 finite
  // Divisions are the slow port in the vectorized chain loop, so there are three here (u/k, the one in
  // log, 1/(sd u)) plus one per normal CDF; 1/sd and 1/t are products of those.
  const double sqrt_t = std::sqrt(t);
  const double sd = v * sqrt_t;
  const bool alive = t > 0;
  const bool spread = sd > 0;
  const double inv_sd_u = 1.0 / (spread ? sd * u : u);  // 1 / (sd u): gamma, and 1/sd below
  const double inv_sd = inv_sd_u * u;
  const double v_over_sqrt_t = v * v * inv_sd;  // v / sqrt(t) without a division (spread only)
  const double df = branchless_exp(-r * t);
  const double carry_df = branchless_exp((carry - r) * t);  // e^{-qT} for bsm
  const double x = branchless_log(u / k) + carry * t;         // log(F/K)
  const double d1_raw = spread ? x * inv_sd + 0.5 * sd : (x > 0 ? kMaxD : (x < 0 ? -kMaxD : 0.0));
  const double d1 = d1_raw > kMaxD ? kMaxD : (d1_raw < -kMaxD ? -kMaxD : d1_raw);
  const double d2_raw = d1 - sd;
  const double d2 = d2_raw < -kMaxD ? -kMaxD : d2_raw;
  const double gauss1 = branchless_exp_minus_half_square(d1);  // shared by n(d1) and N(+-d1)
  const double n1 = 0.39894228040143267794 * gauss1;
  const double nd1 = branchless_normal_cdf_given_gauss(sign * d1, gauss1);  // N(d1) call, N(-d1) put
  const double nd2 = branchless_normal_cdf(sign * d2);
  const double spot_leg = u * carry_df;
  const double strike_leg = k * df;

  Greeks g;
  g.price = sign * (spot_leg * nd1 - strike_leg * nd2);
  g.delta = sign * carry_df * nd1;
  g.gamma = spread ? carry_df * n1 * inv_sd_u : 0.0;
  const double vega = spot_leg * n1 * sqrt_t;
  g.vega = vega;
  const double decay = spread ? -0.5 * spot_leg * n1 * v_over_sqrt_t : 0.0;  // -S e^{(b-r)T} n v/(2 sqrtT)
  const double theta = decay - sign * (carry - r) * spot_leg * nd1 - sign * r * strike_leg * nd2;
  g.theta = alive ? theta : 0.0;
  const double rho = black76 > 0 ? -t * g.price : sign * t * strike_leg * nd2;
  g.rho = rho;
  // Second-order Greeks: only the scalar API reads them (the chain loop drops them as dead code).
  const double inv_t = 1.0 / (alive ? t : 1.0);
  g.vanna = spread ? -carry_df * n1 * d2 * sqrt_t * inv_sd : 0.0;
  g.volga = spread ? vega * d1 * d2 * sqrt_t * inv_sd : 0.0;
  const double delta_drift = spread ? n1 * (carry * inv_sd - 0.5 * d2 * inv_t) : 0.0;
  const double charm = -carry_df * (sign * (carry - r) * nd1 + delta_drift);
  g.charm = alive ? charm : 0.0;
  return g;
}

}  // namespace nightdesk::pricing
