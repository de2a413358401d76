// The upper branch's fitted guess (upper_guess.h) against the solved root, and the upper branch's evaluation count
// inside and beyond the fit.
#include "pricing/upper_guess.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "fitted_root_check.h"
#include "pricing/normalised_black.h"
#include "pricing/normalised_implied_volatility.h"

namespace nightdesk::pricing {
namespace {

// s_u for x = -y^2 in long double: s_c + sqrt(pi/2) (1 + erfcx(y)).
double exact_s_u(double y) {
  const long double a = static_cast<long double>(y) * y;
  const long double erfcx = std::exp(a) * std::erfc(static_cast<long double>(y));
  return static_cast<double>(std::sqrt(2.0L * a) + std::sqrt(std::acos(-1.0L) / 2.0L) * (1.0L + erfcx));
}

// The distance to the bound d = t (b_max - b(x, s_u)).
double distance_at(double y, double log_t) {
  return normalised_otm_black_complement(-y * y, exact_s_u(y)) * std::exp(log_t);
}

// The root s at that distance, from the full solve (accurate to ~1e-14 here).
double root(double y, double log_t) {
  const double x = -y * y;
  const double distance = distance_at(y, log_t);
  return normalised_implied_total_volatility(x, std::exp(0.5 * x) - distance, distance).total_volatility;
}

// Bound 1e-6 (generator's max at random points 5.2e-7): one Householder(3) step from within d leaves ~0.13 d^4 times
// the elasticity, far below the 1e-20 the solver's a-priori bound asks for.
TEST(UpperGuessFit, WithinAMillionthOfTheRootAcrossTheFittedRange) {
  double worst = 0.0;
  check_fit_within_a_millionth(exact_s_u, fitted_upper_volatility_ratio, root, worst);
  std::printf("upper guess fit: max relative error %.3g\n", worst);
}

TEST(UpperGuessFit, OutsideTheFittedRangeIsZeroSoTheRationalGuessIsTaken) {
  EXPECT_EQ(fitted_upper_volatility_ratio(1.0, -20.000001), 0.0);
  EXPECT_EQ(fitted_upper_volatility_ratio(1.0, 0.0), 0.0);
  EXPECT_EQ(fitted_upper_volatility_ratio(4.0, -1.0), 0.0);
  EXPECT_EQ(fitted_upper_volatility_ratio(-1.0, -1.0), 0.0);
  EXPECT_EQ(fitted_upper_volatility_ratio(std::nan(""), -1.0), 0.0);
  EXPECT_EQ(fitted_upper_volatility_ratio(1.0, std::nan("")), 0.0);
  EXPECT_GT(fitted_upper_volatility_ratio(1.0, -19.999999), 0.0);
}

// Inside the fit one evaluation settles, to rounding: |x| from 1e-4 to 15.9, the distance to the bound from
// (b_max - b_u) e^-19.9 to b_max - b_u.
TEST(NormalisedImpliedVolatility, UpperBranchInsideTheFitSettlesAfterOneEvaluation) {
  for (double y : {0.01, 0.1, 0.5, 0.999, 1.0, 1.7, 2.5, 3.2, 3.99}) {
    const double x = -y * y;
    for (double log_t : {-19.9, -12.0, -5.0, -2.0, -0.7, -0.1, -1e-4}) {
      const double distance = distance_at(y, log_t);
      const double beta = std::exp(0.5 * x) - distance;
      const auto solve = normalised_implied_total_volatility(x, beta, distance);
      ASSERT_TRUE(solve.converged) << y << " " << log_t;
      EXPECT_EQ(solve.iterations, 1) << y << " " << log_t;
      const double complement = normalised_otm_black_complement(x, solve.total_volatility);
      EXPECT_NEAR(complement, distance, 1e-13 * distance) << y << " " << log_t;
      EXPECT_NEAR(normalised_otm_black(x, solve.total_volatility), beta, 1e-13 * beta) << y << " " << log_t;
    }
  }
}

// Beyond the fit (the distance below (b_max - b_u) e^-20, prices a hair below the bound) the rational guess and the
// degree-7 model, as before the fit: converged and repriced within 1e-12.
TEST(NormalisedImpliedVolatility, UpperBranchBeyondTheFitStillSolves) {
  for (double y : {0.3, 1.0, 2.0}) {
    const double x = -y * y;
    for (double log_t : {-21.0, -25.0}) {
      const double distance = distance_at(y, log_t);
      const double beta = std::exp(0.5 * x) - distance;
      const auto solve = normalised_implied_total_volatility(x, beta, distance);
      ASSERT_TRUE(solve.converged) << y << " " << log_t;
      EXPECT_LE(solve.iterations, 2) << y << " " << log_t;
      const double complement = normalised_otm_black_complement(x, solve.total_volatility);
      EXPECT_NEAR(complement, distance, 1e-12 * distance) << y << " " << log_t;
    }
  }
}

}  // namespace
}  // namespace nightdesk::pricing
