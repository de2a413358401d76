// Performance figures against hand-computed values (daily returns, sqrt(252), risk-free 0).
#include "report/performance_metrics.h"

#include <gtest/gtest.h>

#include <vector>

namespace nightdesk::report {
namespace {

Money usd(std::int64_t dollars) { return Money::from_units(dollars * fixed_point::kScale); }

// mean 0.008333, sample sd 0.012583 -> 0.66227 x 15.8745
TEST(PerformanceMetrics, SharpeOfThreeDays_MatchesHandComputedValue) {
  std::vector<double> r{0.01, -0.005, 0.02};
  ASSERT_TRUE(sharpe_ratio(r));
  EXPECT_NEAR(*sharpe_ratio(r), 10.513149660756937, 1e-9);
}

// downside deviation sqrt(0.005^2 / 3) = 0.0028868; 0.008333 / 0.0028868 x 15.8745
TEST(PerformanceMetrics, SortinoOfThreeDays_UsesDownsideDeviationOverAllDays) {
  std::vector<double> r{0.01, -0.005, 0.02};
  ASSERT_TRUE(sortino_ratio(r));
  EXPECT_NEAR(*sortino_ratio(r), 45.8257569495584, 1e-9);
}

TEST(PerformanceMetrics, OneDay_HasNoSharpeOrSortino) {
  std::vector<double> r{0.01};
  EXPECT_FALSE(sharpe_ratio(r));
  EXPECT_FALSE(sortino_ratio(r));
  EXPECT_FALSE(sharpe_ratio(std::vector<double>{}));
}

TEST(PerformanceMetrics, ConstantReturns_HaveNoSharpe) {
  std::vector<double> r{0.001, 0.001, 0.001};
  EXPECT_FALSE(sharpe_ratio(r));
}

TEST(PerformanceMetrics, NoLosingDay_HasNoSortino) {
  std::vector<double> r{0.01, 0.0, 0.02};
  EXPECT_FALSE(sortino_ratio(r));
}

TEST(PerformanceMetrics, MaxDrawdown_LargestFallFromRunningPeak) {
  std::vector<Money> e{usd(100), usd(120), usd(90), usd(130), usd(117)};
  DrawdownFigure d = max_drawdown(e);
  EXPECT_EQ(d.amount, usd(30));
  EXPECT_DOUBLE_EQ(d.ratio, 0.25);
}

// 10 -> 5 loses 50% (5); 100 -> 60 loses 40 (40%): the money and the ratio come from different falls.
TEST(PerformanceMetrics, MaxDrawdown_AmountAndRatioFromDifferentFalls) {
  std::vector<Money> e{usd(10), usd(5), usd(100), usd(60)};
  DrawdownFigure d = max_drawdown(e);
  EXPECT_EQ(d.amount, usd(40));
  EXPECT_DOUBLE_EQ(d.ratio, 0.5);
}

TEST(PerformanceMetrics, RisingEquity_HasNoDrawdown) {
  std::vector<Money> e{usd(1), usd(2), usd(3)};
  EXPECT_EQ(max_drawdown(e).amount, Money{});
  EXPECT_EQ(max_drawdown(std::vector<Money>{}).ratio, 0.0);
}

// +100 -50 +30 0 -25: 2 winners, 2 losers, a flat trade; PF 130 / 75; average 55 / 5.
TEST(PerformanceMetrics, TradeStats_WinRateProfitFactorAverage) {
  std::vector<Money> pnl{usd(100), usd(-50), usd(30), usd(0), usd(-25)};
  TradeStats s = trade_stats(pnl);
  EXPECT_EQ(s.closed, 5);
  EXPECT_EQ(s.winners, 2);
  EXPECT_EQ(s.losers, 2);
  EXPECT_EQ(s.gross_profit, usd(130));
  EXPECT_EQ(s.gross_loss, usd(75));
  ASSERT_TRUE(s.win_rate);
  EXPECT_DOUBLE_EQ(*s.win_rate, 0.4);
  ASSERT_TRUE(s.profit_factor);
  EXPECT_NEAR(*s.profit_factor, 130.0 / 75.0, 1e-12);
  ASSERT_TRUE(s.average_trade);
  EXPECT_EQ(*s.average_trade, usd(11));
}

TEST(PerformanceMetrics, NoLosingTrade_HasNoProfitFactor) {
  std::vector<Money> pnl{usd(10), usd(20)};
  TradeStats s = trade_stats(pnl);
  EXPECT_FALSE(s.profit_factor);
  EXPECT_DOUBLE_EQ(*s.win_rate, 1.0);
}

TEST(PerformanceMetrics, NoTrades_HasNoWinRateOrAverage) {
  TradeStats s = trade_stats(std::vector<Money>{});
  EXPECT_EQ(s.closed, 0);
  EXPECT_FALSE(s.win_rate);
  EXPECT_FALSE(s.average_trade);
}

// -10.00005 over 3 trades rounds to the nearest 1e-4.
TEST(PerformanceMetrics, AverageTrade_RoundsToNearestTenThousandth) {
  std::vector<Money> pnl{Money::from_units(-1), Money::from_units(-1), Money::from_units(0)};
  EXPECT_EQ(*trade_stats(pnl).average_trade, Money::from_units(-1));
}

}  // namespace
}  // namespace nightdesk::report
