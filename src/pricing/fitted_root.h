// A branch's root of "Let's Be Rational" fitted as s / s_edge, a piecewise polynomial in y = sqrt|x| and ln t (t the
// position of beta between 0 and the branch's edge, lower_guess.h and upper_guess.h): the evaluation both fits share.
// Pure, inline, any thread. Internal to src/pricing.
#pragma once

#include <algorithm>

namespace nightdesk::pricing {

// Fit: a type with the generated header's constants as static members (kYPieces, kLogTPieces, kDegree, kYMax,
// kLogTMin, kCoefficients[y piece][ln t piece][p][q], the u^p v^q coefficient in the pieces' local variables). The
// fitted ratio at (y, log_t), or 0 outside [0, kYMax) x [kLogTMin, 0) (the caller then takes the rational guess).
template <typename Fit>
[[gnu::always_inline]] inline double fitted_volatility_ratio(double y, double log_t) {
  using fit = Fit;
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
