// Accuracy of the branch-free exp/log/normal CDF against libm (long double reference for the CDF).
#include "pricing/branchless_math.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace nightdesk::pricing {
namespace {

TEST(BranchlessMath, ExpWithinTwoUlpOfLibm) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> arg(-708.0, 709.0);
  double worst = 0;
  for (int i = 0; i < 200'000; ++i) {
    const double x = arg(rng);
    worst = std::max(worst, std::abs(branchless_exp(x) - std::exp(x)) / std::exp(x));
  }
  EXPECT_LT(worst, 4.5e-16);  // measured 2.2e-16
}

TEST(BranchlessMath, ExpOutsideRange_FlushesToZeroOrInfinity) {
  EXPECT_EQ(branchless_exp(-800.0), 0.0);
  EXPECT_TRUE(std::isinf(branchless_exp(800.0)));
  EXPECT_EQ(branchless_exp(0.0), 1.0);
}

TEST(BranchlessMath, LogWithinTwoUlpOfLibm) {
  std::mt19937_64 rng(8);
  std::uniform_real_distribution<double> exponent(-700.0, 700.0);
  double worst = 0;
  for (int i = 0; i < 200'000; ++i) {
    const double x = std::exp(exponent(rng));
    const double ref = std::log(x);
    if (std::abs(ref) > 1e-300) worst = std::max(worst, std::abs(branchless_log(x) - ref) / std::abs(ref));
  }
  EXPECT_LT(worst, 6e-16);  // measured 3.1e-16
  EXPECT_EQ(branchless_log(1.0), 0.0);
  EXPECT_NEAR(branchless_log(1.0 + 1e-12), std::log(1.0 + 1e-12), 2e-28);
}

TEST(BranchlessMath, NormalCdfRelativeAccuracyInBothTails) {
  std::mt19937_64 rng(9);
  std::uniform_real_distribution<double> arg(-37.0, 9.0);
  double worst = 0;
  for (int i = 0; i < 200'000; ++i) {
    const double x = arg(rng);
    const long double ref = 0.5L * std::erfc(-static_cast<long double>(x) / std::sqrt(2.0L));
    if (ref > 1e-300L) {
      worst = std::max(worst, static_cast<double>(std::abs(branchless_normal_cdf(x) - ref) / ref));
    }
  }
  EXPECT_LT(worst, 2e-15);  // measured 8e-16
}

TEST(BranchlessMath, NormalCdfIsSymmetric_SumsToOne) {
  for (double x = -8.0; x <= 8.0; x += 0.01) {
    EXPECT_NEAR(branchless_normal_cdf(x) + branchless_normal_cdf(-x), 1.0, 2.3e-16) << x;
  }
}

TEST(BranchlessMath, NormalPdfMatchesDefinition) {
  for (double x = -30.0; x <= 30.0; x += 0.37) {
    const double ref = std::exp(-0.5L * static_cast<long double>(x) * x) / std::sqrt(2.0L * 3.14159265358979323846L);
    EXPECT_NEAR(branchless_normal_pdf(x) / ref, 1.0, 1e-15) << x;
  }
}

}  // namespace
}  // namespace nightdesk::pricing
