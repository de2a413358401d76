#include "pricing/special_functions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace nightdesk::pricing::special {
namespace {

// Long double (64-bit mantissa) references: three digits more than double.
long double erfcx_reference(long double x) { return std::exp(x * x) * std::erfc(x); }
long double normal_cdf_reference(long double z) { return 0.5L * std::erfc(-z / std::sqrt(2.0L)); }

double relative_error(double value, long double reference) {
  return static_cast<double>(std::fabs((value - reference) / reference));
}

TEST(ScaledErfc, MatchesLongDoubleAcrossAllCodyIntervals) {
  for (double x = -6.0; x <= 26.0; x += 0.0137) {
    EXPECT_LE(relative_error(erfcx(x), erfcx_reference(x)), 1e-15) << "x=" << x;
  }
}

TEST(ScaledErfc, LargeArgumentFollowsAsymptoteOneOverXSqrtPi) {
  const double x = 1e8;
  EXPECT_NEAR(erfcx(x) * x * std::sqrt(M_PI), 1.0, 1e-15);
}

TEST(ScaledErfc, VeryNegativeArgumentOverflowsToInfinityNotNaN) {
  EXPECT_TRUE(std::isinf(erfcx(-30.0)));
  EXPECT_GT(erfcx(-30.0), 0.0);
}

TEST(Erfc, MatchesLongDoubleDownToUnderflow) {
  for (double x = -5.0; x <= 26.0; x += 0.0113) {
    EXPECT_LE(relative_error(erfc(x), std::erfc(static_cast<long double>(x))), 2e-15) << "x=" << x;
  }
  EXPECT_EQ(erfc(27.0), 0.0);
}

TEST(Erf, SmallArgumentKeepsRelativeAccuracy) {
  for (double x : {1e-300, 1e-10, 1e-3, 0.3, 0.5, 0.7, 2.0, 5.0}) {
    EXPECT_LE(relative_error(erf(x), std::erf(static_cast<long double>(x))), 1e-15) << "x=" << x;
    EXPECT_EQ(erf(-x), -erf(x));
  }
}

TEST(NormalCdf, DeepLeftTailKeepsRelativeAccuracy) {
  for (double z = -37.0; z <= 8.0; z += 0.0173) {
    EXPECT_LE(relative_error(normal_cdf(z), normal_cdf_reference(z)), 2e-15) << "z=" << z;
  }
}

TEST(InverseNormalCdf, RoundTripsThroughCdfInBothTails) {
  for (double log10p = -300.0; log10p < -0.302; log10p += 0.0571) {
    const double p = std::pow(10.0, log10p);
    const double z = inverse_normal_cdf(p);
    EXPECT_LE(relative_error(p, normal_cdf_reference(z)), 1e-15 * std::max(1.0, z * z)) << "p=" << p;
    if (p > 1e-10) {  // upper tail: 1 - p carries an absolute rounding error of eps/2
      const double density = std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI);
      EXPECT_NEAR(inverse_normal_cdf(1.0 - p), -z, 1.2e-16 / density + 1e-15 * std::fabs(z)) << "p=" << p;
    }
  }
  EXPECT_EQ(inverse_normal_cdf(0.5), 0.0);
}

TEST(InverseNormalCdf, OutOfDomainGivesInfinitiesOrNaN) {
  EXPECT_EQ(inverse_normal_cdf(0.0), -INFINITY);
  EXPECT_EQ(inverse_normal_cdf(1.0), INFINITY);
  EXPECT_TRUE(std::isnan(inverse_normal_cdf(-0.1)));
  EXPECT_TRUE(std::isnan(inverse_normal_cdf(NAN)));
}

TEST(InverseNormalCdfOfLog, MatchesTheQuantileOfTheExponentialFromDeepTailToCentre) {
  // The tail (p < 0.075) is computed from ln p directly; above, through exp. Both must agree with
  // inverse_normal_cdf(p) up to the rounding of p = exp(ln p) (relative 1e-16 in p moves z by ~1e-16 / z^2).
  for (double log_p = -700.0; log_p < 0.0; log_p += 0.37) {
    const double p = std::exp(log_p);
    const double expected = inverse_normal_cdf(p);
    EXPECT_NEAR(inverse_normal_cdf_of_log(log_p), expected, 4e-15 * std::max(1.0, std::fabs(expected))) << log_p;
  }
  EXPECT_NEAR(inverse_normal_cdf_of_log(std::log(0.075) - 1e-12), inverse_normal_cdf(0.075), 1e-11);
  EXPECT_EQ(inverse_normal_cdf_of_log(std::log(0.5)), inverse_normal_cdf(0.5));
}

}  // namespace
}  // namespace nightdesk::pricing::special
