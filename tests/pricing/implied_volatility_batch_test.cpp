// The batch solves (black_implied_volatilities, normalised_implied_total_volatilities) advance up to eight solves
// in lockstep; they must give the one-at-a-time results bit for bit, failures included, for any batch size.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "pricing/implied_volatility.h"
#include "pricing/normalised_black.h"
#include "pricing/normalised_implied_volatility.h"

namespace nightdesk::pricing {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Quotes across the spec range (K/F 0.2-1.8, vol 1%-400%, 1 day-5 years) from a fixed generator, with a guess
// pattern (none, close, far, x40, NaN, negative) and every 13th quote broken in a different way.
std::vector<BlackIvQuote> mixed_quotes(std::size_t n) {
  std::vector<BlackIvQuote> quotes;
  std::uint32_t seed = 7;
  auto uniform = [&seed] {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) / double(1u << 24);
  };
  const double guess_factor[] = {0.0, 1.001, 0.8, 40.0, kNaN, -1.0};
  for (std::size_t i = 0; i < n; ++i) {
    const double forward = 100.0;
    const double strike = forward * (0.2 + 1.6 * uniform());
    const double vol = 0.01 * std::pow(400.0, uniform());
    const double years = (1.0 + 1824.0 * uniform() * uniform()) / 365.0;
    const bool call = uniform() < 0.5;
    BlackIvQuote q{undiscounted_black_price(forward, strike, vol, years, call), forward, strike, years, call,
                   vol * guess_factor[i % 6]};
    switch (i % 13 == 12 ? (i / 13) % 5 : 5) {
      case 0: q.price = std::max(call ? forward - strike : strike - forward, 0.0) - 1.0; break;  // below intrinsic
      case 1: q.price = call ? forward : strike; break;                                           // at the bound
      case 2: q.years = 0.0; break;
      case 3: q.forward = kNaN; break;
      case 4: q.price = kInf; break;
      default: break;
    }
    quotes.push_back(q);
  }
  return quotes;
}

void expect_same_as_one_at_a_time(const std::vector<BlackIvQuote>& quotes) {
  std::vector<std::expected<double, IvFailure>> batch(quotes.size(), std::unexpected(IvFailure::no_convergence));
  black_implied_volatilities(quotes, batch);
  std::size_t solved = 0;
  for (std::size_t i = 0; i < quotes.size(); ++i) {
    const BlackIvQuote& q = quotes[i];
    const auto one = black_implied_volatility(q.price, q.forward, q.strike, q.years, q.is_call, q.volatility_guess);
    ASSERT_EQ(batch[i].has_value(), one.has_value()) << i;
    if (one) {
      ASSERT_EQ(*batch[i], *one) << i;  // same bits
      ++solved;
    } else {
      ASSERT_EQ(batch[i].error(), one.error()) << i;
    }
  }
  if (quotes.size() > 20) {
    EXPECT_GT(solved, quotes.size() / 2);
  }
}

TEST(ImpliedVolatilityBatch, MixedQuotesWithGuessesAndBadInputs_SameBitsAndFailuresAsOneAtATime) {
  expect_same_as_one_at_a_time(mixed_quotes(1003));  // not a multiple of the lockstep width
}

TEST(ImpliedVolatilityBatch, EveryBatchSizeUpToSeventeen_SameBitsAsOneAtATime) {
  const std::vector<BlackIvQuote> all = mixed_quotes(17);
  for (std::size_t n = 0; n <= all.size(); ++n) {
    expect_same_as_one_at_a_time(std::vector<BlackIvQuote>(all.begin(), all.begin() + static_cast<long>(n)));
  }
}

TEST(ImpliedVolatilityBatch, OutputShorterThanQuotes_SolvesOnlyWhatFitsAndWritesNothingBeyond) {
  const std::vector<BlackIvQuote> quotes = mixed_quotes(11);
  std::vector<std::expected<double, IvFailure>> out(12, std::unexpected(IvFailure::no_convergence));
  black_implied_volatilities(quotes, std::span(out).first(9));
  const BlackIvQuote& q = quotes[0];
  EXPECT_EQ(out[0], black_implied_volatility(q.price, q.forward, q.strike, q.years, q.is_call, q.volatility_guess));
  for (std::size_t i = 9; i < out.size(); ++i) EXPECT_EQ(out[i], std::unexpected(IvFailure::no_convergence)) << i;
}

// The normalised lockstep on the four branches and x = 0, cold and warm, including warm guesses that do not
// settle within four steps (x40 the root) and so fall back to the cold solve inside the batch.
TEST(NormalisedImpliedVolatility, LockstepOfAllBranchesColdAndWarm_SameResultsAsOneAtATime) {
  std::vector<TotalVolatilityProblem> problems;
  for (double x : {0.0, -1e-3, -0.05, -0.4, -2.0, -8.0}) {
    for (double s : {0.01, 0.1, 0.5, 1.0, 3.0, 8.0}) {
      const double beta = normalised_otm_black(x, s);
      if (!(beta > 0.0)) continue;
      const double distance = normalised_otm_black_complement(x, s);
      for (double guess : {0.0, 1.0001 * s, 0.7 * s, 40.0 * s}) problems.push_back({x, beta, distance, guess});
    }
  }
  ASSERT_GT(problems.size(), 100u);
  std::vector<TotalVolatilitySolve> solves(problems.size());
  normalised_implied_total_volatilities(problems, solves);
  for (std::size_t i = 0; i < problems.size(); ++i) {
    const auto [x, beta, distance, guess] = problems[i];
    const TotalVolatilitySolve one = normalised_implied_total_volatility_near(x, beta, distance, guess);
    ASSERT_TRUE(one.converged) << i;
    EXPECT_EQ(solves[i].converged, one.converged) << i;
    EXPECT_EQ(solves[i].total_volatility, one.total_volatility) << i;
    EXPECT_EQ(solves[i].iterations, one.iterations) << i;
  }
}

// Cold lanes with the same x (a strike's call and put) share the tangent of the initial guess when beta is on the
// same side of the inflection point; lanes on the other side must not: one x, prices on both sides, interleaved.
TEST(NormalisedImpliedVolatility, LockstepLanesWithTheSameLogMoneyness_SameResultsAsOneAtATime) {
  for (double x : {-1e-4, -0.1, -1.5}) {
    std::vector<TotalVolatilityProblem> problems;
    for (double s : {0.02, 3.0, 0.05, 2.0, 0.2, 1.0, 0.4, 0.7, 1.6, 0.3, 5.0}) {
      const double beta = normalised_otm_black(x, s);
      if (!(beta > 1e-300)) continue;  // underflows (x = -1.5, s = 0.02)
      problems.push_back({x, beta, normalised_otm_black_complement(x, s), 0.0});
      problems.push_back({x, std::nextafter(beta, 1.0), normalised_otm_black_complement(x, s), 0.0});
    }
    std::vector<TotalVolatilitySolve> solves(problems.size());
    normalised_implied_total_volatilities(problems, solves);
    for (std::size_t i = 0; i < problems.size(); ++i) {
      const auto [px, beta, distance, guess] = problems[i];
      const TotalVolatilitySolve one = normalised_implied_total_volatility(px, beta, distance);
      ASSERT_TRUE(one.converged) << x << " " << i;
      EXPECT_EQ(solves[i].total_volatility, one.total_volatility) << x << " " << i;
      EXPECT_EQ(solves[i].iterations, one.iterations) << x << " " << i;
    }
  }
}

}  // namespace
}  // namespace nightdesk::pricing
