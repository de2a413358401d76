// The chain pricer gives the scalar results (to FMA rounding) and rejects malformed chains.
#include "pricing/batch_pricer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "pricing/black76.h"
#include "pricing/black_scholes.h"

namespace nightdesk::pricing {
namespace {

struct Chain {
  std::vector<double> s, k, t, r, q, v;
  std::vector<std::uint8_t> call;
  std::vector<double> price, delta, gamma, vega, theta, rho;

  explicit Chain(std::size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (std::size_t i = 0; i < n; ++i) {
      s.push_back(20 + 200 * u(rng));
      k.push_back(s.back() * std::exp(u(rng) - 0.5));
      t.push_back(i % 17 == 0 ? 0.0 : 3 * u(rng));  // include expiring options
      r.push_back(-0.01 + 0.08 * u(rng));
      q.push_back(0.05 * u(rng));
      v.push_back(i % 13 == 0 ? 0.0 : 0.02 + 1.5 * u(rng));  // and zero-vol ones
      call.push_back(u(rng) < 0.5 ? 1 : 0);
    }
    for (auto* out : {&price, &delta, &gamma, &vega, &theta, &rho}) out->assign(n, -1.0);
  }
  ChainInputs inputs() const { return {s, k, t, r, q, v, call}; }
  ChainGreeks outputs() { return {price, delta, gamma, vega, theta, rho}; }
};

// The AVX2 and AVX-512 loops use fused multiply-adds, so they may round differently from the (unfused)
// scalar API by a few ulp per operation; 1e-13 relative leaves room for the ~30 operations on the longest
// path. Two floors keep the comparison honest:
// - price, theta and rho are differences of two legs of order S and K (and K T for rho), so their
//   rounding is relative to those legs, not to a price of 1e-20;
// - gamma and vega carry n(d1), whose relative sensitivity to d1 is d1: an ulp of d1 becomes d1^2 ulp.
// The SSE2 loop is the scalar arithmetic and must match to the last bit.
void expect_close(double chain, double scalar, double scale, std::size_t i, const char* greek) {
  ASSERT_LE(std::fabs(chain - scalar), 1e-13 * std::max(std::fabs(scalar), scale))
      << greek << " of option " << i << ": chain " << chain << ", scalar " << scalar;
}

void expect_matches_scalar(ChainIsa isa, Model model, std::size_t n) {
  if (!chain_isa_supported(isa)) GTEST_SKIP() << "this CPU cannot run the loop";
  Chain c(n, 5);
  ASSERT_TRUE(price_chain_on(isa, model, c.inputs(), c.outputs()));
  for (std::size_t i = 0; i < n; ++i) {
    const OptionRight right = c.call[i] ? OptionRight::call : OptionRight::put;
    const OptionInputs in{c.s[i], c.k[i], c.t[i], c.r[i], c.q[i], c.v[i]};
    const Greeks g = model == Model::bsm ? black_scholes_greeks(right, in) : black76_greeks(right, in);
    if (isa == ChainIsa::sse2) {
      ASSERT_EQ(c.price[i], g.price) << i;
      ASSERT_EQ(c.delta[i], g.delta) << i;
      ASSERT_EQ(c.gamma[i], g.gamma) << i;
      ASSERT_EQ(c.vega[i], g.vega) << i;
      ASSERT_EQ(c.theta[i], g.theta) << i;
      ASSERT_EQ(c.rho[i], g.rho) << i;
      continue;
    }
    const double legs = std::max(c.s[i], c.k[i]);
    const double carry = model == Model::bsm ? c.r[i] - c.q[i] : 0.0;
    const double sd = c.v[i] * std::sqrt(c.t[i]);
    const double d1 = sd > 0 ? (std::log(c.s[i] / c.k[i]) + carry * c.t[i]) / sd + 0.5 * sd : 0.0;
    expect_close(c.price[i], g.price, legs, i, "price");
    expect_close(c.delta[i], g.delta, 1.0, i, "delta");
    expect_close(c.gamma[i], g.gamma, std::fabs(g.gamma) * (1.0 + d1 * d1), i, "gamma");
    expect_close(c.vega[i], g.vega, std::fabs(g.vega) * (1.0 + d1 * d1), i, "vega");
    expect_close(c.theta[i], g.theta, legs, i, "theta");
    expect_close(c.rho[i], g.rho, legs * c.t[i], i, "rho");
  }
}

// 10,001 and 999 options: whole blocks of 64, a partial block and a padded tail of n % 8.
TEST(PriceChain, Bsm_BestLoop_MatchesScalarWithin1e13) { expect_matches_scalar(ChainIsa::best, Model::bsm, 10'001); }
TEST(PriceChain, Black76_BestLoop_MatchesScalarWithin1e13) {
  expect_matches_scalar(ChainIsa::best, Model::black76, 999);
}
TEST(PriceChain, Bsm_Sse2Loop_IdenticalToScalar) { expect_matches_scalar(ChainIsa::sse2, Model::bsm, 10'001); }
TEST(PriceChain, Black76_Sse2Loop_IdenticalToScalar) { expect_matches_scalar(ChainIsa::sse2, Model::black76, 999); }
TEST(PriceChain, Bsm_Avx2Loop_MatchesScalarWithin1e13) {
  expect_matches_scalar(ChainIsa::avx2_fma, Model::bsm, 10'001);
}
TEST(PriceChain, Bsm_Avx512Loop_MatchesScalarWithin1e13) {
  expect_matches_scalar(ChainIsa::avx512, Model::bsm, 10'001);
}
TEST(PriceChain, ShortChains_EveryTailLength_MatchScalar) {
  for (std::size_t n = 1; n <= 17; ++n) expect_matches_scalar(ChainIsa::best, Model::bsm, n);
}

TEST(PriceChain, EmptyChain_Ok) {
  Chain c(0, 1);
  EXPECT_TRUE(price_chain(Model::bsm, c.inputs(), c.outputs()));
}

TEST(PriceChain, Black76WithoutDividendYield_Ok) {
  Chain c(10, 2);
  ChainInputs in = c.inputs();
  in.dividend_yield = {};
  EXPECT_TRUE(price_chain(Model::black76, in, c.outputs()));
}

TEST(PriceChain, MismatchedLength_NamesSpan) {
  Chain c(10, 3);
  c.v.pop_back();
  auto status = price_chain(Model::bsm, c.inputs(), c.outputs());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().field, "vol");
  Chain d(10, 3);
  d.theta.pop_back();
  status = price_chain(Model::bsm, d.inputs(), d.outputs());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().field, "theta");
}

TEST(PriceChain, InvalidOption_NamesFieldAndIndex_WritesNothing) {
  Chain c(50, 4);
  c.k[17] = -1.0;
  c.v[30] = std::nan("");
  auto status = price_chain(Model::bsm, c.inputs(), c.outputs());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().field, "strike[17]");
  EXPECT_EQ(c.price[0], -1.0);
}

TEST(PriceChain, Black76WithNonFiniteIgnoredDividendYield_Rejected) {
  Chain c(20, 7);
  c.q[11] = std::numeric_limits<double>::infinity();
  auto status = price_chain(Model::black76, c.inputs(), c.outputs());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().field, "dividend_yield[11]");
  EXPECT_EQ(c.price[0], -1.0);
}

TEST(PriceChain, AmericanModel_Rejected) {
  Chain c(3, 6);
  auto status = price_chain(Model::american, c.inputs(), c.outputs());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().field, "model");
}

}  // namespace
}  // namespace nightdesk::pricing
