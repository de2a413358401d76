#include "pricing/normalised_black.h"

#include <gtest/gtest.h>

#include <boost/math/special_functions/erf.hpp>
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <cmath>
#include <ostream>

namespace nightdesk::pricing {
namespace {

using Big = boost::multiprecision::cpp_bin_float_50;

// 50-digit reference: b = e^{-(h^2+t^2)/2}/sqrt(2 pi) [Y(h+t) - Y(h-t)], Y(z) = sqrt(pi/2) e^{z^2/2} erfc(-z/sqrt2).
double reference_b(double x_in, double s_in) {
  const Big x = x_in, s = s_in;
  const Big h = x / s, t = s / 2;
  const Big root2 = boost::multiprecision::sqrt(Big(2));
  auto term = [&](const Big& sign) {  // e^{x/2 * sign} Phi(h + sign t)
    return boost::multiprecision::exp(sign * x / 2) * boost::math::erfc(-(h + sign * t) / root2) / 2;
  };
  return static_cast<double>(term(Big(1)) - term(Big(-1)));
}

double relative_error(double value, double reference) { return std::fabs(value - reference) / reference; }

struct Case {
  double x, s;
  const char* region;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.region << " (x=" << c.x << ", s=" << c.s << ")"; }

class NormalisedBlackAccuracy : public ::testing::TestWithParam<Case> {};

TEST_P(NormalisedBlackAccuracy, MatchesFiftyDigitReference) {
  const Case c = GetParam();
  const double reference = reference_b(c.x, c.s);
  ASSERT_GT(reference, 1e-300);
  EXPECT_LE(relative_error(normalised_otm_black(c.x, c.s), reference), 3e-14) << c.region;
}

INSTANTIATE_TEST_SUITE_P(
    FourRegions, NormalisedBlackAccuracy,
    ::testing::Values(Case{-0.5, 0.03, "asymptotic: h=-16.7, small t"}, Case{-30.0, 2.0, "asymptotic: h=-15, t=1"},
                      Case{-2.0, 0.19, "asymptotic boundary: h=-10.5"}, Case{-1e-3, 0.1, "small t, h~0"},
                      Case{-3.0, 0.3, "small t, h=-10"}, Case{-0.2, 0.02, "small t: h=-10 exactly"},
                      Case{-0.4, 0.41, "small t boundary"}, Case{-1.0, 1.0, "erfcx form"},
                      Case{-4.0, 0.5, "erfcx form, h=-8"}, Case{-0.1, 2.0, "Phi form"},
                      Case{-0.5, 10.0, "Phi form, large s"}, Case{0.0, 0.3, "at the money"},
                      Case{-1e-12, 1e-6, "near the money, tiny s"}));

TEST(NormalisedBlack, RandomPointsMatchReferenceEverywhere) {
  double worst = 0.0;
  unsigned seed = 12345;
  auto uniform = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) / double(1u << 24);
  };
  for (int i = 0; i < 600; ++i) {
    const double x = -std::pow(10.0, -6.0 + 7.0 * uniform());
    const double s = std::pow(10.0, -4.0 + 5.0 * uniform());
    const double reference = reference_b(x, s);
    if (reference < 1e-290) continue;
    // exp(-(h^2 + t^2)/2) inherits the rounding of h = x/s: a relative error ~ (h^2 + t^2) eps is the
    // conditioning of b on double inputs, not an evaluation error.
    const double exponent = 0.5 * (x * x / (s * s) + 0.25 * s * s);
    worst = std::max(worst, relative_error(normalised_otm_black(x, s), reference) / (3e-14 + 4e-16 * exponent));
  }
  EXPECT_LE(worst, 1.0);
}

TEST(NormalisedBlack, ComplementIsUpperBoundMinusPrice) {
  for (double x : {-2.0, -0.3, -1e-4}) {
    for (double s : {0.05, 0.5, 2.0, 8.0}) {
      const Big exact = boost::multiprecision::exp(Big(x) / 2) - Big(reference_b(x, s));
      EXPECT_NEAR(normalised_otm_black_complement(x, s), static_cast<double>(exact),
                  3e-15 * std::exp(x / 2)) << x << " " << s;
    }
  }
  // Far from the money the complement keeps relative accuracy where e^{x/2} - b would not.
  const double c = normalised_otm_black_complement(-0.1, 14.0);
  const Big exact_c = boost::multiprecision::exp(Big(-0.05)) - Big(reference_b(-0.1, 14.0));
  EXPECT_GT(c, 0.0);
  EXPECT_LE(relative_error(c, static_cast<double>(exact_c)), 1e-3);  // reference itself is cancellation-limited
}

TEST(NormalisedBlack, PutCallParityHoldsInNormalisedForm) {
  for (double x : {-1.0, -0.1, 0.0, 0.2, 1.5}) {
    for (double s : {0.01, 0.3, 1.0, 3.0}) {
      const double parity = normalised_black(x, s, true) - normalised_black(x, s, false);
      EXPECT_NEAR(parity, std::exp(x / 2) - std::exp(-x / 2), 1e-15 * std::max(1.0, std::exp(std::fabs(x) / 2)));
    }
  }
}

TEST(NormalisedBlack, ZeroVolatilityGivesIntrinsicValue) {
  EXPECT_EQ(normalised_otm_black(-0.5, 0.0), 0.0);
  EXPECT_EQ(undiscounted_black_price(110.0, 100.0, 0.0, 1.0, true), 10.0);
  EXPECT_EQ(undiscounted_black_price(110.0, 100.0, 0.0, 1.0, false), 0.0);
}

TEST(UndiscountedBlackPrice, MatchesTextbookFormula) {
  // F = 100, K = 110, sigma = 25%, T = 0.5: F N(d1) - K N(d2), 50-digit.
  const Big f = 100, k = 110, sd = Big("0.25") * boost::multiprecision::sqrt(Big("0.5"));
  const Big d1 = boost::multiprecision::log(f / k) / sd + sd / 2, d2 = d1 - sd;
  const Big root2 = boost::multiprecision::sqrt(Big(2));
  const Big call = f * boost::math::erfc(-d1 / root2) / 2 - k * boost::math::erfc(-d2 / root2) / 2;
  EXPECT_NEAR(undiscounted_black_price(100.0, 110.0, 0.25, 0.5, true), static_cast<double>(call), 1e-13);
  EXPECT_NEAR(undiscounted_black_price(100.0, 110.0, 0.25, 0.5, false), static_cast<double>(call) + 10.0, 1e-13);
}

}  // namespace
}  // namespace nightdesk::pricing
