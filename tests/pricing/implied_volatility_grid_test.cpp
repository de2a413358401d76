// Round trip over the spec C2 grid: price with the normalised Black function, solve, reprice, compare.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <vector>

#include "pricing/implied_volatility.h"
#include "pricing/normalised_black.h"

namespace nightdesk::pricing {
namespace {

struct GridReport {
  int solved = 0;
  int skipped_underflow = 0;   // price is 0 or subnormal: relative precision does not exist in double
  int skipped_intrinsic = 0;   // price == intrinsic in double: volatility 0 is the only honest answer
  int failures = 0;            // explicit IvFailure for a price with a solution
  int inaccurate = 0;          // solved but repriced off by more than the tolerance
  double max_relative_error = 0.0;
  int above_1e14 = 0;
  double max_error_in_ulps_of_s = 0.0;  // error / (price elasticity to s * eps): 1 = best a double s can do
};

// guess_factor: 0 for cold solves, else each solve starts from the true volatility times the factor.
GridReport run_grid(int strikes, int vols, int expiries, double tolerance, double guess_factor = 0.0) {
  GridReport report;
  const double forward = 100.0;
  for (int i = 0; i < strikes; ++i) {
    const double strike = forward * (0.2 + 1.6 * i / (strikes - 1));
    for (int j = 0; j < vols; ++j) {
      const double vol = 0.01 * std::pow(400.0, double(j) / (vols - 1));
      for (int k = 0; k < expiries; ++k) {
        const double years = (1.0 / 365.0) * std::pow(5.0 * 365.0, double(k) / (expiries - 1));
        for (bool is_call : {true, false}) {
          const double price = undiscounted_black_price(forward, strike, vol, years, is_call);
          const double intrinsic = std::max(is_call ? forward - strike : strike - forward, 0.0);
          if (price < DBL_MIN) {
            ++report.skipped_underflow;
            continue;
          }
          if (price == intrinsic) {
            ++report.skipped_intrinsic;
            continue;
          }
          const auto solved = black_implied_volatility(price, forward, strike, years, is_call, guess_factor * vol);
          if (!solved) {
            ++report.failures;
            std::printf("failure %s K=%.17g vol=%.17g T=%.17g call=%d price=%.17g\n",
                        std::string(to_string(solved.error())).c_str(), strike, vol, years, is_call, price);
            continue;
          }
          const double repriced = undiscounted_black_price(forward, strike, *solved, years, is_call);
          const double error = std::fabs(repriced - price) / price;
          report.max_relative_error = std::max(report.max_relative_error, error);
          const double x = -std::fabs(std::log(forward / strike));
          const double s = *solved * std::sqrt(years);
          const double elasticity =
              std::sqrt(forward) * std::sqrt(strike) * normalised_vega(x, s) * s / price;
          const double ulps = error / (DBL_EPSILON * std::max(1.0, elasticity));
          report.max_error_in_ulps_of_s = std::max(report.max_error_in_ulps_of_s, ulps);
          if (error > 1e-14) ++report.above_1e14;
          if (error > tolerance) {
            ++report.inaccurate;
            if (report.inaccurate < 20)
              std::printf("inaccurate K=%.17g vol=%.17g T=%.17g call=%d price=%.17g iv=%.17g err=%.3g\n", strike,
                          vol, years, is_call, price, *solved, error);
          }
          ++report.solved;
        }
      }
    }
  }
  return report;
}

TEST(ImpliedVolatilityGrid, EveryPriceWithASolutionRepricesWithin1e12) {
  const GridReport r = run_grid(161, 121, 61, 1e-12);
  std::printf("grid: solved %d, skipped (price underflow/subnormal) %d, skipped (price == intrinsic) %d, "
              "failures %d, inaccurate %d, max relative price error %.3g, above 1e-14 %d, max error in "
              "units of eps x elasticity %.3g\n",
              r.solved, r.skipped_underflow, r.skipped_intrinsic, r.failures, r.inaccurate, r.max_relative_error, r.above_1e14, r.max_error_in_ulps_of_s);
  EXPECT_EQ(r.failures, 0);
  EXPECT_EQ(r.inaccurate, 0);
  EXPECT_LE(r.max_relative_error, 1e-12);
  EXPECT_GT(r.solved, 161 * 121 * 61);
}

// A refresh starts from the previous quote's volatility: near guesses (a quote tick) and far ones (a stale
// guess, or a guess from another option) must all reach the cold solve's accuracy.
TEST(ImpliedVolatilityGrid, WarmStartsFromNearAndFarGuessesRepriceWithin1e12) {
  for (double factor : {0.0, 1.0, 1.0001, 0.999, 1.05, 0.8, 2.0, 0.25, 40.0}) {
    const GridReport r = run_grid(81, 61, 31, 1e-12, factor);
    std::printf("guess x%g: solved %d, failures %d, inaccurate %d, max relative price error %.3g, above 1e-14 %d\n",
                factor, r.solved, r.failures, r.inaccurate, r.max_relative_error, r.above_1e14);
    EXPECT_EQ(r.failures, 0) << factor;
    EXPECT_EQ(r.inaccurate, 0) << factor;
    EXPECT_LE(r.max_relative_error, 1e-12) << factor;
  }
}

}  // namespace
}  // namespace nightdesk::pricing
