// Error function, scaled complementary error function and the normal distribution, accurate to double
// precision (W. J. Cody's rational Chebyshev approximations, Wichura's AS241). Pure functions; any thread.
#pragma once

#include "pricing/erfcx.h"

namespace nightdesk::pricing::special {

// erfcx(x) = exp(x^2) erfc(x): inline, in erfcx.h.

// erfc(x), relative accuracy ~1e-16 down to underflow (x ~ 26.5).
double erfc(double x);

// erf(x), relative accuracy ~1e-16.
double erf(double x);

// Standard normal density.
double normal_pdf(double z);

// Standard normal cumulative distribution Phi(z); relative accuracy ~1e-16 in both tails (0 below -38.5).
double normal_cdf(double z);

// Phi^{-1}(p) for 0 < p < 1 (Wichura's AS241, relative accuracy ~1e-16); -inf at 0, +inf at 1, NaN outside.
double inverse_normal_cdf(double p);

// Phi^{-1}(exp(log_p)) for log_p <= 0, without forming p where p < 0.075 (AS241's tail works from ln p): for a
// caller that has ln p, or p as a power (the implied volatility guess needs Phi^{-1}(q^(1/3)) = this of ln(q)/3).
double inverse_normal_cdf_of_log(double log_p);

}  // namespace nightdesk::pricing::special
