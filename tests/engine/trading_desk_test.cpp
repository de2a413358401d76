// End to end on the engine thread: a simulated clock, scripted quotes, the paper venue, the OrderManager and
// the TradingDesk (portfolio + risk) wired on one bus.
#include "engine/trading_desk.h"

#include <gtest/gtest.h>

#include "engine/expiry_schedule.h"
#include "market/synthetic_market.h"
#include "trading_desk_fixture.h"

namespace nightdesk::engine::testing {
namespace {

using portfolio::ManagementActionKind;

TEST_F(TradingDeskTest, CreditSpreadAtFiftyPercent_LadderExitClosesThreeOfTen) {
  open_desk(1'000'000);
  const std::string id = open_ten_spreads();
  ASSERT_EQ(held(position(id), put(440)), -10);
  EXPECT_EQ(position(id).entry_cost(), usd(-2000));
  EXPECT_TRUE(position(id).is_bot_managed());

  mark(put(430), 1.50);  // net 3.50 first: -75%, nothing to do
  mark(put(440), 2.50);  // net 1.00: P&L +1000 of 2000 = +50%
  advance(1);

  EXPECT_EQ(desk->metrics().exits_produced, 1u);
  EXPECT_TRUE(has_action(position(id), ManagementActionKind::take_profit));
  EXPECT_EQ(held(position(id), put(440)), -7);  // floor(10 x 30%) = 3 closed
  EXPECT_EQ(held(position(id), put(430)), 7);
  EXPECT_EQ(desk->metrics().orders_refused, 0u);
  EXPECT_EQ(desk->metrics().positions_bot_managed, 1u);
}

TEST_F(TradingDeskTest, LossBeyondStop_StopLossClosesEverything) {
  open_desk(1'000'000);
  const std::string id = open_ten_spreads();
  mark(put(440), 13.00);
  mark(put(430), 6.00);  // net 7.00: P&L -5000 of 2000 = -250% <= -200%
  advance(1);
  EXPECT_TRUE(has_action(position(id), ManagementActionKind::stop_loss));
  EXPECT_TRUE(position(id).is_flat());
  EXPECT_EQ(position(id).realized_pnl(), usd(-5000));
  EXPECT_EQ(desk->metrics().positions_bot_managed, 0u);
}

TEST_F(TradingDeskTest, OpeningOrderOverRiskPerTrade_RefusedWithNumbers) {
  open_desk(100'000);  // 2% = 2,000; ten 10-wide spreads for 2.00 risk 8,000
  spy(450);
  mark(put(440), 5.00);
  mark(put(430), 3.00);
  auto placed = send(put_spread(440, 430, 10, 2.00));
  ASSERT_FALSE(placed);
  EXPECT_EQ(placed.error().field, "risk_per_trade");
  EXPECT_NE(placed.error().message.find("risk per trade"), std::string::npos) << placed.error().message;
  ASSERT_EQ(refusals.size(), 1u);
  EXPECT_TRUE(refusals[0].decision.violates(risk::RiskRule::risk_per_trade));
  EXPECT_EQ(desk->metrics().refusals("risk_per_trade"), 1u);
  EXPECT_EQ(manager->metrics().orders_submitted, 0u);
}

TEST_F(TradingDeskTest, OrderWithoutMarks_RefusedAsMarketData) {
  open_desk(1'000'000);
  auto placed = send(put_spread(440, 430, 1, 2.00));
  ASSERT_FALSE(placed);
  EXPECT_EQ(placed.error().field, "market_data");
  EXPECT_EQ(desk->metrics().refusals("market_data"), 1u);
}

TEST_F(TradingDeskTest, DailyLossTripsBreaker_CancelsOpeningKeepsClosingRefusesNew) {
  TradingDeskConfig config;
  config.limits.max_daily_loss = *risk::BasisPoints::from_percent_number(0.5);  // 500 of 100,000
  open_desk(100'000, config);
  spy(450);
  mark(put(440), 5.00);
  mark(put(430), 3.00);
  auto opened = send(put_spread(440, 430, 1, 2.00));
  ASSERT_TRUE(opened) << opened.error().describe();
  const std::string id = (*opened)->request.parent_position_id;
  mark(put(445), 6.00);
  mark(put(435), 4.00);
  auto resting = send(put_spread(445, 435, 1, 3.00));  // asks 3.00 where 2.00 is quoted: rests
  ASSERT_TRUE(resting) << resting.error().describe();
  const ClientOrderId resting_id = (*resting)->client_order_id();
  advance(1);
  ASSERT_EQ(held(position(id), put(440)), -1);
  ASSERT_EQ(manager->find(resting_id)->state, OrderState::accepted);

  mark(put(440), 10.00);  // net 8.00: -600, beyond the 500 daily loss, and -300% beyond the stop
  advance(1);

  EXPECT_EQ(desk->risk().breaker().state(), risk::BreakerState::reducing) << desk->account().equity.to_string() << " sod " << desk->account().start_of_day_equity.to_string() ;
  ASSERT_FALSE(alerts.empty());
  EXPECT_EQ(alerts[0].trigger, risk::BreakerTrigger::daily_loss);
  EXPECT_EQ(manager->find(resting_id)->state, OrderState::cancelled);
  EXPECT_EQ(desk->metrics().breaker_cancels, 1u);
  // The stop loss's close is risk-reducing: accepted and filled while reducing.
  EXPECT_TRUE(has_action(position(id), ManagementActionKind::stop_loss));
  EXPECT_TRUE(position(id).is_flat());
  // A new opening order is refused by the breaker.
  auto fresh = send(put_spread(445, 435, 1, 2.00));
  ASSERT_FALSE(fresh);
  EXPECT_GE(desk->metrics().refusals("circuit_breaker"), 1u);
}

TEST_F(TradingDeskTest, Reset_NeedsWhoAndReasonAndIsAudited) {
  open_desk(100'000);
  spy(450);
  ASSERT_TRUE(desk->halt("alice", "news pending"));
  EXPECT_EQ(desk->risk().breaker().state(), risk::BreakerState::halted);
  EXPECT_FALSE(desk->reset("", "looked at it"));
  EXPECT_FALSE(desk->reset("alice", " "));
  auto reset = desk->reset("alice", "news was benign");
  ASSERT_TRUE(reset) << reset.error().describe();
  EXPECT_EQ(desk->risk().breaker().state(), risk::BreakerState::active);
  const auto& log = desk->risk().breaker().audit_log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].who, "alice");
  EXPECT_EQ(log[1].reason, "news was benign");
  EXPECT_EQ(log[1].trigger, risk::BreakerTrigger::reset);
  EXPECT_EQ(desk->metrics().breaker_transitions, 2u);
}

TEST_F(TradingDeskTest, ShortPutExpiresWorthless_PositionClosesWithCredit) {
  TradingDeskConfig config;
  config.management.roll.enabled = false;
  open_desk(1'000'000, config);
  auto schedule = ExpirySchedule::create(loop, *venue, nyse());
  spy(450);
  mark(put(440, kExpiry), 2.00);
  OrderRequest r = limit(put(440, kExpiry), Side::sell, 1, 2.00);
  auto placed = send(r);
  ASSERT_TRUE(placed) << placed.error().describe();
  const std::string id = (*placed)->request.parent_position_id;
  advance(1);
  ASSERT_EQ(held(position(id), put(440, kExpiry)), -1);
  spy(446);
  loop.run_until(*parse_iso8601("2025-01-17T21:01:00Z"));
  EXPECT_TRUE(position(id).is_flat());
  EXPECT_EQ(position(id).realized_pnl(), usd(200));
  EXPECT_EQ(desk->metrics().settlements_applied, 1u);
}

TEST_F(TradingDeskTest, ShortPutAssigned_OptionClosesAndSharesArrive) {
  TradingDeskConfig config;
  config.management.roll.enabled = false;
  config.management.exits.stop_loss.enabled = false;
  open_desk(1'000'000, config);
  spy(450);
  mark(put(440, kExpiry), 2.00);
  auto placed = send(limit(put(440, kExpiry), Side::sell, 1, 2.00));
  ASSERT_TRUE(placed) << placed.error().describe();
  const std::string id = (*placed)->request.parent_position_id;
  advance(1);
  ASSERT_TRUE(venue->settle_expiry(kExpiry, {{"SPY", px(435)}}));
  EXPECT_EQ(held(position(id), put(440, kExpiry)), 0);
  EXPECT_EQ(held(position(id), market::Instrument::stock("SPY")), 100);
  EXPECT_EQ(position(id).realized_pnl(), usd(-300));  // 2.00 credit, 5.00 intrinsic paid
}

// A chain from the synthetic market: the session of 2025-01-15 (2 DTE to the 01-17 weekly).
class TradingDeskRollTest : public TradingDeskTest {};

TEST_F(TradingDeskRollTest, SpreadAtTwoDte_RollsToNextMonthAsOneComboThatFills) {
  TradingDeskConfig config;
  config.management.exits.stop_loss.enabled = false;
  open_desk(1'000'000, config);
  market::SyntheticConfig synthetic;
  synthetic.seed = 7;
  synthetic.start = Date{std::chrono::year{2025}, std::chrono::January, std::chrono::day{15}};
  synthetic.trading_days = 1;
  auto feed = market::SyntheticFeed::create(synthetic, nyse());
  ASSERT_TRUE(feed);
  ASSERT_TRUE(loop.run(**feed));
  const market::OptionChain* chain = desk->chains().chain("SPY");
  ASSERT_NE(chain, nullptr);
  const market::ExpirySlice* near = chain->expiry(kExpiry);
  ASSERT_NE(near, nullptr);
  const Price atm = *chain->atm_strike(*near);
  const market::Instrument short_leg = put(atm.to_double() - 5, kExpiry), long_leg = put(atm.to_double() - 15, kExpiry);
  const market::Quote* s = manager->quotes().find(short_leg);
  const market::Quote* l = manager->quotes().find(long_leg);
  ASSERT_TRUE(s && l);
  OrderRequest open;
  open.client_order_id = ClientOrderId("open-roll");
  open.legs = {OrderLeg{short_leg, 1, Side::sell}, OrderLeg{long_leg, 1, Side::buy}};
  open.quantity = Quantity(2);
  open.limit_price = l->ask - s->bid;  // the far touch: marketable
  auto placed = send(open);
  ASSERT_TRUE(placed) << placed.error().describe();
  const std::string id = (*placed)->request.parent_position_id;
  advance(1);
  ASSERT_EQ(held(position(id), short_leg), -2);

  desk->manage_now();
  EXPECT_EQ(desk->metrics().rolls_started, 1u) << (skipped.empty() ? "" : skipped.back().reason);
  advance(900);  // the walk steps from the mid to the far touch
  ASSERT_FALSE(desk->portfolio().roll_history().empty());
  const auto& result = desk->portfolio().roll_history().back();
  EXPECT_TRUE(result.success) << result.error;
  EXPECT_EQ(held(position(id), short_leg), 0);
  std::int64_t new_short = 0;
  for (const auto& leg : position(id).legs()) {
    EXPECT_GT(leg.instrument.expiry, kExpiry);
    if (leg.quantity.count() < 0) new_short += leg.quantity.count();
  }
  EXPECT_EQ(new_short, -2);
}

TEST_F(TradingDeskRollTest, NoTargetExpiryInChain_RollSkippedWithReason) {
  open_desk(1'000'000);
  spy(450);
  mark(put(440, kExpiry), 2.00);
  auto placed = send(limit(put(440, kExpiry), Side::sell, 1, 2.00));
  ASSERT_TRUE(placed) << placed.error().describe();
  advance(1);
  desk->manage_now();
  // SPY's chain has only the near expiry: the roll planner finds no target expiry and the desk says why.
  ASSERT_FALSE(skipped.empty());
  EXPECT_FALSE(skipped.back().reason.empty());
  EXPECT_GE(desk->metrics().rolls_skipped, 1u);
}

TEST(TradingDeskConfig, NegativeInterval_IsRefusedNamingTheField) {
  TradingDeskConfig config;
  config.management_interval = std::chrono::seconds(-1);
  auto s = config.validate();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "management_interval");
}

}  // namespace
}  // namespace nightdesk::engine::testing
