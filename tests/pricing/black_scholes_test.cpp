// Black-Scholes-Merton and Black-76: textbook values, put-call parity, Greeks vs finite differences,
// and the years == 0 / vol == 0 edge cases.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "pricing/black76.h"
#include "pricing/black_scholes.h"

namespace nightdesk::pricing {
namespace {

constexpr auto kCall = OptionRight::call;
constexpr auto kPut = OptionRight::put;

// Haug, "The Complete Guide to Option Pricing Formulas", 2nd ed. (2007), section 1.1.1, the
// generalized Black-Scholes example: S=60, X=65, T=0.25, r=0.08, b=r (no dividend), v=0.30.
TEST(BlackScholesTextbook, HaugGeneralizedExample_Call2_1334) {
  EXPECT_NEAR(black_scholes_price(kCall, {60, 65, 0.25, 0.08, 0.0, 0.30}), 2.1334, 5e-5);
}

// Haug 2nd ed. section 1.1.2 (Merton 1973, stock index): S=100, X=95, T=0.5, r=0.10, q=0.05, v=0.20.
TEST(BlackScholesTextbook, HaugMertonIndexExample_Put2_4648) {
  EXPECT_NEAR(black_scholes_price(kPut, {100, 95, 0.5, 0.10, 0.05, 0.20}), 2.4648, 5e-5);
}

// Haug 2nd ed. section 1.1.6 (Garman-Kohlhagen, b = r - rf): S=1.56, X=1.60, T=0.5, r=0.06,
// rf=0.08, v=0.12.
TEST(BlackScholesTextbook, HaugCurrencyExample_Call0_0291) {
  EXPECT_NEAR(black_scholes_price(kCall, {1.56, 1.60, 0.5, 0.06, 0.08, 0.12}), 0.0291, 5e-5);
}

// Haug 2nd ed. section 1.1.3 (Black 1976): F=19, X=19, T=0.75, r=0.10, v=0.28; call = put at the money.
TEST(Black76Textbook, HaugFuturesExample_Put1_7011) {
  EXPECT_NEAR(black76_price(kPut, {19, 19, 0.75, 0.10, 0.0, 0.28}), 1.7011, 5e-5);
  EXPECT_NEAR(black76_price(kCall, {19, 19, 0.75, 0.10, 0.0, 0.28}), 1.7011, 5e-5);
}

// Haug 2nd ed. chapter 2 Greeks worked examples (delta, gamma, theta, rho sections).
TEST(BlackScholesTextbook, HaugGreeksExamples) {
  // Delta, futures option: S=105, X=100, T=0.5, r=0.10, b=0, v=0.36: call 0.5946, put -0.3566.
  EXPECT_NEAR(black76_greeks(kCall, {105, 100, 0.5, 0.10, 0, 0.36}).delta, 0.5946, 5e-5);
  EXPECT_NEAR(black76_greeks(kPut, {105, 100, 0.5, 0.10, 0, 0.36}).delta, -0.3566, 5e-5);
  // Gamma: S=55, X=60, T=0.75, r=0.10, b=0.10, v=0.30: 0.0278.
  EXPECT_NEAR(black_scholes_greeks(kCall, {55, 60, 0.75, 0.10, 0.0, 0.30}).gamma, 0.0278, 5e-5);
  // Theta (per year): S=430, X=405, T=0.0833, r=0.07, b=0.02, v=0.20: put -31.1924.
  EXPECT_NEAR(black_scholes_greeks(kPut, {430, 405, 0.0833, 0.07, 0.05, 0.20}).theta, -31.1924, 5e-4);
  // Rho: S=72, X=75, T=1, r=0.09, b=0.09, v=0.19: call 38.7325.
  EXPECT_NEAR(black_scholes_greeks(kCall, {72, 75, 1, 0.09, 0.0, 0.19}).rho, 38.7325, 5e-4);
}

OptionInputs random_inputs(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const double spot = 10 + 190 * u(rng);
  return {spot, spot * std::exp(0.8 * (u(rng) - 0.5)), 1.0 / 365 + 3 * u(rng), -0.01 + 0.1 * u(rng),
          0.06 * u(rng), 0.03 + 1.2 * u(rng)};
}

TEST(BlackScholesParity, CallMinusPutEqualsForwardValue_To1e12) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 20'000; ++i) {
    const OptionInputs in = random_inputs(rng);
    const double lhs = black_scholes_price(kCall, in) - black_scholes_price(kPut, in);
    const double rhs = in.spot_or_forward * std::exp(-in.dividend_yield * in.years) - in.strike * std::exp(-in.rate * in.years);
    ASSERT_NEAR(lhs, rhs, 1e-12 * std::max(in.spot_or_forward, in.strike)) << i;
    const double lhs76 = black76_price(kCall, in) - black76_price(kPut, in);
    ASSERT_NEAR(lhs76, std::exp(-in.rate * in.years) * (in.spot_or_forward - in.strike),
                1e-12 * std::max(in.spot_or_forward, in.strike)) << i;
  }
}

