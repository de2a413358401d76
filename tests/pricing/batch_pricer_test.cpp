// The chain pricer gives the scalar results bit for bit and rejects malformed chains.
#include "pricing/batch_pricer.h"

#include <gtest/gtest.h>

#include <cmath>
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

void expect_matches_scalar(Model model, std::size_t n) {
  Chain c(n, 5);
  ASSERT_TRUE(price_chain(model, c.inputs(), c.outputs()));
  for (std::size_t i = 0; i < n; ++i) {
    const OptionRight right = c.call[i] ? OptionRight::call : OptionRight::put;
    const OptionInputs in{c.s[i], c.k[i], c.t[i], c.r[i], c.q[i], c.v[i]};
    const Greeks g = model == Model::bsm ? black_scholes_greeks(right, in) : black76_greeks(right, in);
    // Same inline kernel, same SSE2 arithmetic: identical to the last bit.
    ASSERT_EQ(c.price[i], g.price) << i;
    ASSERT_EQ(c.delta[i], g.delta) << i;
    ASSERT_EQ(c.gamma[i], g.gamma) << i;
    ASSERT_EQ(c.vega[i], g.vega) << i;
    ASSERT_EQ(c.theta[i], g.theta) << i;
    ASSERT_EQ(c.rho[i], g.rho) << i;
  }
}

TEST(PriceChain, Bsm_IdenticalToScalar) { expect_matches_scalar(Model::bsm, 10'001); }
TEST(PriceChain, Black76_IdenticalToScalar) { expect_matches_scalar(Model::black76, 999); }

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

TEST(PriceChain, AmericanModel_Rejected) {
  Chain c(3, 6);
  auto status = price_chain(Model::american, c.inputs(), c.outputs());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().field, "model");
}

}  // namespace
}  // namespace nightdesk::pricing
