// The engine as the programs build it: nightdesk.yaml's settings in, a feed through the loop, an order
// through the desk to the paper venue and back into the portfolio.
#include "engine/desk_session.h"

#include <gtest/gtest.h>

#include "support/desk_session.h"
#include "support/vector_feed.h"

namespace nightdesk::engine {
namespace {

using testing::buy_spy_shares;
using testing::nightdesk_config;
using testing::simulated_desk_session;
using testing::stock_quote;
using testing::VectorFeed;

const Timestamp kOpen = testing::kSessionOpen;
const Price kAsk = Price::from_units(4'500'100);

TEST(DeskSession, SimulatedClock_StartsWhereTold_AndFollowsTheFeed) {
  auto session = simulated_desk_session();
  ASSERT_NE(session, nullptr);
  EXPECT_TRUE(session->loop().is_simulated());
  EXPECT_EQ(session->clock().now(), kOpen - std::chrono::minutes(1));
  VectorFeed feed({stock_quote("SPY", kOpen, 4'500'000, 4'500'100)});
  ASSERT_TRUE(session->run(feed));
  EXPECT_EQ(session->clock().now(), kOpen);
  EXPECT_EQ(session->loop().stats().quotes, 1u);
}

TEST(DeskSession, OrderThroughTheDesk_FillsAtTheVenue_AndBooksThePosition) {
  auto session = simulated_desk_session();
  ASSERT_NE(session, nullptr);
  const Money cash_before = session->venue().ledger().cash;
  bool submitted = false;
  session->loop().schedule_at(kOpen + std::chrono::seconds(1), [&] {
    auto order = session->desk().submit(ParentOrderRequest{buy_spy_shares("session-buy-1", 4, kAsk), ExecutionStyle::direct});
    ASSERT_TRUE(order) << order.error().describe();
    submitted = true;
  });
  VectorFeed feed({stock_quote("SPY", kOpen, 4'500'000, 4'500'100),
                   stock_quote("SPY", kOpen + std::chrono::seconds(2), 4'500'000, 4'500'100),
                   stock_quote("SPY", kOpen + std::chrono::seconds(3), 4'500'000, 4'500'100)});
  ASSERT_TRUE(session->run(feed));
  ASSERT_TRUE(submitted);
  const portfolio::Position* position = session->desk().portfolio().position("pos-session-buy-1");
  ASSERT_NE(position, nullptr);
  const portfolio::PositionLeg* leg = position->leg(market::Instrument::stock("SPY"));
  ASSERT_NE(leg, nullptr);
  EXPECT_EQ(leg->quantity.count(), 4);
  // 4 shares at the $450.01 ask (within the default 2% risk per trade of $100,000), plus any commission.
  EXPECT_LE(session->venue().ledger().cash, cash_before - Money::from_units(18'000'400));
  EXPECT_TRUE(session->desk().open_orders().empty());
}

TEST(DeskSession, RiskSection_ReachesTheDesk) {
  auto session = simulated_desk_session("risk:\n  max_consecutive_losses: 3\n");
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->desk().risk().limits().max_consecutive_losses, 3);
}

TEST(DeskSession, DeskSection_BecomesTheDeskSettings) {
  auto config = nightdesk_config("desk:\n  management_interval: 5m\n  bot_execution: direct\n");
  TradingDeskConfig desk = trading_desk_config(config);
  EXPECT_EQ(desk.management_interval, std::chrono::minutes(5));
  EXPECT_EQ(desk.bot_style, ExecutionStyle::direct);
  EXPECT_EQ(desk.limits.max_drawdown, config.risk.max_drawdown);
}

TEST(DeskSession, Live_UsesTheWallClock) {
  DeskSessionOptions options;
  options.config = nightdesk_config("");
  options.simulated = false;
  auto session = DeskSession::create(std::move(options));
  ASSERT_TRUE(session) << session.error().describe();
  EXPECT_FALSE((*session)->loop().is_simulated());
  const auto drift = (*session)->clock().now() - RealClock().now();
  EXPECT_LT(std::chrono::abs(drift), std::chrono::seconds(5));
}

TEST(DeskSession, LimitsTheDeskRefuses_FailTheCreate) {
  DeskSessionOptions options;
  options.config = nightdesk_config("");
  options.config.risk.max_consecutive_losses = 0;
  auto session = DeskSession::create(std::move(options));
  ASSERT_FALSE(session);
  EXPECT_NE(session.error().describe().find("max_consecutive_losses"), std::string::npos) << session.error().describe();
}

}  // namespace
}  // namespace nightdesk::engine
