#include "portfolio/position_greeks.h"

#include <gtest/gtest.h>

#include <cmath>

#include "portfolio/leg_greeks.h"
#include "portfolio/portfolio_greeks.h"
#include "pricing/option_pricer.h"
#include "synthetic_chain.h"
#include "test_positions.h"

namespace nightdesk::portfolio {
namespace {

using namespace testing;
using execution::Side;

PricingAssumptions european() {
  PricingAssumptions a;
  a.rate = 0.04;
  a.dividend_yield = 0.013;
  a.honour_exercise_style = false;
  return a;
}

double years_to(const char* now, const char* expiry) { return *nyse_calendar().years_to_expiry(at(now), day(expiry)); }

pricing::Greeks bsm(OptionRight right, double spot, double strike, double years, double vol) {
  return *pricing::price_and_greeks(pricing::Model::bsm, right, pricing::OptionInputs{spot, strike, years, 0.04, 0.013, vol});
}

TEST(PositionGreeks, LegsTimesQuantityTimesMultiplierWithTheFeedsIv) {
  Position p = long_calls(2, "3.00");
  p.set_mark(call("2025-01-17", "460"), px("3.00"), 0.20);
  auto g = position_greeks(p, 455.0, at("2025-01-06T15:00:00Z"), nyse_calendar(), european());
  ASSERT_TRUE(g) << g.error().describe();
  pricing::Greeks ref = bsm(OptionRight::call, 455, 460, years_to("2025-01-06T15:00:00Z", "2025-01-17"), 0.20);
  EXPECT_DOUBLE_EQ(g->per_unit.delta, ref.delta);
  EXPECT_DOUBLE_EQ(g->position.delta, ref.delta * 200);
  EXPECT_DOUBLE_EQ(g->position.gamma, ref.gamma * 200);
  EXPECT_DOUBLE_EQ(g->position.theta, ref.theta / 365 * 200);
  EXPECT_DOUBLE_EQ(g->position.vega, ref.vega / 100 * 200);
  EXPECT_DOUBLE_EQ(g->dollar_delta, ref.delta * 200 * 455);
  EXPECT_DOUBLE_EQ(g->dollar_gamma_1pct, ref.gamma * 200 * 455 * 455 * 0.01);
  EXPECT_FALSE(g->legs[0].iv_solved);
  EXPECT_LT(g->position.theta, 0);  // long options bleed
}

TEST(PositionGreeks, IvIsSolvedFromTheMarkWhenTheFeedHasNone) {
  double years = years_to("2025-01-06T15:00:00Z", "2025-01-17");
  double price = bsm(OptionRight::call, 455, 460, years, 0.25).price;
  Position p = long_calls(1, "3.00");
  p.set_mark(call("2025-01-17", "460"), *Price::from_double(price, Rounding::nearest));
  auto g = position_greeks(p, 455.0, at("2025-01-06T15:00:00Z"), nyse_calendar(), european());
  ASSERT_TRUE(g) << g.error().describe();
  EXPECT_TRUE(g->legs[0].iv_solved);
  EXPECT_NEAR(g->legs[0].iv, 0.25, 1e-4);  // the mark is rounded to 1e-4 dollars
}

TEST(PositionGreeks, MarkBelowIntrinsicIsAnErrorNotNaN) {
  Position p("deep", "SPY", PositionSource::bot_managed, at("2025-01-06T15:00:00Z"));
  ASSERT_TRUE(p.apply_fill(fill(call("2025-01-17", "400"), Side::buy, 1, "50.00", "d")));
  p.set_mark(call("2025-01-17", "400"), px("1.00"));  // intrinsic is 55
  auto g = position_greeks(p, 455.0, at("2025-01-06T15:00:00Z"), nyse_calendar(), european());
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().field, "legs[0].price");
}

TEST(PositionGreeks, NoMarkIsUnavailable) {
  Position p = long_calls(1, "3.00");
  auto g = position_greeks(p, 455.0, at("2025-01-06T15:00:00Z"), nyse_calendar(), european());
  EXPECT_EQ(g.error().code, ErrorCode::unavailable);
}

TEST(PositionGreeks, ShortPutSpreadIsLongDeltaShortVegaAndCollectsTheta) {
  Position p = put_credit_spread(5, "2.00", "0.50");
  p.set_mark(put("2025-01-17", "440"), px("2.00"), 0.18);
  p.set_mark(put("2025-01-17", "430"), px("0.60"), 0.21);
  auto g = position_greeks(p, 450.0, at("2025-01-06T15:00:00Z"), nyse_calendar(), european());
  ASSERT_TRUE(g);
  EXPECT_GT(g->position.delta, 0);
  EXPECT_LT(g->position.vega, 0);
  EXPECT_GT(g->position.theta, 0);
  double years = years_to("2025-01-06T15:00:00Z", "2025-01-17");
  double expected = (-bsm(OptionRight::put, 450, 440, years, 0.18).delta + bsm(OptionRight::put, 450, 430, years, 0.21).delta) * 500;
  EXPECT_NEAR(g->position.delta, expected, 1e-9);
  EXPECT_NEAR(g->per_unit.delta * 500, g->position.delta, 1e-9);
}

TEST(PositionGreeks, AmericanModelOnSyntheticQuotesSolvesIvsNearTheFeeds) {
  market::OptionChain chain = synthetic_chain(day("2025-01-13"));
  const auto* slice = chain.expiry(day("2025-02-14"));
  const auto& row = *slice->find(px("440"));
  Position p("syn", "SPY", PositionSource::bot_managed, at("2025-01-13T20:45:00Z"));
  ASSERT_TRUE(p.apply_fill(fill(put("2025-02-14", "440"), Side::sell, 1, "5.10", "s")));
  p.set_mark(put("2025-02-14", "440"), row.put->quote.mid());  // no IV given: solve it
  PricingAssumptions american;
  american.rate = 0.04;
  american.dividend_yield = 0.013;
  auto g = position_greeks(p, chain.spot()->to_double(), chain.as_of(), nyse_calendar(), american);
  ASSERT_TRUE(g) << g.error().describe();
  EXPECT_TRUE(g->legs[0].iv_solved);
  EXPECT_NEAR(g->legs[0].iv, *row.put->iv, 0.01);            // the mid is within a tick of the model price
  EXPECT_NEAR(g->per_unit.delta, -*row.put->delta, 0.03);     // short: the sign flips
}

TEST(PortfolioGreeks, SumsByUnderlyingAndBetaWeightsToTheReference) {
  PositionGreeks spy1{"a", "SPY", {}, 450, Quantity(1), {}, {60, 2, -10, 30}, 60 * 450.0, 1, {}};
  PositionGreeks spy2{"b", "SPY", {}, 450, Quantity(1), {}, {40, -1, 5, -10}, 40 * 450.0, 2, {}};
  PositionGreeks qqq{"c", "QQQ", {}, 500, Quantity(1), {}, {50, 1, -3, 12}, 50 * 500.0, 3, {}};
  std::vector<PositionGreeks> all{spy1, spy2, qqq};
  BetaReference ref{"SPY", 450, {{"QQQ", 1.2}}};
  PortfolioGreeks g = aggregate_greeks(all, &ref);
  EXPECT_DOUBLE_EQ(g.by_underlying["SPY"].greeks.delta, 100);
  EXPECT_DOUBLE_EQ(g.by_underlying["SPY"].greeks.vega, 20);
  EXPECT_EQ(g.by_underlying["SPY"].positions, 2);
  EXPECT_DOUBLE_EQ(g.total.delta, 150);
  EXPECT_DOUBLE_EQ(g.total.theta, -8);
  EXPECT_DOUBLE_EQ(g.dollar_delta, 100 * 450.0 + 50 * 500.0);
  EXPECT_DOUBLE_EQ(g.dollar_gamma_1pct, 6);
  ASSERT_TRUE(g.beta_weighted_delta);
  EXPECT_NEAR(*g.beta_weighted_delta, 100 + 50 * 500 * 1.2 / 450, 1e-9);  // 166.67 SPY shares
  EXPECT_FALSE(aggregate_greeks(all).beta_weighted_delta);
}

}  // namespace
}  // namespace nightdesk::portfolio
