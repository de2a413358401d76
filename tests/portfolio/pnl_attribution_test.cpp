#include "portfolio/pnl_attribution.h"

#include <gtest/gtest.h>

#include <cmath>

#include "pricing/option_pricer.h"
#include "test_positions.h"

namespace nightdesk::portfolio {
namespace {

using namespace testing;

PositionGreeks snapshot(const char* time, double spot, double iv, const char* mark, pricing::Greeks g, std::int64_t qty = 1) {
  PositionGreeks p;
  p.position_id = "p";
  p.underlying = "SPY";
  p.as_of = at(time);
  p.spot = spot;
  p.legs.push_back(LegRisk{call("2025-03-21", "100"), Quantity(qty), px(mark), spot, iv, false, g});
  return p;
}

TEST(PnlAttribution, SplitsOneDayIntoGreeksAndAResidual) {
  pricing::Greeks g;
  g.delta = 0.5, g.gamma = 0.02, g.theta = -36.5, g.vega = 20;  // theta -0.10/day, vega 0.20/vol point
  auto start = snapshot("2025-01-06T21:00:00Z", 100, 0.20, "5.00", g);
  auto end = snapshot("2025-01-07T21:00:00Z", 102, 0.21, "6.30", g);
  auto a = attribute_pnl(start, end);
  ASSERT_TRUE(a) << a.error().describe();
  EXPECT_EQ(a->actual, usd("130"));  // (6.30 - 5.00) x 100
  EXPECT_EQ(a->delta, usd("100"));   // 0.5 x 2 x 100
  EXPECT_EQ(a->gamma, usd("4"));     // 0.5 x 0.02 x 4 x 100
  EXPECT_EQ(a->theta, usd("-10"));   // -0.10 x 1 day x 100
  EXPECT_EQ(a->vega, usd("20"));     // 20 x 0.01 x 100
  EXPECT_EQ(a->residual, usd("16"));
}

TEST(PnlAttribution, ShortQuantityFlipsEveryTerm) {
  pricing::Greeks g;
  g.delta = 0.5, g.gamma = 0.02, g.theta = -36.5, g.vega = 20;
  auto a = attribute_pnl(snapshot("2025-01-06T21:00:00Z", 100, 0.20, "5.00", g, -3),
                         snapshot("2025-01-07T21:00:00Z", 102, 0.21, "6.30", g, -3));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->actual, usd("-390"));
  EXPECT_EQ(a->delta, usd("-300"));
  EXPECT_EQ(a->theta, usd("30"));
  EXPECT_EQ(a->residual, usd("-48"));
}

TEST(PnlAttribution, RepricedBsmDayLeavesASmallResidual) {
  pricing::OptionInputs in0{450, 455, 30.0 / 365, 0.04, 0.013, 0.20};
  pricing::OptionInputs in1{452, 455, 29.0 / 365, 0.04, 0.013, 0.205};
  auto g0 = *pricing::price_and_greeks(pricing::Model::bsm, OptionRight::call, in0);
  auto g1 = *pricing::price_and_greeks(pricing::Model::bsm, OptionRight::call, in1);
  auto start = snapshot("2025-01-06T21:00:00Z", 450, 0.20, "0", g0, 10);
  auto end = snapshot("2025-01-07T21:00:00Z", 452, 0.205, "0", g1, 10);
  start.legs[0].mark = *Price::from_double(g0.price, Rounding::nearest);
  end.legs[0].mark = *Price::from_double(g1.price, Rounding::nearest);
  auto a = attribute_pnl(start, end);
  ASSERT_TRUE(a);
  double actual = a->actual.to_double();
  EXPECT_GT(actual, 0);
  EXPECT_LT(std::fabs(a->residual.to_double()), 0.05 * std::fabs(actual)) << a->residual.to_string() << " of " << a->actual.to_string();
  EXPECT_EQ(a->actual, a->delta + a->gamma + a->theta + a->vega + a->residual);  // exact by construction
}

TEST(PnlAttribution, MismatchedSnapshotsAreRefused) {
  pricing::Greeks g;
  auto start = snapshot("2025-01-06T21:00:00Z", 100, 0.2, "5.00", g);
  auto other = snapshot("2025-01-07T21:00:00Z", 100, 0.2, "5.00", g);
  other.position_id = "q";
  EXPECT_EQ(attribute_pnl(start, other).error().field, "position_id");
  EXPECT_EQ(attribute_pnl(snapshot("2025-01-07T21:00:00Z", 100, 0.2, "5.00", g), start).error().field, "as_of");
  auto closed = snapshot("2025-01-07T21:00:00Z", 100, 0.2, "5.00", g);
  closed.legs.clear();
  EXPECT_EQ(attribute_pnl(start, closed).error().field, "legs");
}

TEST(PnlAttribution, DayTotalsSumPositionsAndListTheSkipped) {
  pricing::Greeks g;
  g.delta = 1;
  auto a0 = snapshot("2025-01-06T21:00:00Z", 100, 0.2, "5.00", g);
  auto a1 = snapshot("2025-01-07T21:00:00Z", 101, 0.2, "5.80", g);
  auto b0 = a0;
  b0.position_id = "gone";
  std::vector<PositionGreeks> start{a0, b0}, end{a1};
  DailyAttribution day = attribute_day(start, end);
  EXPECT_EQ(day.by_position.size(), 1u);
  EXPECT_EQ(day.total.actual, usd("80"));
  EXPECT_EQ(day.total.delta, usd("100"));
  EXPECT_EQ(day.total.residual, usd("-20"));
  ASSERT_EQ(day.skipped.size(), 1u);
  EXPECT_NE(day.skipped[0].find("gone"), std::string::npos);
}

}  // namespace
}  // namespace nightdesk::portfolio
