// The bivariate normal CDF against closed-form special cases.
#include "pricing/bivariate_normal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <thread>
#include <vector>

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

// Each thread keeps the quadrature nodes of its last few correlations: values must not depend on which
// correlations came before (more than the kept ones, alternating signs and rules, and -0 next to 0).
TEST(BivariateNormal, ValueDoesNotDependOnEarlierCorrelations) {
  const std::vector<double> rhos = {0.786, -0.786, 0.2, -0.5, 0.6, 0.9, -0.91, 0.0, -0.0, 0.786, 0.1, -0.786};
  auto value = [](double rho) { return bivariate_normal_cdf(0.37, -0.81, rho); };
  std::vector<double> after_others;
  for (int round = 0; round < 3; ++round)
    for (double rho : rhos) after_others.push_back(value(rho));
  for (std::size_t i = 0; i < after_others.size(); ++i) {
    double first_on_thread = 0;
    std::thread([&] { first_on_thread = value(rhos[i % rhos.size()]); }).join();
    EXPECT_EQ(after_others[i], first_on_thread) << "rho " << rhos[i % rhos.size()] << " call " << i;
  }
}

}  // namespace
}  // namespace nightdesk::pricing
