// The values of the normalised Black function b and its vega at the two edges of Jäckel's tangent (the initial
// guess of "Let's Be Rational"), from a fit in sqrt|x|: pure, inline, any thread. Internal to src/pricing.
//
// For x < 0 the tangent to b(x, .) at the inflection point s_c = sqrt(2|x|) meets 0 at s_l and b_max = e^{x/2}
// at s_u; both depend on x alone, so b(s_l), b'(s_l), b_max - b(s_u), b'(s_u) are functions of x alone.
#pragma once

#include <cmath>

#include "pricing/tangent_edge_fit.h"

namespace nightdesk::pricing {

// Fitted offline (tools/fit_tangent_edges.py -> tangent_edge_fit.h: 16 pieces of degree 10 in y = sqrt|x| on
// [0, 4), Chebyshev interpolation in 40-digit arithmetic, truncation below 1.5e-12 on values of order 0.01-1).
// They replace an evaluation of b at the edge that sat on the guess's dependency chain after the inflection
// point; the fit depends on x alone, so it runs beside the inflection point. Both edges are fitted so that the
// side of b_c that beta is on (known only once b_c is) selects the result instead of starting the work.
// Outside [kFitYMin, kYMax) `in_range` is false and the caller evaluates b exactly: below, s_l = s_c - b_c/v_c
// cancels (relative error ~1e-16/y from rounding, ~4e-13/y from the fitted b_c), and the edge values would no
// longer match b at the computed s_l far inside the solver's bracket slack (1e-6).
struct TangentEdges {
  bool in_range;
  int piece;  // where y = sqrt|x| lies in the fit, and its local variable in [-1, 1]
  double u;
  double y;
  double lower_price;  // b(x, s_l) / (b_max |x|)
  double lower_vega;   // b'(x, s_l) / b_max (with_fitted_vegas)
  double upper_gap;    // (b_max - b(x, s_u)) / b_max
  double upper_vega;   // b'(x, s_u) / b_max (with_fitted_vegas)
  double gap;          // b_c / (b_max y) = (1 - erfcx(y)) / (2 y): b_c = b_max y gap, s_c - s_l = sqrt(2 pi) y gap
};

constexpr double kFitYMin = 1e-4;  // |x| >= 1e-8

namespace detail {
// The fit's quantities first..first+count-1 on `piece` at u: three Horner passes (degrees 3, 3 and 2) joined by
// u^4, 5 dependent multiply-adds instead of one pass's 10, and 2 more instructions (Estrin's full scheme, 4 deep,
// loads 5 more coefficients outside the multiply-adds). y = sqrt|x| is the first thing every solve computes and
// everything after waits for these values, so their latency is the solve's.
template <int first, int count>
[[gnu::always_inline]] inline void evaluate_fit(int piece, double u, double* q) {
  namespace fit = tangent_edge_fit;
  static_assert(fit::kDegree == 10, "the split below is written out for degree 10");
  const auto& c = fit::kCoefficients[piece];
  const double u2 = u * u;
  const double u4 = u2 * u2;
#pragma GCC unroll 8
  for (int j = 0; j < count; ++j) {
    const double* a = c[first + j];
    const double low = ((a[3] * u + a[2]) * u + a[1]) * u + a[0];
    const double middle = ((a[7] * u + a[6]) * u + a[5]) * u + a[4];
    const double high = (a[10] * u + a[9]) * u + a[8];
    q[j] = (high * u4 + middle) * u4 + low;
  }
}
}  // namespace detail

[[gnu::always_inline]] inline TangentEdges fitted_tangent_edges(double x) {
  namespace fit = tangent_edge_fit;
  const double y = std::sqrt(std::fabs(x));
  if (!(y >= kFitYMin && y < fit::kYMax)) return {false, 0, 0.0, y, 0.0, 0.0, 0.0, 0.0, 0.0};
  const double scaled = y * fit::kPiecesPerUnitY;
  const int piece = static_cast<int>(scaled);
  const double u = 2.0 * (scaled - piece) - 1.0;
  // The fitted guesses need the prices only: the vegas (quantities 1 and 3) are left to with_fitted_vegas.
  double lower_price, upper_gap, gap;
  detail::evaluate_fit<0, 1>(piece, u, &lower_price);
  detail::evaluate_fit<2, 1>(piece, u, &upper_gap);
  detail::evaluate_fit<4, 1>(piece, u, &gap);
  return {true, piece, u, y, lower_price, 0.0, upper_gap, 0.0, gap};
}

// `edges` with lower_vega and upper_vega filled in (fitted_tangent_edges leaves them 0). Only when `edges.in_range`.
[[gnu::always_inline]] inline TangentEdges with_fitted_vegas(TangentEdges edges) {
  detail::evaluate_fit<1, 1>(edges.piece, edges.u, &edges.lower_vega);
  detail::evaluate_fit<3, 1>(edges.piece, edges.u, &edges.upper_vega);
  return edges;
}

// The lower branch's guess interpolates the lower map f(s) = (2 pi |x| / sqrt27) Phi(-|x| / (sqrt3 s))^3 as a
// function of beta on [0, b_l] (a rational cubic) and inverts it. Scaled to the unit square, t = beta / b_l and
// F = f / f(s_l), the interpolant's data depend on x alone: F(0) = 0, F(1) = 1, the end slopes and the second
// derivative at t = 1. With them and ln Phi(-z(s_l)), the guess needs beta only from t on: the inflection
// point and the lower map at s_l (an exponential and erfcx after s_l) leave its dependency chain.
// Same fit and generator as TangentEdges; only when `edges.in_range`.
struct LowerGuessFit {
  double log_cdf;          // ln Phi(-z(s_l)), i.e. ln(f(s_l) / (2 pi |x| / sqrt27)) / 3
  double right_slope;      // F'(1)
  double left_slope;       // F'(0)
  double right_curvature;  // F''(1)
};

[[gnu::always_inline]] inline LowerGuessFit fitted_lower_guess(const TangentEdges& edges) {
  double q[4];
  detail::evaluate_fit<5, 4>(edges.piece, edges.u, q);
  return {q[0], q[1], q[2], q[3]};
}

// ln(b_l / (b_max |x|)), so that ln b_l = x/2 + ln|x| + this: the lower branch's ln t = ln beta - ln b_l from
// logarithms that need only x and beta, beside the fit, instead of a division and a logarithm after it. Same fit
// and generator as TangentEdges; only when `edges.in_range`.
[[gnu::always_inline]] inline double fitted_log_lower_price(const TangentEdges& edges) {
  double q;
  detail::evaluate_fit<17, 1>(edges.piece, edges.u, &q);
  return q;
}

// The middle branches' guesses interpolate s(beta) between the tangent's edges and the inflection point (rational
// cubics with the slopes 1/b' at both ends, s'' = 0 at s_c). Scaled to the unit square, t = (beta - b_l) /
// (b_c - b_l) and S = (s - s_l) / (s_c - s_l) (likewise on [b_c, b_u]), their end slopes depend on x alone;
// with TangentEdges::gap they take erfcx off the chain. Only when `edges.in_range`.
struct MiddleGuessFit {
  double left_slope, right_slope;  // dS/dt at t = 0 and 1
};

[[gnu::always_inline]] inline MiddleGuessFit fitted_middle_guess(const TangentEdges& edges, bool below_inflection) {
  double q[2];
  if (below_inflection) {
    detail::evaluate_fit<9, 2>(edges.piece, edges.u, q);
  } else {
    detail::evaluate_fit<11, 2>(edges.piece, edges.u, q);
  }
  return {q[0], q[1]};
}

// The upper branch's guess interpolates the upper map g(s) = Phi(-s/2) as a function of the distance to the
// bound d = b_max - beta on [0, b_max - b_u] and inverts it; on the unit square (t = d / (b_max - b_u),
// G = g / g(s_u)) its data depend on x alone. Only when `edges.in_range`.
struct UpperGuessFit {
  double cdf;              // Phi(-s_u / 2)
  double left_slope;       // G'(0)
  double right_slope;      // G'(1)
  double right_curvature;  // G''(1)
};

[[gnu::always_inline]] inline UpperGuessFit fitted_upper_guess(const TangentEdges& edges) {
  double q[4];
  detail::evaluate_fit<13, 4>(edges.piece, edges.u, q);
  return {q[0], q[1], q[2], q[3]};
}

}  // namespace nightdesk::pricing
