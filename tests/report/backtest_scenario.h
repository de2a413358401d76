// A two-day backtest with a hand-checkable outcome, on the real engine pieces (simulated loop, paper venue,
// order manager, trading desk) with a BacktestRecorder attached:
//   day 1 (Wed 2025-01-15, 10:00 NY): sell 10 SPY 440/430 Feb put spreads for a 2.00 credit (fees 20 x 0.65);
//   day 2 (Thu 10:00 NY): the spread is marked at 7.00 and the bot's stop loss (-200%) buys it back.
// Starting cash 1,000,000. Engine thread (the test's own).
#pragma once

#include <memory>

#include "engine/order_flow_fixture.h"
#include "engine/trading_desk.h"
#include "report/backtest_recorder.h"

namespace nightdesk::report::testing {

using engine::testing::px;
using engine::testing::usd;

inline const TradingCalendar& nyse() {
  static const TradingCalendar calendar = *TradingCalendar::nyse();
  return calendar;
}

class BacktestScenario : public engine::testing::OrderFlowTest {
 public:
  std::unique_ptr<engine::TradingDesk> desk;
  std::unique_ptr<BacktestRecorder> recorder;

  void TestBody() override {}

  void open(RecorderConfig config = {}) {
    broker::PaperVenueConfig venue_config;
    venue_config.starting_cash = usd(1'000'000);
    start(std::move(venue_config));
    engine::TradingDeskConfig desk_config;
    desk_config.id_seed = 1;
    desk = *engine::TradingDesk::create(std::move(desk_config), loop, *manager, [this] { return venue->ledger().cash; }, nyse());
    auto r = BacktestRecorder::create(std::move(config), loop, *desk, *manager, [this] { return venue->ledger().cash; }, nyse());
    ASSERT_TRUE(r) << r.error().describe();
    recorder = std::move(*r);
  }

  static market::Instrument put(double strike) {
    return market::Instrument::option("SPY", Date{std::chrono::year{2025}, std::chrono::February, std::chrono::day{21}},
                                      px(strike), OptionRight::put);
  }
  void mark(const market::Instrument& i, double price) { quote(i, price, price); }

  // Runs both days and returns the recorder's result.
  BacktestResult run() {
    open();
    mark(market::Instrument::stock("SPY"), 450);
    mark(put(440), 5.00);
    mark(put(430), 3.00);
    execution::OrderRequest r;
    r.client_order_id = execution::ClientOrderId("open-1");
    r.legs = {execution::OrderLeg{put(440), 1, execution::Side::sell}, execution::OrderLeg{put(430), 1, execution::Side::buy}};
    r.quantity = Quantity(10);
    r.limit_price = px(-2.00);
    r.strategy_tag = "scenario";
    auto placed = desk->submit(engine::ParentOrderRequest{std::move(r), engine::ExecutionStyle::direct});
    EXPECT_TRUE(placed) << placed.error().describe();
    advance(1);
    EXPECT_TRUE(loop.run_until(*parse_iso8601("2025-01-16T15:00:00Z")));  // Thu 10:00 NY
    mark(market::Instrument::stock("SPY"), 430);
    mark(put(440), 13.00);
    mark(put(430), 6.00);
    advance(1);
    if (auto close = recorder->pending_close()) {
      EXPECT_TRUE(loop.run_until(*close));
    }
    return recorder->finish();
  }
};

}  // namespace nightdesk::report::testing
