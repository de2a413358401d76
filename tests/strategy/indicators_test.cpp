// Entry conditions, Wilder RSI and the IV rank/percentile history.
#include <gtest/gtest.h>

#include <cmath>

#include "chain_fixture.h"
#include "market/vol_surface.h"
#include "strategy/entry_condition.h"
#include "strategy/iv_history.h"
#include "strategy/rsi.h"
#include "strategy/underlying_indicators.h"

namespace nightdesk::strategy {
namespace {

using testing::ymd;

TEST(EntryConditions, AllMustHold_TheFirstFailureIsTheReason) {
  std::vector<EntryCondition> conditions{{ConditionMetric::iv_rank, Comparison::greater_or_equal, 30},
                                         {ConditionMetric::underlying_price, Comparison::greater, 400},
                                         {ConditionMetric::portfolio_delta, Comparison::less, 500}};
  ConditionSnapshot s;
  s.iv_rank = 42.5;
  s.underlying_price = 450;
  s.portfolio_delta = 120;
  EXPECT_TRUE(evaluate_conditions(conditions, s).passed);
  s.underlying_price = 399.5;
  auto v = evaluate_conditions(conditions, s);
  EXPECT_FALSE(v.passed);
  EXPECT_EQ(v.reason, "underlying_price 399.50 is not > 400.00");
}

TEST(EntryConditions, BoundaryValuesFollowTheOperator) {
  ConditionSnapshot s;
  s.rsi = 30;
  auto check = [&](Comparison op) {
    EntryCondition c{ConditionMetric::rsi, op, 30};
    return evaluate_conditions(std::span(&c, 1), s).passed;
  };
  EXPECT_FALSE(check(Comparison::less));
  EXPECT_TRUE(check(Comparison::less_or_equal));
  EXPECT_FALSE(check(Comparison::greater));
  EXPECT_TRUE(check(Comparison::greater_or_equal));
}

TEST(EntryConditions, UnknownMetricFails_EmptyListPasses) {
  EntryCondition c{ConditionMetric::iv_percentile, Comparison::greater, 50};
  auto v = evaluate_conditions(std::span(&c, 1), ConditionSnapshot{});
  EXPECT_FALSE(v.passed);
  EXPECT_EQ(v.reason, "iv_percentile is unknown");
  EXPECT_TRUE(evaluate_conditions({}, ConditionSnapshot{}).passed);
}

TEST(EntryConditions, OperatorNamesParseBothWays) {
  EXPECT_EQ(parse_comparison("below"), Comparison::less);
  EXPECT_EQ(parse_comparison("above"), Comparison::greater);
  EXPECT_EQ(parse_comparison(">="), Comparison::greater_or_equal);
  EXPECT_FALSE(parse_comparison("=>"));
  EXPECT_EQ(parse_condition_metric("portfolio_vega"), ConditionMetric::portfolio_vega);
  EXPECT_FALSE(parse_condition_metric("vega"));
}

// Wilder's 14-period RSI on the widely published worked example (StockCharts' spreadsheet: closes 44.3389 ...
// 46.2820, first RSI 70.53). Displayed to two decimals there, so compared to 0.01.
TEST(WilderRsi, MatchesThePublishedWorkedExample) {
  const double closes[] = {44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826,
                           45.8931, 46.0328, 45.6140, 46.2820, 46.2820, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439};
  const double expected[] = {70.53, 66.32, 66.55, 69.41, 66.36, 57.97};
  WilderRsi rsi;
  std::vector<double> values;
  for (double c : closes)
    if (auto v = rsi.add(c)) values.push_back(*v);
  ASSERT_EQ(values.size(), 6u);  // the first after 15 closes
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_NEAR(values[i], expected[i], 0.01) << i;
}

TEST(WilderRsi, OnlyGainsIsHundred_NoMovementIsFifty) {
  WilderRsi up, flat;
  for (int i = 0; i < 15; ++i) {
    up.add(100 + i);
    flat.add(100);
  }
  EXPECT_DOUBLE_EQ(*up.value(), 100.0);
  EXPECT_DOUBLE_EQ(*flat.value(), 50.0);
  WilderRsi short_history;
  for (int i = 0; i < 14; ++i) EXPECT_FALSE(short_history.add(100 + i));
}

Date day(int i) { return Date{std::chrono::sys_days{ymd(2024, 1, 1)} + std::chrono::days{i}}; }

TEST(IvHistory, RankAndPercentileOverTwentyDays) {
  IvHistory h;
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(h.record(day(i), 0.10 + 0.01 * i));  // 0.10 .. 0.29
  EXPECT_NEAR(*h.rank(0.20), 100.0 * 0.10 / 0.19, 1e-9);   // 52.63
  EXPECT_NEAR(*h.percentile(0.20), 50.0, 1e-9);            // 10 of 20 days below
  EXPECT_DOUBLE_EQ(*h.rank(0.50), 100.0);                  // clamped
  EXPECT_DOUBLE_EQ(*h.rank(0.05), 0.0);
  EXPECT_DOUBLE_EQ(*h.percentile(0.05), 0.0);
}

TEST(IvHistory, TooFewDaysOrNoRange_HasNoRank) {
  IvHistory h;
  for (int i = 0; i < 19; ++i) ASSERT_TRUE(h.record(day(i), 0.2));
  EXPECT_FALSE(h.rank(0.2));
  EXPECT_FALSE(h.percentile(0.2));
  ASSERT_TRUE(h.record(day(19), 0.2));
  EXPECT_FALSE(h.rank(0.2));  // every day the same: no range
  EXPECT_DOUBLE_EQ(*h.percentile(0.25), 100.0);
}

TEST(IvHistory, KeepsTheLast252Days) {
  IvHistory h;
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(h.record(day(i), i < 48 ? 0.90 : 0.10 + 0.001 * (i - 48)));
  EXPECT_EQ(h.observations().size(), 252u);
  EXPECT_EQ(h.observations().front().day, day(48));
  // The 0.90 days have rolled out: the range is 0.100 .. 0.351.
  EXPECT_NEAR(*h.rank(0.351), 100.0, 1e-9);
}

TEST(IvHistory, SameDayReplaces_EarlierDayAndBadValuesAreRefused) {
  IvHistory h(252, 1);
  ASSERT_TRUE(h.record(day(5), 0.2));
  ASSERT_TRUE(h.record(day(5), 0.3));
  EXPECT_EQ(h.observations().size(), 1u);
  EXPECT_DOUBLE_EQ(h.observations().back().iv, 0.3);
  auto earlier = h.record(day(4), 0.2);
  ASSERT_FALSE(earlier);
  EXPECT_EQ(earlier.error().code, ErrorCode::conflict);
  EXPECT_EQ(h.record(day(6), 0).error().field, "iv");
  EXPECT_FALSE(h.record(day(6), std::nan("")));
}

TEST(AtmIv30d, InterpolatesTotalVarianceBetweenTheExpiriesAroundThirtyDays) {
  // XYZ with quoted IVs: 20% at the 2025-03-21 ATM strike (18 days), 30% at 2025-04-17 (45 days).
  auto chain = testing::hand_chain();
  auto set_iv = [&](Date expiry, double iv) {
    for (OptionRight right : {OptionRight::call, OptionRight::put}) {
      market::QuoteEvent e;
      e.kind = market::InstrumentKind::option;
      e.underlying = "XYZ";
      e.expiry = expiry;
      e.strike = testing::px(100);
      e.right = right;
      e.quote = chain.expiry(expiry)->find(e.strike)->side(right)->quote;
      e.iv = iv;
      chain.apply(e);
    }
  };
  set_iv(ymd(2025, 3, 21), 0.20);
  set_iv(ymd(2025, 4, 17), 0.30);
  auto context = testing::hand_context();
  double t1 = *context.calendar->years_to_expiry(context.now, ymd(2025, 3, 21));
  double t2 = *context.calendar->years_to_expiry(context.now, ymd(2025, 4, 17));
  double t = 30.0 / 365.0, w = (t - t1) / (t2 - t1);
  double expected = std::sqrt(((1 - w) * 0.04 * t1 + w * 0.09 * t2) / t);
  auto iv = atm_iv_30d(chain, context);
  ASSERT_TRUE(iv) << iv.error().describe();
  EXPECT_NEAR(*iv, expected, 1e-12);
  EXPECT_GT(*iv, 0.20);
  EXPECT_LT(*iv, 0.30);
}

TEST(AtmIv30d, OnTheSyntheticMarket_IsCloseToTheSurfacesAtmVol) {
  auto iv = atm_iv_30d(testing::synthetic_chain(), testing::synthetic_context());
  ASSERT_TRUE(iv) << iv.error().describe();
  EXPECT_NEAR(*iv, market::VolSurface{}.atm(30.0 / 365.0), 0.01);
}

// The quotes of one snapshot share an instant; the day is closed once, by the first quote of a later day.
TEST(UnderlyingIndicators, QuotesOfOneInstant_ThenANewDay_CloseTheDayOnce) {
  UnderlyingIndicators ind;
  const market::OptionChain& chain = testing::synthetic_chain();
  const Timestamp t = chain.as_of();
  for (int i = 0; i < 3; ++i) ind.on_quote(chain, testing::context_at(t));
  ind.on_quote(chain, testing::context_at(t + std::chrono::minutes(5)));
  ASSERT_TRUE(ind.latest_iv());
  EXPECT_EQ(ind.iv_history().observations().size(), 0u);
  const Timestamp next_day = t + std::chrono::hours(24);
  ind.on_quote(chain, testing::context_at(next_day));
  ind.on_quote(chain, testing::context_at(next_day));
  EXPECT_EQ(ind.iv_history().observations().size(), 1u);
  ind.on_quote(chain, testing::context_at(next_day + std::chrono::hours(24)));
  EXPECT_EQ(ind.iv_history().observations().size(), 2u);
}

TEST(AtmIv30d, NoUnderlyingPrice_IsUnavailable) {
  market::OptionChain empty("XYZ");
  auto iv = atm_iv_30d(empty, testing::hand_context());
  ASSERT_FALSE(iv);
  EXPECT_EQ(iv.error().code, ErrorCode::unavailable);
}

}  // namespace
}  // namespace nightdesk::strategy
