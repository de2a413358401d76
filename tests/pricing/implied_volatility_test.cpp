#include "pricing/implied_volatility.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "pricing/normalised_black.h"
#include "pricing/normalised_implied_volatility.h"

namespace nightdesk::pricing {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

double relative(double a, double b) { return std::fabs(a - b) / std::fabs(b); }

TEST(ImpliedVolatility, AtTheMoneyCallRecoversVolatility) {
  const double price = undiscounted_black_price(100.0, 100.0, 0.2, 1.0, true);
  const auto vol = black_implied_volatility(price, 100.0, 100.0, 1.0, true);
  ASSERT_TRUE(vol.has_value());
  EXPECT_NEAR(*vol, 0.2, 1e-15);
}

TEST(ImpliedVolatility, InTheMoneyPutAndOutOfTheMoneyCallGiveSameVolatility) {
  const double put = undiscounted_black_price(100.0, 130.0, 0.35, 0.25, false);
  const double call = undiscounted_black_price(100.0, 130.0, 0.35, 0.25, true);
  EXPECT_NEAR(*black_implied_volatility(put, 100.0, 130.0, 0.25, false), 0.35, 1e-13);
  EXPECT_NEAR(*black_implied_volatility(call, 100.0, 130.0, 0.25, true), 0.35, 1e-14);
}

TEST(ImpliedVolatility, DeepOutOfTheMoneyOneDayOptionSolvesToMachinePrecision) {
  // K/F = 1.8, one day, 50% vol: price ~ 1e-110.
  const double years = 1.0 / 365.0;
  const double price = undiscounted_black_price(100.0, 180.0, 0.5, years, true);
  ASSERT_GT(price, 0.0);
  ASSERT_LT(price, 1e-100);
  const auto vol = black_implied_volatility(price, 100.0, 180.0, years, true);
  ASSERT_TRUE(vol.has_value());
  EXPECT_LE(relative(undiscounted_black_price(100.0, 180.0, *vol, years, true), price), 1e-12);
}

TEST(ImpliedVolatility, FourHundredPercentFiveYearsNearUpperBoundSolves) {
  const double price = undiscounted_black_price(100.0, 20.0, 4.0, 5.0, true);  // ~99.997 of an upper bound 100
  const auto vol = black_implied_volatility(price, 100.0, 20.0, 5.0, true);
  ASSERT_TRUE(vol.has_value());
  EXPECT_LE(relative(undiscounted_black_price(100.0, 20.0, *vol, 5.0, true), price), 1e-15);
}

TEST(ImpliedVolatility, PriceJustBelowUpperBoundStillHasFiniteVolatility) {
  const double price = std::nextafter(100.0, 0.0);
  const auto vol = black_implied_volatility(price, 100.0, 100.0, 1.0, true);
  ASSERT_TRUE(vol.has_value());
  EXPECT_TRUE(std::isfinite(*vol));
  EXPECT_GT(*vol, 10.0);
}

TEST(ImpliedVolatility, PriceAtIntrinsicGivesZeroVolatility) {
  EXPECT_EQ(*black_implied_volatility(10.0, 110.0, 100.0, 1.0, true), 0.0);
  EXPECT_EQ(*black_implied_volatility(0.0, 90.0, 100.0, 1.0, true), 0.0);  // worthless OTM call
}

TEST(ImpliedVolatility, PriceBelowIntrinsicIsExplicitFailure) {
  const auto vol = black_implied_volatility(9.99, 110.0, 100.0, 1.0, true);
  ASSERT_FALSE(vol.has_value());
  EXPECT_EQ(vol.error(), IvFailure::below_intrinsic);
  EXPECT_EQ(black_implied_volatility(0.0, 90.0, 100.0, 1.0, false).error(), IvFailure::below_intrinsic);
}

TEST(ImpliedVolatility, PriceAtOrAboveUpperBoundIsExplicitFailure) {
  EXPECT_EQ(black_implied_volatility(100.0, 100.0, 90.0, 1.0, true).error(), IvFailure::above_upper_bound);
  EXPECT_EQ(black_implied_volatility(120.0, 100.0, 90.0, 1.0, true).error(), IvFailure::above_upper_bound);
  EXPECT_EQ(black_implied_volatility(90.0, 100.0, 90.0, 1.0, false).error(), IvFailure::above_upper_bound);
}

TEST(ImpliedVolatility, ZeroOrNegativeTimeIsExplicitFailure) {
  EXPECT_EQ(black_implied_volatility(5.0, 100.0, 100.0, 0.0, true).error(), IvFailure::zero_time);
  EXPECT_EQ(black_implied_volatility(5.0, 100.0, 100.0, -0.1, true).error(), IvFailure::zero_time);
}

TEST(ImpliedVolatility, NaNOrNegativeInputsAreInvalidNeverNaN) {
  EXPECT_EQ(black_implied_volatility(kNaN, 100.0, 100.0, 1.0, true).error(), IvFailure::invalid_input);
  EXPECT_EQ(black_implied_volatility(-1.0, 100.0, 100.0, 1.0, true).error(), IvFailure::invalid_input);
  EXPECT_EQ(black_implied_volatility(5.0, kNaN, 100.0, 1.0, true).error(), IvFailure::invalid_input);
  EXPECT_EQ(black_implied_volatility(5.0, -100.0, 100.0, 1.0, true).error(), IvFailure::invalid_input);
  EXPECT_EQ(black_implied_volatility(5.0, 100.0, 0.0, 1.0, true).error(), IvFailure::invalid_input);
  EXPECT_EQ(black_implied_volatility(5.0, 100.0, kInf, 1.0, true).error(), IvFailure::invalid_input);
  EXPECT_EQ(black_implied_volatility(5.0, 100.0, 100.0, kNaN, true).error(), IvFailure::invalid_input);
  EXPECT_EQ(bsm_implied_volatility(5.0, 100.0, 100.0, 1.0, kNaN, 0.0, true).error(), IvFailure::invalid_input);
}

TEST(ImpliedVolatility, BsmConvenienceUsesForwardAndDiscounting) {
  // S = 100, K = 105, r = 5%, q = 2%, T = 0.75, sigma = 30%.
  const double s = 100, k = 105, r = 0.05, q = 0.02, t = 0.75, sigma = 0.30;
  const double forward = s * std::exp((r - q) * t);
  const double discounted_call = std::exp(-r * t) * undiscounted_black_price(forward, k, sigma, t, true);
  const double discounted_put = std::exp(-r * t) * undiscounted_black_price(forward, k, sigma, t, false);
  EXPECT_NEAR(*bsm_implied_volatility(discounted_call, s, k, t, r, q, true), sigma, 1e-14);
  EXPECT_NEAR(*bsm_implied_volatility(discounted_put, s, k, t, r, q, false), sigma, 1e-14);
}

TEST(ImpliedVolatility, Black76DiscountsTheFuturesOptionPrice) {
  const double f = 2500, k = 2400, r = 0.04, t = 0.4, sigma = 0.18;
  const double price = std::exp(-r * t) * undiscounted_black_price(f, k, sigma, t, true);
  EXPECT_NEAR(*black76_implied_volatility(price, f, k, t, r, true), sigma, 1e-14);
}

TEST(ImpliedVolatility, DiscountedIntrinsicWithRoundOffIsZeroVolatilityNotBelowIntrinsic) {
  const double s = 100, k = 60, r = 0.05, t = 2.0;
  const double discounted_intrinsic = std::exp(-r * t) * (s * std::exp(r * t) - k);
  const auto vol = bsm_implied_volatility(discounted_intrinsic, s, k, t, r, 0.0, true);
  ASSERT_TRUE(vol.has_value());
  EXPECT_EQ(*vol, 0.0);
}

TEST(ImpliedVolatilityResult, FailureNamesTheFieldAtFault) {
  auto below = black_implied_volatility_result(1.0, 110.0, 100.0, 1.0, true);
  ASSERT_FALSE(below.has_value());
  EXPECT_EQ(below.error().field, "price");
  EXPECT_EQ(below.error().code, ErrorCode::out_of_range);
  EXPECT_EQ(black_implied_volatility_result(1.0, 100.0, -5.0, 1.0, true).error().field, "strike");
  EXPECT_EQ(black_implied_volatility_result(1.0, 100.0, 100.0, 0.0, true).error().field, "years");
  EXPECT_EQ(bsm_implied_volatility_result(1.0, kNaN, 100.0, 1.0, 0.0, 0.0, true).error().field, "spot");
  EXPECT_EQ(bsm_implied_volatility_result(1.0, 100.0, 100.0, 1.0, 0.0, kInf, true).error().field, "dividend_yield");
  EXPECT_EQ(black76_implied_volatility_result(1.0, 0.0, 100.0, 1.0, 0.0, true).error().field, "futures_price");
  auto good = black_implied_volatility_result(8.0, 100.0, 100.0, 1.0, true);
  ASSERT_TRUE(good.has_value());
  EXPECT_GT(*good, 0.0);
}

TEST(ImpliedVolatilityResult, FailureNamesAreStable) {
  EXPECT_EQ(to_string(IvFailure::below_intrinsic), "below_intrinsic");
  EXPECT_EQ(to_string(IvFailure::above_upper_bound), "above_upper_bound");
  EXPECT_EQ(to_string(IvFailure::zero_time), "zero_time");
  EXPECT_EQ(to_string(IvFailure::invalid_input), "invalid_input");
  EXPECT_EQ(to_string(IvFailure::no_convergence), "no_convergence");
}

TEST(NormalisedImpliedVolatility, TwoEvaluationsSufficeAcrossBranches) {
  // One point in each of the four branches plus the money, for x = -0.5 (s_c = 1).
  int max_iterations = 0;
  for (double x : {-0.5, -1e-6, -3.0}) {
    for (double s : {0.05, 0.2, 0.6, 1.0, 1.5, 3.0, 8.0}) {
      const double beta = normalised_otm_black(x, s);
      if (!(beta > 1e-300)) continue;
      const auto solve = normalised_implied_total_volatility(x, beta, normalised_otm_black_complement(x, s));
      ASSERT_TRUE(solve.converged);
      EXPECT_NEAR(solve.total_volatility, s, 1e-12 * s) << x << " " << s;
      max_iterations = std::max(max_iterations, solve.iterations);
    }
  }
  EXPECT_LE(max_iterations, 2);
}

// Between the inflection point's tangent points and above s_u the initial guess is within ~0.3% of the root,
// and one evaluation gives the degree-7 Taylor model of the objective, whose root is within ~C d^8 of the
// solution: the solve settles after that single evaluation (step_settles) at full accuracy.
TEST(NormalisedImpliedVolatility, MiddleAndUpperBranchesSettleAfterOneEvaluation) {
  const double x = -0.5;  // s_c = 1, s_l ~ 0.42, s_u ~ 2.6
  for (double s : {0.5, 0.7, 0.9, 1.0, 1.2, 1.6, 2.2, 3.0, 5.0, 8.0}) {
    const auto solve =
        normalised_implied_total_volatility(x, normalised_otm_black(x, s), normalised_otm_black_complement(x, s));
    ASSERT_TRUE(solve.converged) << s;
    EXPECT_EQ(solve.iterations, 1) << s;
    EXPECT_NEAR(solve.total_volatility, s, 8e-16 * s * std::max(1.0, s)) << s;
  }
}

// Below s_l the guess is the fitted root (lower_guess.h, within ~2.4e-7): one Householder(3) step settles
// (s_l ~ 0.42 here; s = 0.05 is beyond the fit, beta < b_l e^-20: lower_guess_test.cpp).
TEST(NormalisedImpliedVolatility, LowerBranchTakesOneEvaluation) {
  const double x = -0.5;
  for (double s : {0.1, 0.15, 0.2, 0.3, 0.4}) {
    const auto solve =
        normalised_implied_total_volatility(x, normalised_otm_black(x, s), normalised_otm_black_complement(x, s));
    ASSERT_TRUE(solve.converged) << s;
    EXPECT_EQ(solve.iterations, 1) << s;
    EXPECT_NEAR(solve.total_volatility, s, 1e-14 * s) << s;
  }
}

// A warm start 0.1% from the root: one model step reaches the root to rounding (Householder(3) alone would
// leave ~1e-14 and take a second evaluation).
TEST(NormalisedImpliedVolatility, WarmStartOneThousandthOffSettlesInOneStepToRounding) {
  const double x = -0.2;
  const double s = 0.8;
  const double beta = normalised_otm_black(x, s);
  const auto solve = normalised_implied_total_volatility_near(x, beta, normalised_otm_black_complement(x, s), 1.001 * s);
  ASSERT_TRUE(solve.converged);
  EXPECT_EQ(solve.iterations, 1);
  EXPECT_NEAR(solve.total_volatility, s, 4e-16 * s);
}

// A normalised price within 2^53 of the subnormal range has lost its last bits: the a-priori bound must not
// settle on one step there (it did, 4e-3 off, before the guard in `elasticity`).
TEST(ImpliedVolatility, PriceNearTheSubnormalRangeStillRepricesWithin1e12) {
  const double forward = 100.0, strike = 20.0, vol = 0.22100274207055162, years = 0.037944526663725463;
  const double price = undiscounted_black_price(forward, strike, vol, years, false);
  ASSERT_GT(price, 1e-308);
  ASSERT_LT(price / std::sqrt(forward * strike), 1e-307);  // normalised: subnormal
  const auto solved = black_implied_volatility(price, forward, strike, years, false);
  ASSERT_TRUE(solved.has_value());
  EXPECT_LE(relative(undiscounted_black_price(forward, strike, *solved, years, false), price), 1e-12);
}

TEST(ImpliedVolatility, RandomExtremeInputsEitherSolveOrFailExplicitly) {
  // Fuzz far outside the spec grid: huge and tiny moneyness, vols, times. Never NaN, never a silent miss.
  unsigned seed = 7;
  auto uniform = [&seed] {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) / double(1u << 24);
  };
  int solved = 0;
  for (int i = 0; i < 20000; ++i) {
    const double forward = std::pow(10.0, -3.0 + 8.0 * uniform());
    const double strike = forward * std::exp(-20.0 + 40.0 * uniform() * uniform());
    const double vol = std::pow(10.0, -3.0 + 4.0 * uniform());
    const double years = std::pow(10.0, -4.0 + 5.5 * uniform());
    const bool is_call = uniform() < 0.5;
    const double price = undiscounted_black_price(forward, strike, vol, years, is_call);
    const auto solved_vol = black_implied_volatility(price, forward, strike, years, is_call);
    if (!solved_vol) {
      // Only legitimate outcome for a model price: it rounded onto the upper bound.
      EXPECT_EQ(solved_vol.error(), IvFailure::above_upper_bound) << forward << " " << strike << " " << vol;
      continue;
    }
    ASSERT_TRUE(std::isfinite(*solved_vol));
    const double repriced = undiscounted_black_price(forward, strike, *solved_vol, years, is_call);
    if (price > 1e-290) {
      const double x = -std::fabs(std::log(forward / strike));
      const double s = *solved_vol * std::sqrt(years);
      const double elasticity = std::sqrt(forward * strike) * normalised_vega(x, s) * s / price;
      EXPECT_LE(relative(repriced, price), 1e-14 * std::max(1.0, elasticity))
          << forward << " " << strike << " " << vol << " " << years << " " << is_call;
    }
    ++solved;
  }
  EXPECT_GT(solved, 15000);
}

}  // namespace
}  // namespace nightdesk::pricing