TEST(BlackScholesParity, GreeksObeyParity) {
  const OptionInputs in{100, 110, 0.7, 0.03, 0.02, 0.25};
  const Greeks c = black_scholes_greeks(kCall, in);
  const Greeks p = black_scholes_greeks(kPut, in);
  EXPECT_NEAR(c.delta - p.delta, std::exp(-0.02 * 0.7), 1e-15);
  EXPECT_NEAR(c.gamma, p.gamma, 1e-15);
  EXPECT_NEAR(c.vega, p.vega, 1e-13);
  EXPECT_NEAR(c.vanna, p.vanna, 1e-15);
  EXPECT_NEAR(c.volga, p.volga, 1e-12);
  EXPECT_NEAR(c.rho - p.rho, 0.7 * 110 * std::exp(-0.03 * 0.7), 1e-12);
}

// Central differences of the price with the bump h: truncation O(h^2), rounding O(eps/h).
Greeks numeric(double (*price)(OptionRight, const OptionInputs&), OptionRight right, const OptionInputs& in) {
  auto at = [&](auto change) {
    OptionInputs x = in;
    change(x);
    return price(right, x);
  };
  const double hs = 1e-4 * in.spot_or_forward, hv = 1e-3 * in.vol, ht = 1e-5, hr = 1e-5;
  auto delta_at = [&](auto change) {
    return (at([&](OptionInputs& x) { change(x); x.spot_or_forward += hs; }) -
            at([&](OptionInputs& x) { change(x); x.spot_or_forward -= hs; })) / (2 * hs);
  };
  const double v0 = price(right, in);
  Greeks g;
  g.price = v0;
  g.delta = delta_at([](OptionInputs&) {});
  g.gamma = (at([&](OptionInputs& x) { x.spot_or_forward += hs; }) - 2 * v0 +
             at([&](OptionInputs& x) { x.spot_or_forward -= hs; })) / (hs * hs);
  g.vega = (at([&](OptionInputs& x) { x.vol += hv; }) - at([&](OptionInputs& x) { x.vol -= hv; })) / (2 * hv);
  g.volga = (at([&](OptionInputs& x) { x.vol += hv; }) - 2 * v0 + at([&](OptionInputs& x) { x.vol -= hv; })) / (hv * hv);
  g.vanna = (delta_at([&](OptionInputs& x) { x.vol += hv; }) - delta_at([&](OptionInputs& x) { x.vol -= hv; })) / (2 * hv);
  g.theta = (at([&](OptionInputs& x) { x.years -= ht; }) - at([&](OptionInputs& x) { x.years += ht; })) / (2 * ht);
  g.charm = (delta_at([&](OptionInputs& x) { x.years -= ht; }) - delta_at([&](OptionInputs& x) { x.years += ht; })) / (2 * ht);
  g.rho = (at([&](OptionInputs& x) { x.rate += hr; }) - at([&](OptionInputs& x) { x.rate -= hr; })) / (2 * hr);
  return g;
}

void expect_close(const Greeks& analytic, const Greeks& fd, const OptionInputs& in) {
  // Tolerances: relative 1e-5 of the Greek's scale, plus an absolute floor for Greeks near zero.
  auto near = [&](double a, double b, double scale, const char* name) {
    EXPECT_NEAR(a, b, 1e-5 * std::abs(b) + 1e-6 * scale)
        << name << " S=" << in.spot_or_forward << " K=" << in.strike << " T=" << in.years << " v=" << in.vol;
  };
  near(analytic.delta, fd.delta, 1, "delta");
  near(analytic.gamma, fd.gamma, 1 / in.spot_or_forward, "gamma");
  near(analytic.vega, fd.vega, in.spot_or_forward, "vega");
  near(analytic.volga, fd.volga, 10 * in.spot_or_forward, "volga");
  near(analytic.vanna, fd.vanna, 1, "vanna");
  near(analytic.theta, fd.theta, in.spot_or_forward, "theta");
  near(analytic.charm, fd.charm, 1, "charm");
  near(analytic.rho, fd.rho, in.spot_or_forward, "rho");
}

