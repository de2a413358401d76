// The chain solver gives the scalar API's volatilities bit for bit, reports per-option failures as values
// and rejects malformed chains.
#include "pricing/implied_volatility_chain.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "pricing/black76.h"
#include "pricing/black_scholes.h"

namespace nightdesk::pricing {
namespace {

// Options grouped by expiry (runs of equal years/rate/yield, as a real chain is laid out), with prices
// from known volatilities.
struct QuotedChain {
  std::vector<double> price, s, k, t, r, q;
  std::vector<std::uint8_t> call;
  std::vector<double> vol;
  std::vector<std::optional<IvFailure>> failure;

  QuotedChain(Model model, std::size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    double years = 0, rate = 0, yield = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (i % 10 == 0) years = 0.01 + 2 * u(rng), rate = 0.06 * u(rng) - 0.01, yield = 0.04 * u(rng);
      s.push_back(100.0);
      k.push_back(100.0 * std::exp(0.6 * (u(rng) - 0.5)));
      t.push_back(years), r.push_back(rate), q.push_back(yield);
      call.push_back(u(rng) < 0.5 ? 1 : 0);
      const OptionInputs in{s.back(), k.back(), years, rate, yield, 0.05 + 0.8 * u(rng)};
      const OptionRight right = call.back() ? OptionRight::call : OptionRight::put;
      price.push_back(model == Model::bsm ? black_scholes_price(right, in) : black76_price(right, in));
    }
    vol.assign(n, -1.0);
    failure.assign(n, IvFailure::no_convergence);
  }
  ChainQuotes quotes() const { return {price, s, k, t, r, q, call}; }
  ChainVols outputs() { return {vol, failure}; }
};

std::expected<double, IvFailure> scalar(Model model, const QuotedChain& c, std::size_t i) {
  return model == Model::bsm ? bsm_implied_volatility(c.price[i], c.s[i], c.k[i], c.t[i], c.r[i], c.q[i], c.call[i])
                             : black76_implied_volatility(c.price[i], c.s[i], c.k[i], c.t[i], c.r[i], c.call[i]);
}

void expect_identical_to_scalar(Model model) {
  QuotedChain c(model, 400, 11);
  const auto failures = implied_volatility_chain(model, c.quotes(), c.outputs());
  ASSERT_TRUE(failures);
  std::size_t expected_failures = 0;
  for (std::size_t i = 0; i < c.price.size(); ++i) {
    const auto one = scalar(model, c, i);
    if (one) {
      ASSERT_EQ(c.vol[i], *one) << i;  // same expressions, same bits
      ASSERT_FALSE(c.failure[i].has_value()) << i;
    } else {
      ++expected_failures;
      ASSERT_EQ(c.failure[i], one.error()) << i;
      ASSERT_EQ(c.vol[i], 0.0) << i;
    }
  }
  EXPECT_EQ(*failures, expected_failures);
}

TEST(ImpliedVolatilityChain, Bsm_IdenticalToScalarApi) { expect_identical_to_scalar(Model::bsm); }
TEST(ImpliedVolatilityChain, Black76_IdenticalToScalarApi) { expect_identical_to_scalar(Model::black76); }

TEST(ImpliedVolatilityChain, BadQuotes_FailureValuesZeroVolAndCount) {
  QuotedChain c(Model::bsm, 30, 12);
  c.price[3] = 0.0;                                       // below intrinsic for an in-the-money option, or 0 vol
  c.price[7] = std::numeric_limits<double>::quiet_NaN();  // invalid
  c.t[12] = 0.0;                                          // expired
  c.k[20] = -5.0;                                         // invalid strike
  c.price[25] = 1e6;                                      // above the upper bound
  const auto failures = implied_volatility_chain(Model::bsm, c.quotes(), c.outputs());
  ASSERT_TRUE(failures);
  EXPECT_EQ(c.failure[7], IvFailure::invalid_input);
  EXPECT_EQ(c.failure[12], IvFailure::zero_time);
  EXPECT_EQ(c.failure[20], IvFailure::invalid_input);
  EXPECT_EQ(c.failure[25], IvFailure::above_upper_bound);
  for (std::size_t i : {7u, 12u, 20u, 25u}) EXPECT_EQ(c.vol[i], 0.0) << i;
  std::size_t counted = 0;
  for (std::size_t i = 0; i < c.price.size(); ++i) {
    if (c.failure[i]) {
      ++counted;
      EXPECT_EQ(c.failure[i], scalar(Model::bsm, c, i).error()) << i;
    }
  }
  EXPECT_EQ(*failures, counted);
  EXPECT_GE(counted, 4u);
}

TEST(ImpliedVolatilityChain, MismatchedLength_NamesSpanAndWritesNothing) {
  QuotedChain c(Model::bsm, 10, 13);
  c.k.pop_back();
  auto result = implied_volatility_chain(Model::bsm, c.quotes(), c.outputs());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().field, "strike");
  EXPECT_EQ(c.vol[0], -1.0);
  QuotedChain d(Model::bsm, 10, 13);
  d.failure.pop_back();
  result = implied_volatility_chain(Model::bsm, d.quotes(), d.outputs());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().field, "failure");
}

