// Accuracy of the implied volatility solver's table-driven exponential (table_exp.h) against long double exp.
#include "pricing/table_exp.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace nightdesk::pricing {
namespace {

// The largest error in units of the last place of the correctly rounded result, over `count` points of [lo, hi].
double worst_ulp(double lo, double hi, int count, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> arg(lo, hi);
  double worst = 0.0;
  for (int i = 0; i < count; ++i) {
    const double x = arg(rng);
    const long double exact = std::exp(static_cast<long double>(x));
    const double rounded = static_cast<double>(exact);
    const double ulp = std::nextafter(rounded, 2.0 * rounded) - rounded;
    worst = std::max(worst, static_cast<double>(std::fabs(table_exp_in_range(x) - exact) / ulp));
  }
  return worst;
}

TEST(TableExp, WithinHalfAnUlpAndALittleWhereTheSolverUsesIt) {
  // The solver's arguments: -(h^2 + t^2)/2, x/2 and -u^2 are mostly in [-20, 0]; x^2 <= 0.25 in erfcx.
  EXPECT_LT(worst_ulp(-20.0, 1.0, 400'000, 11), 0.52);  // measured 0.510
}

TEST(TableExp, WithinOneUlpAcrossItsWholeRange) {
  EXPECT_LT(worst_ulp(-707.9, 708.9, 400'000, 12), 1.0);  // measured 0.97
}

TEST(TableExp, ExactAtZeroAndAtTheTableNodes) {
  EXPECT_EQ(table_exp_in_range(0.0), 1.0);
  EXPECT_EQ(table_exp_in_range(-0.0), 1.0);
  EXPECT_EQ(table_exp_in_range(std::log(2.0)), 2.0);
  EXPECT_EQ(table_exp_in_range(-std::log(2.0)), 0.5);
}

TEST(TableExp, NormalResultsDownToTheBottomOfItsRange) {
  const double low = table_exp_in_range(-707.99);
  EXPECT_GT(low, 0.0);
  EXPECT_NEAR(low / std::exp(-707.99), 1.0, 4e-16);
}

}  // namespace
}  // namespace nightdesk::pricing
