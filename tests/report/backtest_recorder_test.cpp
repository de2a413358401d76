// The recorder on a real engine: the scenario's equity, days, trades and fills, by hand
// (backtest_scenario.h has the story).
#include "report/backtest_recorder.h"

#include <gtest/gtest.h>

#include "backtest_scenario.h"

namespace nightdesk::report::testing {
namespace {

class BacktestRecorderTest : public ::testing::Test {
 public:
  BacktestScenario scenario;
  BacktestResult result = scenario.run();
};

// Day 1: cash 1,000,000 + 2,000 - 13 = 1,001,987; the spread is worth -2,000: equity 999,987.
// Day 2: bought back at 7.00 (-7,000) with 13 fees: cash = equity = 994,974.
TEST_F(BacktestRecorderTest, TwoDays_CloseEquityAndDailyPnlByHand) {
  ASSERT_EQ(result.days.size(), 2u);
  EXPECT_EQ(result.starting_equity, usd(1'000'000));
  EXPECT_EQ(format_date(result.days[0].day), "2025-01-15");
  EXPECT_EQ(result.days[0].close_equity, usd(999'987));
  EXPECT_EQ(result.days[0].pnl, usd(-13));
  EXPECT_EQ(result.days[1].close_equity, usd(994'974));
  EXPECT_EQ(result.days[1].pnl, usd(-5'013));
  EXPECT_DOUBLE_EQ(result.days[1].daily_return, -5013.0 / 999987.0);
  EXPECT_EQ(result.ending_equity, usd(994'974));
}

TEST_F(BacktestRecorderTest, DayCloseSamples_TakenAfterSixteenHundredNewYork) {
  std::vector<std::string> closes;
  for (const auto& s : result.equity_curve)
    if (s.day_close) closes.push_back(format_iso8601(s.time));
  ASSERT_EQ(closes.size(), 2u);
  EXPECT_EQ(closes[0], "2025-01-15T21:01:00.000000000Z");
  EXPECT_EQ(closes[1], "2025-01-16T21:01:00.000000000Z");
}

TEST_F(BacktestRecorderTest, StopLossTrade_ClosedWithNetLossAfterFees) {
  ASSERT_EQ(result.trades.size(), 1u);
  const TradeRecord& t = result.trades[0];
  EXPECT_EQ(t.strategy, "scenario");
  EXPECT_EQ(t.entry_cost, usd(-2'000));
  EXPECT_EQ(t.realized_pnl, usd(-5'000));
  EXPECT_EQ(t.fees, usd(26));
  EXPECT_EQ(t.net_pnl, usd(-5'026));
  ASSERT_TRUE(t.closed);
  EXPECT_EQ(format_iso8601(*t.closed).substr(0, 10), "2025-01-16");
  EXPECT_EQ(t.fills, 4);  // two legs in, two legs out
  EXPECT_FALSE(t.unrealized_pnl);
}

TEST_F(BacktestRecorderTest, Fills_OnePerLegWithInstrumentAndFees) {
  ASSERT_EQ(result.fills.size(), 4u);
  EXPECT_EQ(result.fills[0].kind, "fill");
  EXPECT_EQ(result.fills[0].client_order_id, "open-1");
  EXPECT_EQ(result.fills[0].side, "sell");
  EXPECT_EQ(result.fills[0].quantity, 10);
  EXPECT_EQ(result.fills[0].price, px(5.00));
  EXPECT_EQ(result.fills[0].fees, usd(6.5));
  EXPECT_EQ(result.fills[0].instrument.substr(0, 3), "SPY");
}

TEST_F(BacktestRecorderTest, Performance_FromDaysAndTrades) {
  const PerformanceSummary& p = result.performance;
  EXPECT_EQ(p.total_pnl, usd(-5'026));
  EXPECT_EQ(p.max_drawdown.amount, usd(5'026));
  EXPECT_DOUBLE_EQ(p.max_drawdown.ratio, 5026.0 / 1'000'000.0);
  EXPECT_EQ(p.trades.closed, 1);
  EXPECT_EQ(p.trades.losers, 1);
  EXPECT_DOUBLE_EQ(*p.trades.win_rate, 0.0);
  ASSERT_TRUE(p.trades.profit_factor);  // no winner against a loser: 0 / 5,026
  EXPECT_EQ(*p.trades.profit_factor, 0.0);
  ASSERT_TRUE(p.sharpe);  // two losing days with different returns
  EXPECT_LT(*p.sharpe, 0);
  EXPECT_EQ(p.trading_days, 2);
}

TEST_F(BacktestRecorderTest, ExecutionTables_CountBothOrders) {
  EXPECT_EQ(result.execution.orders.orders_submitted, 2u);
  EXPECT_EQ(result.execution.orders_ended_by_state.at("filled"), 2u);
  EXPECT_EQ(result.execution.by_strategy.size(), 2u);  // "scenario" and the bot's exit
  EXPECT_EQ(result.events.desk.exits_produced, 1u);
}

TEST(BacktestRecorderConfig, NonPositiveInterval_Refused) {
  RecorderConfig c;
  c.sample_interval = Nanoseconds{0};
  EXPECT_FALSE(c.validate());
  c.sample_interval.reset();
  c.close_delay = Nanoseconds{-1};
  EXPECT_FALSE(c.validate());
}

TEST(BacktestRecorderInterval, HourlySamples_OnlyWhileTheSessionIsOpen) {
  BacktestScenario s;
  RecorderConfig config;
  config.sample_interval = std::chrono::hours(1);
  s.open(config);
  s.mark(market::Instrument::stock("SPY"), 450);  // 10:00 NY
  ASSERT_TRUE(s.loop.run_until(*parse_iso8601("2025-01-15T23:00:00Z")));
  BacktestResult r = s.recorder->finish();
  // 11:00 .. 15:00 NY while open (16:00 is the close: not open), then the 16:01 close sample; nothing after.
  std::size_t interval = 0;
  for (const auto& x : r.equity_curve) interval += x.day_close ? 0 : 1;
  EXPECT_EQ(interval, 5u);
  EXPECT_EQ(format_iso8601(r.equity_curve.front().time), "2025-01-15T16:00:00.000000000Z");
  EXPECT_EQ(r.days.size(), 1u);
}

}  // namespace
}  // namespace nightdesk::report::testing
