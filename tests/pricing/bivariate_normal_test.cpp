// The bivariate normal CDF against closed-form special cases.
#include "pricing/bivariate_normal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace nightdesk::pricing {
namespace {

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

TEST(BivariateNormal, AtOrigin_EqualsQuarterPlusArcsine) {
  // Sheppard: P(X<=0, Y<=0) = 1/4 + asin(rho) / (2 pi).
  for (double rho = -0.99; rho <= 0.99; rho += 0.01) {
    EXPECT_NEAR(bivariate_normal_cdf(0, 0, rho), 0.25 + std::asin(rho) / (2 * std::numbers::pi), 1e-15) << rho;
  }
}

TEST(BivariateNormal, ZeroCorrelation_IsProductOfMarginals) {
  for (double a = -4; a <= 4; a += 0.5) {
    for (double b = -4; b <= 4; b += 0.5) {
      EXPECT_NEAR(bivariate_normal_cdf(a, b, 0.0), normal_cdf(a) * normal_cdf(b), 1e-15);
    }
  }
}

TEST(BivariateNormal, PerfectCorrelation_IsMarginalOfMinimum) {
  EXPECT_NEAR(bivariate_normal_cdf(0.3, -0.7, 1.0), normal_cdf(-0.7), 1e-15);
  EXPECT_NEAR(bivariate_normal_cdf(0.3, -0.7, -1.0), std::max(0.0, normal_cdf(0.3) - normal_cdf(0.7)), 1e-15);
}

TEST(BivariateNormal, SymmetricInArguments_AndMonotone) {
  for (double rho : {-0.95, -0.8, -0.5, 0.2, 0.786, 0.93, 0.999}) {
    EXPECT_NEAR(bivariate_normal_cdf(0.4, -1.1, rho), bivariate_normal_cdf(-1.1, 0.4, rho), 1e-15);
    EXPECT_LE(bivariate_normal_cdf(0.4, -1.1, rho), bivariate_normal_cdf(0.5, -1.1, rho));
    // P(X<=a, Y<=b) + P(X<=a, Y>b) = P(X<=a), with P(X<=a, Y>b) = M(a, -b, -rho).
    EXPECT_NEAR(bivariate_normal_cdf(0.4, -1.1, rho) + bivariate_normal_cdf(0.4, 1.1, -rho), normal_cdf(0.4), 1e-14);
  }
}

}  // namespace
}  // namespace nightdesk::pricing
