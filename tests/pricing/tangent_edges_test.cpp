// The fitted tangent-edge values (tangent_edges.h) against the normalised Black function at the exact edges,
// and solves whose beta sits on the fitted branch boundaries.
#include "pricing/tangent_edges.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "pricing/normalised_black.h"
#include "pricing/normalised_implied_volatility.h"

namespace nightdesk::pricing {
namespace {

// The tangent's edges for x = -y^2 in long double (s_l = s_c - ... cancels for small y: 64 bits keep ~1e-19 / y).
struct ExactEdges {
  double s_l, s_u, gap;
};
ExactEdges exact_edges(double y) {
  const long double a = static_cast<long double>(y) * y;
  // 1 - erfcx(y) = e^a erf(y) - expm1(a): no cancellation against 1 (erfc near 1 would cost y digits).
  const long double gap = std::exp(a) * std::erf(static_cast<long double>(y)) - std::expm1(a);
  const long double s_c = std::sqrt(2.0L * a);
  const long double root_half_pi = std::sqrt(std::acos(-1.0L) / 2.0L);
  return {static_cast<double>(s_c - root_half_pi * gap), static_cast<double>(s_c + root_half_pi * (2.0L - gap)),
          static_cast<double>(gap / (2.0L * y))};
}

// y from 1e-4 to 4 on a log scale, then 0.01 steps, every piece boundary and its neighbours.
std::vector<double> fitted_range() {
  std::vector<double> ys;
  for (int i = 0; i <= 600; ++i) ys.push_back(1e-4 * std::pow(10.0, 4.0 * i / 600.0));
  for (int i = 0; i < 400; ++i) ys.push_back(0.01 * i + 0.005);
  for (int piece = 1; piece < tangent_edge_fit::kPieces; ++piece) {
    const double edge = piece / tangent_edge_fit::kPiecesPerUnitY;
    ys.insert(ys.end(), {std::nextafter(edge, 0.0), edge, std::nextafter(edge, 10.0)});
  }
  ys.push_back(std::nextafter(tangent_edge_fit::kYMax, 0.0));
  return ys;
}

double relative(double fitted, double exact) { return std::fabs(fitted - exact) / std::fabs(exact); }

// Bound: 1e-11 relative (measured max over this set 9.4e-13, printed): the fit's truncation is ~1e-12 on values
// of order 0.01-1, the exact evaluation good to a few 1e-16. Also the lower guess's ln Phi(-z(s_l)) and
// F'(0) = b_l / f(s_l) (the other guess data are derivatives, covered by the solves' accuracy tests).
TEST(TangentEdges, FittedValuesMatchTheExactEdgesAcrossTheFittedRange) {
  double worst[7] = {};
  for (const double y : fitted_range()) {
    const double x = -y * y;
    const TangentEdges fit = with_fitted_vegas(fitted_tangent_edges(x));
    ASSERT_TRUE(fit.in_range) << y;
    const ExactEdges exact = exact_edges(y);
    const double b_max = std::exp(0.5 * x);
    const PriceAndVega lower = normalised_otm_black_and_vega(x, exact.s_l);
    const PriceAndVega upper = normalised_otm_black_complement_and_vega(x, exact.s_u);
    const double errors[5] = {relative(b_max * std::fabs(x) * fit.lower_price, lower.price),
                              relative(b_max * fit.lower_vega, lower.vega),
                              relative(b_max * fit.upper_gap, upper.price),
                              relative(b_max * fit.upper_vega, upper.vega), relative(fit.gap, exact.gap)};
    const LowerGuessFit lower_guess = fitted_lower_guess(fit);
    const long double z = std::fabs(x) / (std::sqrt(3.0L) * exact.s_l);
    const long double cdf = 0.5L * std::erfc(z / std::sqrt(2.0L));
    const long double lower_map = 2.0L * std::acos(-1.0L) / std::sqrt(27.0L) * std::fabs(x) * cdf * cdf * cdf;
    const double guess_errors[2] = {relative(lower_guess.log_cdf, static_cast<double>(std::log(cdf))),
                                    relative(lower_guess.left_slope, static_cast<double>(lower.price / lower_map))};
    for (int q = 0; q < 7; ++q) {
      const double error = q < 5 ? errors[q] : guess_errors[q - 5];
      EXPECT_LE(error, 1e-11) << "quantity " << q << " y " << y;
      worst[q] = std::max(worst[q], error);
    }
  }
  std::printf("tangent edges, max relative error: b_l %.2g, v_l %.2g, b_max - b_u %.2g, v_u %.2g, b_c %.2g, "
              "ln Phi(-z_l) %.2g, F'(0) %.2g\n", worst[0], worst[1], worst[2], worst[3], worst[4], worst[5], worst[6]);
}

TEST(TangentEdges, OutsideTheFittedRangeIsReportedSoTheSolverEvaluatesExactly) {
  for (const double x : {0.0, -1e-13, -0.999e-8, -16.0, -16.5, -400.0, -std::numeric_limits<double>::infinity(),
                         std::numeric_limits<double>::quiet_NaN()}) {
    EXPECT_FALSE(fitted_tangent_edges(x).in_range) << x;
  }
  EXPECT_TRUE(fitted_tangent_edges(-1.0001e-8).in_range);
  EXPECT_TRUE(fitted_tangent_edges(-15.99).in_range);
}

// beta just either side of the fitted b_l, b_c and b_u (the branch tests use the fitted values, the brackets the
// exact edges): every solve converges and reprices within 1e-12, in and out of the fitted range.
TEST(TangentEdges, PricesOnTheFittedBranchBoundariesSolveFromEitherSide) {
  double worst = 0.0;
  int solves = 0;
  for (const double y : {2e-6, 9e-5, 1.1e-4, 1e-3, 0.05, 0.3, 0.7, 1.0, 1.26, 2.0, 3.1, 3.999, 4.0, 4.5}) {
    const double x = -y * y;
    const double b_max = std::exp(0.5 * x);
    const TangentEdges fit = fitted_tangent_edges(x);
    const ExactEdges exact = exact_edges(y);
    const double b_l = fit.in_range ? b_max * std::fabs(x) * fit.lower_price : normalised_otm_black(x, exact.s_l);
    const double b_c = fit.in_range ? b_max * y * fit.gap : b_max * y * exact.gap;
    const double c_u = fit.in_range ? b_max * fit.upper_gap : normalised_otm_black_complement(x, exact.s_u);
    for (const double factor : {1.0 - 1e-9, 1.0 - 1e-13, 1.0, 1.0 + 1e-13, 1.0 + 1e-9}) {
      for (const double beta : {b_l * factor, b_c * factor, (b_max - c_u) * factor}) {
        if (!(beta > 0.0 && beta < b_max)) continue;
        const TotalVolatilitySolve solve = normalised_implied_total_volatility(x, beta, b_max - beta);
        ASSERT_TRUE(solve.converged) << "y " << y << " beta " << beta;
        const double error = std::fabs(normalised_otm_black(x, solve.total_volatility) - beta) / beta;
        EXPECT_LE(error, 1e-12) << "y " << y << " beta " << beta;
        worst = std::max(worst, error);
        ++solves;
      }
    }
  }
  std::printf("branch boundaries: %d solves, max relative price error %.2g\n", solves, worst);
}

}  // namespace
}  // namespace nightdesk::pricing
