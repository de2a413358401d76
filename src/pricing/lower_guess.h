// The lower branch's initial guess of "Let's Be Rational" (beta below b_l = b(x, s_l)) from a 2-D fit of the root
// itself: pure, inline, any thread. Internal to src/pricing.
#pragma once

#include "pricing/fitted_root.h"
#include "pricing/lower_guess_fit.h"

namespace nightdesk::pricing {

// s / s_l at y = sqrt|x| in [0, 4) and log_t = ln(beta / b_l) in [-20, 0), or 0 outside (the caller then takes the
// rational guess). Fitted offline (tools/fit_branch_guess.cpp lower -> lower_guess_fit.h: 4 x 8 pieces of degree 7 in
// each variable, 16 KiB) to ~2.4e-7 relative: close enough that one Householder(3) step settles (its error ~0.13
// d^4 times the elasticity, <= ~100 here, is far below 1e-20), so the lower branch needs one evaluation of b, not
// two; and no division, inverse normal or log of the rational guess on the chain, only ln t and two polynomials
// (after ln t because the piece in ln t selects the coefficients).
[[gnu::always_inline]] inline double fitted_lower_volatility_ratio(double y, double log_t) {
  return fitted_volatility_ratio<lower_guess_fit::Fit>(y, log_t);
}

}  // namespace nightdesk::pricing