TEST(ImpliedVolatilityChain, Black76WithoutDividendYield_Ok) {
  QuotedChain c(Model::black76, 10, 14);
  ChainQuotes quotes = c.quotes();
  quotes.dividend_yield = {};
  const auto failures = implied_volatility_chain(Model::black76, quotes, c.outputs());
  ASSERT_TRUE(failures);
  EXPECT_EQ(*failures, 0u);
}

TEST(ImpliedVolatilityChain, AmericanModel_Rejected) {
  QuotedChain c(Model::bsm, 3, 15);
  const auto result = implied_volatility_chain(Model::american, c.quotes(), c.outputs());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().field, "model");
}

// A refresh: the previous solution, in the output array itself, is each solve's starting point. Entries that
// are no guess (NaN, 0, negative, infinite) solve cold; failures are classified exactly as without guesses.
TEST(ImpliedVolatilityChain, WarmStartFromPreviousVolsInPlace_SameVolsAndFailures) {
  QuotedChain cold(Model::bsm, 200, 17);
  cold.price[5] = 0.0;
  cold.t[9] = 0.0;
  const auto cold_failures = implied_volatility_chain(Model::bsm, cold.quotes(), cold.outputs());
  ASSERT_TRUE(cold_failures);
  ASSERT_GE(*cold_failures, 1u);  // the expired option; a zero price is vol 0 or below intrinsic

  QuotedChain warm(Model::bsm, 200, 17);
  warm.price[5] = 0.0;
  warm.t[9] = 0.0;
  for (std::size_t i = 0; i < warm.vol.size(); ++i) warm.vol[i] = cold.vol[i] * (i % 2 ? 1.02 : 0.97);
  warm.vol[1] = std::numeric_limits<double>::quiet_NaN();
  warm.vol[2] = 0.0;
  warm.vol[3] = -0.3;
  warm.vol[4] = std::numeric_limits<double>::infinity();
  ChainQuotes quotes = warm.quotes();
  quotes.previous_vol = warm.vol;
  const auto failures = implied_volatility_chain(Model::bsm, quotes, warm.outputs());
  ASSERT_TRUE(failures);
  EXPECT_EQ(*failures, *cold_failures);
  for (std::size_t i = 0; i < warm.vol.size(); ++i) {
    EXPECT_EQ(warm.failure[i], cold.failure[i]) << i;
    if (!cold.failure[i]) {
      EXPECT_NEAR(warm.vol[i], cold.vol[i], 1e-12 * cold.vol[i]) << i;
    }
  }
  for (std::size_t i : {1u, 2u, 3u, 4u}) EXPECT_EQ(warm.vol[i], cold.vol[i]) << i;  // cold solve, same bits
}

TEST(ImpliedVolatilityChain, PreviousVolsOfWrongLength_NamesSpan) {
  QuotedChain c(Model::bsm, 10, 18);
  const std::vector<double> previous(9, 0.2);
  ChainQuotes quotes = c.quotes();
  quotes.previous_vol = previous;
  const auto result = implied_volatility_chain(Model::bsm, quotes, c.outputs());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().field, "previous_vol");
  EXPECT_EQ(c.vol[0], -1.0);
}

TEST(ImpliedVolatilityChain, EmptyChain_NoFailures) {
  QuotedChain c(Model::bsm, 0, 16);
  const auto failures = implied_volatility_chain(Model::bsm, c.quotes(), c.outputs());
  ASSERT_TRUE(failures);
  EXPECT_EQ(*failures, 0u);
}

}  // namespace
}  // namespace nightdesk::pricing
