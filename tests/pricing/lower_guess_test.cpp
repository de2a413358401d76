// The lower branch's fitted guess (lower_guess.h) against the solved root, and the lower branch's evaluation count
// inside and beyond the fit.
#include "pricing/lower_guess.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "fitted_root_check.h"
#include "pricing/normalised_black.h"
#include "pricing/normalised_implied_volatility.h"

namespace nightdesk::pricing {
namespace {

// s_l for x = -y^2 in long double (s_c - sqrt(pi/2) (1 - erfcx(y)), without cancellation against 1).
double exact_s_l(double y) {
  const long double a = static_cast<long double>(y) * y;
  const long double gap = std::exp(a) * std::erf(static_cast<long double>(y)) - std::expm1(a);
  return static_cast<double>(std::sqrt(2.0L * a) - std::sqrt(std::acos(-1.0L) / 2.0L) * gap);
}

// The root s for beta = t b(x, s_l), from the full solve (accurate to ~1e-14 here).
double root(double y, double log_t) {
  const double x = -y * y;
  const double beta = normalised_otm_black(x, exact_s_l(y)) * std::exp(log_t);
  return normalised_implied_total_volatility(x, beta, std::exp(0.5 * x) - beta).total_volatility;
}

// Bound 1e-6 (generator's max at random points 2.4e-7): one Householder(3) step from within d leaves ~0.13 d^4
// times the elasticity (<= ~100 on this branch), far below the 1e-20 the solver's a-priori bound asks for.
TEST(LowerGuessFit, WithinAMillionthOfTheRootAcrossTheFittedRange) {
  double worst = 0.0;
  check_fit_within_a_millionth(exact_s_l, fitted_lower_volatility_ratio, root, worst);
  std::printf("lower guess fit: max relative error %.3g\n", worst);
}

TEST(LowerGuessFit, OutsideTheFittedRangeIsZeroSoTheRationalGuessIsTaken) {
  EXPECT_EQ(fitted_lower_volatility_ratio(1.0, -20.000001), 0.0);
  EXPECT_EQ(fitted_lower_volatility_ratio(1.0, 0.0), 0.0);
  EXPECT_EQ(fitted_lower_volatility_ratio(4.0, -1.0), 0.0);
  EXPECT_EQ(fitted_lower_volatility_ratio(-1.0, -1.0), 0.0);
  EXPECT_EQ(fitted_lower_volatility_ratio(std::nan(""), -1.0), 0.0);
  EXPECT_EQ(fitted_lower_volatility_ratio(1.0, std::nan("")), 0.0);
  EXPECT_GT(fitted_lower_volatility_ratio(1.0, -19.999999), 0.0);
}

// Inside the fit one evaluation settles, to rounding: |x| from 1e-4 to 15.9, beta from b_l e^-19.9 to b_l.
TEST(NormalisedImpliedVolatility, LowerBranchInsideTheFitSettlesAfterOneEvaluation) {
  for (double y : {0.01, 0.1, 0.5, 0.999, 1.0, 1.7, 2.5, 3.2, 3.99}) {
    const double x = -y * y;
    const double b_l = normalised_otm_black(x, exact_s_l(y));
    for (double log_t : {-19.9, -12.0, -5.0, -2.0, -0.7, -0.1, -1e-4}) {
      const double beta = b_l * std::exp(log_t);
      const auto solve = normalised_implied_total_volatility(x, beta, std::exp(0.5 * x) - beta);
      ASSERT_TRUE(solve.converged) << y << " " << log_t;
      EXPECT_EQ(solve.iterations, 1) << y << " " << log_t;
      const double repriced = normalised_otm_black(x, solve.total_volatility);
      EXPECT_NEAR(repriced, beta, 1e-13 * beta) << y << " " << log_t;
    }
  }
}

// Beyond the fit (beta below b_l e^-20, deep out of the money) the rational guess is ~2% off: two Householder(3)
// steps, as before the fit.
TEST(NormalisedImpliedVolatility, LowerBranchBeyondTheFitTakesTwoEvaluations) {
  for (double y : {0.3, 1.0, 2.0}) {
    const double x = -y * y;
    const double b_l = normalised_otm_black(x, exact_s_l(y));
    for (double log_t : {-25.0, -60.0, -200.0}) {
      const double beta = b_l * std::exp(log_t);
      const auto solve = normalised_implied_total_volatility(x, beta, std::exp(0.5 * x) - beta);
      ASSERT_TRUE(solve.converged) << y << " " << log_t;
      EXPECT_EQ(solve.iterations, 2) << y << " " << log_t;
      const double repriced = normalised_otm_black(x, solve.total_volatility);
      EXPECT_NEAR(repriced, beta, 1e-13 * beta) << y << " " << log_t;
    }
  }
}

}  // namespace
}  // namespace nightdesk::pricing
