// American pricing: Bjerksund-Stensland (1993 and 2002) against the Leisen-Reimer tree, the
// no-arbitrage bounds, and published values.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "pricing/binomial_tree.h"
#include "pricing/bjerksund_stensland.h"
#include "pricing/black_scholes.h"

namespace nightdesk::pricing {
namespace {

constexpr auto kCall = OptionRight::call;
constexpr auto kPut = OptionRight::put;
constexpr auto kAmerican = ExerciseStyle::american;

// Haug, "Option Pricing Formulas" (1st ed., 1998), p. 27, Bjerksund-Stensland (1993) example:
// S=42, X=40, T=0.75, r=0.04, b=-0.04 (q=0.08), v=0.35: call 5.2704 (the value QuantLib's test suite
// also uses for its 1993 engine).
TEST(BjerksundStenslandTextbook, Haug1993Example_Call5_2704) {
  EXPECT_NEAR(bjerksund_stensland_price(kCall, {42, 40, 0.75, 0.04, 0.08, 0.35}, BjerksundStenslandVersion::y1993),
              5.2704, 5e-5);
}

// Futures-style call S=3.50, X=3.00, T=1.5, r=0.025, b=0, v=0.55: 1993 gives 1.0913 and 2002 gives
// 1.0909, the values from Haug's spreadsheet quoted on the Wilmott forum (thread 66731, "American
// approximations"); an independent check of the 2002 psi terms. Both are below the tree's 1.0976.
TEST(BjerksundStenslandTextbook, HaugSpreadsheetFuturesCall_1993And2002) {
  const OptionInputs in{3.5, 3.0, 1.5, 0.025, 0.025, 0.55};
  EXPECT_NEAR(bjerksund_stensland_price(kCall, in, BjerksundStenslandVersion::y1993), 1.0913, 5e-5);
  EXPECT_NEAR(bjerksund_stensland_price(kCall, in), 1.0909, 5e-5);
  EXPECT_LT(bjerksund_stensland_price(kCall, in), leisen_reimer_price(kCall, kAmerican, in, 2001));
}

// The grid of Barone-Adesi and Whaley (1987), Table IV style: K=100, S in {90,100,110},
// T in {0.1, 0.5}, r=0.10, b in {0, -0.04}, v in {0.15, 0.25, 0.35}. Tolerance: BS2002 within 2% of
// the price (+0.002 absolute) of a 2001-step Leisen-Reimer tree (measured worst: 1.3%, calls with
// b = -0.04, T = 0.5; the approximation is a lower bound), and never above it by more than the
// tree's own error (1e-4).
TEST(BjerksundStensland, Version2002_CloseToTreeOnClassicGrid) {
  for (OptionRight right : {kCall, kPut}) {
    for (double q : {0.10, 0.14}) {
      for (double t : {0.1, 0.5}) {
        for (double v : {0.15, 0.25, 0.35}) {
          for (double s : {90.0, 100.0, 110.0}) {
            const OptionInputs in{s, 100, t, 0.10, q, v};
            const double tree = leisen_reimer_price(right, kAmerican, in, 2001);
            const double bs = bjerksund_stensland_price(right, in);
            EXPECT_NEAR(bs, tree, 2e-2 * tree + 2e-3) << s << " " << t << " " << v << " " << q;
            EXPECT_LT(bs, tree + 1e-4) << s << " " << t << " " << v << " " << q;
          }
        }
      }
    }
  }
}

OptionInputs random_inputs(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const double spot = 50 + 100 * u(rng);
  return {spot, spot * std::exp(0.6 * (u(rng) - 0.5)), 0.02 + 2 * u(rng), 0.1 * u(rng), 0.08 * u(rng),
          0.08 + 0.6 * u(rng)};
}

TEST(American, NeverBelowEuropeanOrIntrinsic) {
  std::mt19937_64 rng(21);
  for (int i = 0; i < 300; ++i) {
    const OptionInputs in = random_inputs(rng);
    for (OptionRight right : {kCall, kPut}) {
      const double european = black_scholes_price(right, in);
      const double intrinsic = std::max(right == kCall ? in.spot_or_forward - in.strike : in.strike - in.spot_or_forward, 0.0);
      const double bs = bjerksund_stensland_price(right, in);
      const double tree = leisen_reimer_price(right, kAmerican, in, 201);
      EXPECT_GE(bs, european - 1e-12) << i;
      EXPECT_GE(bs, intrinsic - 1e-12) << i;
      EXPECT_GE(tree, european - 1e-3 * european - 1e-4) << i;  // the tree's own discretization error
      EXPECT_GE(tree, intrinsic - 1e-12) << i;
    }
  }
}

TEST(American, CallWithoutDividends_EqualsEuropean) {
  std::mt19937_64 rng(22);
  for (int i = 0; i < 200; ++i) {
    OptionInputs in = random_inputs(rng);
    in.dividend_yield = 0.0;
    const double european = black_scholes_price(kCall, in);
    EXPECT_DOUBLE_EQ(bjerksund_stensland_price(kCall, in), european);
    EXPECT_NEAR(leisen_reimer_price(kCall, kAmerican, in, 201), european, 2e-4 * european + 1e-5);
  }
}

TEST(LeisenReimer, EuropeanConvergesToBlackScholes) {
  std::mt19937_64 rng(23);
  for (int i = 0; i < 200; ++i) {
    const OptionInputs in = random_inputs(rng);
    for (OptionRight right : {kCall, kPut}) {
      const double bs = black_scholes_price(right, in);
      EXPECT_NEAR(leisen_reimer_price(right, ExerciseStyle::european, in, 1001), bs, 2e-6 * in.spot_or_forward) << i;
    }
  }
}

TEST(LeisenReimer, EvenStepsRoundUpToOdd) {
  const OptionInputs in{100, 105, 0.5, 0.05, 0.02, 0.3};
  EXPECT_EQ(leisen_reimer_price(kPut, kAmerican, in, 200), leisen_reimer_price(kPut, kAmerican, in, 201));
}

TEST(AmericanEdge, ZeroVol_ExercisesAtBestDateOnForwardPath) {
  // Put, r=10%, q=0: the forward rises, so exercising now (K - S = 10) beats waiting.
  EXPECT_NEAR(bjerksund_stensland_price(kPut, {90, 100, 1.0, 0.10, 0.0, 0.0}), 10.0, 1e-12);
  EXPECT_NEAR(leisen_reimer_price(kPut, kAmerican, {90, 100, 1.0, 0.10, 0.0, 0.0}), 10.0, 1e-12);
  // Call with a high yield: exercise now.
  EXPECT_NEAR(bjerksund_stensland_price(kCall, {110, 100, 1.0, 0.02, 0.10, 0.0}), 10.0, 1e-12);
  // Call without dividends: wait to expiry, value e^{-rT}(S e^{rT} - K) = S - K e^{-rT}.
  EXPECT_NEAR(bjerksund_stensland_price(kCall, {100, 100, 1.0, 0.05, 0.0, 0.0}), 100 - 100 * std::exp(-0.05), 1e-12);
}

TEST(AmericanEdge, ZeroYears_IsPayoff) {
  EXPECT_EQ(bjerksund_stensland_price(kPut, {90, 100, 0.0, 0.05, 0.0, 0.3}), 10.0);
  EXPECT_EQ(leisen_reimer_price(kCall, kAmerican, {90, 100, 0.0, 0.05, 0.0, 0.3}), 0.0);
}

TEST(AmericanEdge, TinyVolAndLongExpiry_Finite) {
  for (double v : {1e-6, 1e-3, 0.0021, 3.0}) {
    for (double t : {1e-5, 30.0}) {
      for (OptionRight right : {kCall, kPut}) {
        const OptionInputs in{100, 100, t, 0.05, 0.05, v};
        EXPECT_TRUE(std::isfinite(bjerksund_stensland_price(right, in))) << v << " " << t;
        EXPECT_TRUE(std::isfinite(leisen_reimer_price(right, kAmerican, in))) << v << " " << t;
      }
    }
  }
}

}  // namespace
}  // namespace nightdesk::pricing
