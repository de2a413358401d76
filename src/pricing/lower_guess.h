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
// two; and no division, inverse normal or log of the rational guess on the chain, only ln t and two polynomials
// (after ln t because the piece in ln t selects the coefficients).
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
  // The polynomials in u first (independent of each other), then one in v; each in two Horner passes of degree 3
  // joined by u^4 or v^4. The piece in ln t selects the coefficients, so the polynomials in u follow ln t too: 4
  // dependent multiply-adds deep instead of 7.
  static_assert(fit::kDegree == 7, "the splits below are written out for degree 7");
  const double u2 = u * u;
  const double u4 = u2 * u2;
  double in_u[fit::kDegree + 1];
#pragma GCC unroll 8
  for (int q = 0; q <= fit::kDegree; ++q) {
    const double low = ((c[3][q] * u + c[2][q]) * u + c[1][q]) * u + c[0][q];
    const double high = ((c[7][q] * u + c[6][q]) * u + c[5][q]) * u + c[4][q];
    in_u[q] = high * u4 + low;
  }
  const double v2 = v * v;
  const double v4 = v2 * v2;
  const double low = ((in_u[3] * v + in_u[2]) * v + in_u[1]) * v + in_u[0];
  const double high = ((in_u[7] * v + in_u[6]) * v + in_u[5]) * v + in_u[4];
  return high * v4 + low;
}

}  // namespace nightdesk::pricing
