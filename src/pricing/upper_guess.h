// The upper branch's initial guess of "Let's Be Rational" (b_max - beta below b_max - b_u, b_u = b(x, s_u)) from a
// 2-D fit of the root itself: pure, inline, any thread. Internal to src/pricing.
#pragma once

#include "pricing/fitted_root.h"
#include "pricing/upper_guess_fit.h"

namespace nightdesk::pricing {

// s / s_u at y = sqrt|x| in [0, 4) and log_t = ln(d / (b_max - b_u)) in [-20, 0), d = b_max - beta, or 0 outside
// (the caller then takes the rational guess). Fitted offline (tools/fit_branch_guess.cpp upper ->
// upper_guess_fit.h: 4 x 8 pieces of degree 7 in each variable, 16 KiB) to ~5.2e-7 relative: one Householder(3)
// step settles (its error ~0.13 d^4 times the elasticity is far below 1e-20), without the rational guess's inverse
// normal CDF on the chain or the degree-7 model's series.
[[gnu::always_inline]] inline double fitted_upper_volatility_ratio(double y, double log_t) {
  return fitted_volatility_ratio<upper_guess_fit::Fit>(y, log_t);
}

}  // namespace nightdesk::pricing
