// The lower branch's initial guess of "Let's Be Rational" (beta below b_l = b(x, s_l)) from a 2-D fit of the root
// itself: pure, inline, any thread. Internal to src/pricing.
#pragma once

#include <algorithm>

#include "pricing/lower_guess_fit.h"

namespace nightdesk::pricing {

// s / s_l at y = sqrt|x| in [0, 4) and log_t = ln(beta / b_l) in [-20, 0), or 0 outside (the caller then takes the
// rational guess). Fitted offline (tools/fit_lower_guess.cpp -> lower_guess_fit.h: 4 x 8 pieces of degree 7 in
// each variable, 16 KiB) to ~2.4e-7 relative: close enough that one Householder(3) step settles (its error ~0.13
// d^4 times the elasticity, <= ~100 here, is far below 1e-20), so the lower branch needs one evaluation of b, not
// two; and no division, inverse normal or log of the rational guess on the chain, only ln t and one polynomial in ln t.
[[gnu::always_inline]] inline double fitted_lower_volatility_ratio(double y, double log_t) {
  namespace fit = lower_guess_fit;
  constexpr double kLogTPiecesPerUnit = fit::kLogTPieces / -fit::kLogTMin;
  constexpr double kYPiecesPerUnit = fit::kYPieces / fit::kYMax;
  if (!(y >= 0.0 && y < fit::kYMax && log_t >= fit::kLogTMin && log_t < 0.0)) return 0.0;
  const double scaled_y = y * kYPiecesPerUnit;
  const double scaled_t = (log_t - fit::kLogTMin) * kLogTPiecesPerUnit;
  const int y_piece = std::min(static_cast<int>(scaled_y), fit::kYPieces - 1);
  const int t_piece = std::min(static_cast<int>(scaled_t), fit::kLogTPieces - 1);
  const double u = 2.0 * (scaled_y - y_piece) - 1.0;
  const double v = 2.0 * (scaled_t - t_piece) - 1.0;
  const auto& c = fit::kCoefficients[y_piece][t_piece];
  // y is known long before ln t (which needs b_l, fitted from y): the polynomials in u are independent of each other
  // and of t, so they run beside the tangent fit, and only the polynomial in v follows ln t.
  double in_u[fit::kDegree + 1];
#pragma GCC unroll 8
  for (int q = 0; q <= fit::kDegree; ++q) {
    double sum = c[fit::kDegree][q];
#pragma GCC unroll 8
    for (int p = fit::kDegree - 1; p >= 0; --p) sum = sum * u + c[p][q];
    in_u[q] = sum;
  }
  // In v as two Horner passes of degree 3 joined by v^4: 4 dependent multiply-adds instead of 7.
  static_assert(fit::kDegree == 7, "the split below is written out for degree 7");
  const double v2 = v * v;
  const double v4 = v2 * v2;
  const double low = ((in_u[3] * v + in_u[2]) * v + in_u[1]) * v + in_u[0];
  const double high = ((in_u[7] * v + in_u[6]) * v + in_u[5]) * v + in_u[4];
  const double ratio = high * v4 + low;
  return ratio;
}

}  // namespace nightdesk::pricing