TEST(BlackScholesGreeks, MatchCentralFiniteDifferences) {
  std::mt19937_64 rng(12);
  for (int i = 0; i < 300; ++i) {
    OptionInputs in = random_inputs(rng);
    in.years += 0.05;  // keep the time bump well inside the domain
    for (OptionRight right : {kCall, kPut}) {
      expect_close(black_scholes_greeks(right, in), numeric(black_scholes_price, right, in), in);
      expect_close(black76_greeks(right, in), numeric(black76_price, right, in), in);
    }
  }
}

TEST(BlackScholesEdge, ZeroYears_PriceIsPayoff_OnlyDeltaNonZero) {
  const Greeks itm = black_scholes_greeks(kCall, {110, 100, 0.0, 0.05, 0.02, 0.3});
  EXPECT_EQ(itm.price, 10.0);
  EXPECT_EQ(itm.delta, 1.0);
  EXPECT_EQ(itm.gamma, 0.0);
  EXPECT_EQ(itm.vega, 0.0);
  EXPECT_EQ(itm.theta, 0.0);
  EXPECT_EQ(itm.rho, 0.0);
  EXPECT_EQ(itm.vanna, 0.0);
  EXPECT_EQ(itm.volga, 0.0);
  EXPECT_EQ(itm.charm, 0.0);
  const Greeks otm_put = black_scholes_greeks(kPut, {110, 100, 0.0, 0.05, 0.02, 0.3});
  EXPECT_EQ(otm_put.price, 0.0);
  EXPECT_EQ(otm_put.delta, 0.0);
  const Greeks atm = black_scholes_greeks(kPut, {100, 100, 0.0, 0.05, 0.02, 0.3});
  EXPECT_EQ(atm.price, 0.0);
  EXPECT_EQ(atm.delta, -0.5);
}

TEST(BlackScholesEdge, ZeroVol_IsDiscountedIntrinsicOnForward) {
  const OptionInputs in{100, 95, 0.5, 0.05, 0.01, 0.0};
  const double forward = 100 * std::exp(0.04 * 0.5);
  const Greeks call = black_scholes_greeks(kCall, in);
  EXPECT_NEAR(call.price, std::exp(-0.05 * 0.5) * (forward - 95), 1e-12);
  EXPECT_NEAR(call.delta, std::exp(-0.01 * 0.5), 1e-15);
  EXPECT_EQ(call.gamma, 0.0);
  const Greeks put = black_scholes_greeks(kPut, in);
  EXPECT_EQ(put.price, 0.0);
  EXPECT_EQ(put.delta, 0.0);
  // Black-76 at zero vol: e^{-rT} (F - K)^+.
  EXPECT_NEAR(black76_price(kCall, in), std::exp(-0.05 * 0.5) * 5, 1e-12);
}

TEST(BlackScholesEdge, ExtremeInputs_NeverNaN) {
  for (double years : {0.0, 1e-12, 1e-6, 1.0, 50.0}) {
    for (double vol : {0.0, 1e-12, 1e-4, 0.2, 5.0, 20.0}) {
      for (double strike : {1e-6, 1.0, 100.0, 1e6}) {
        for (OptionRight right : {kCall, kPut}) {
          for (const Greeks& g : {black_scholes_greeks(right, {100, strike, years, 0.05, 0.02, vol}),
                                  black76_greeks(right, {100, strike, years, 0.05, 0.02, vol})}) {
            for (double x : {g.price, g.delta, g.gamma, g.vega, g.theta, g.rho, g.vanna, g.volga, g.charm}) {
              ASSERT_TRUE(std::isfinite(x)) << years << " " << vol << " " << strike;
            }
            ASSERT_GE(g.price, 0.0);
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace nightdesk::pricing
