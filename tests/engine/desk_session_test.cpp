// The engine as the programs build it: nightdesk.yaml's settings in, a feed through the loop, an order
// through the desk to the paper venue and back into the portfolio.
#include "engine/desk_session.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "support/vector_feed.h"

namespace nightdesk::engine {
namespace {

using testing::stock_quote;
using testing::VectorFeed;

// 2025-01-15 15:00Z: a Wednesday, 10:00 in New York (inside the session).
const Timestamp kOpen = *parse_iso8601("2025-01-15T15:00:00Z");

NightdeskConfig config_from(std::string_view yaml) {
  auto config = load_nightdesk_config_text(yaml, "nightdesk.yaml", environment_from({}));
  if (!config) throw std::runtime_error(config.error().describe());
  return std::move(*config);
}

std::unique_ptr<DeskSession> simulated_session(std::string_view yaml = "") {
  DeskSessionOptions options;
  options.config = config_from(yaml);
  options.start = kOpen - std::chrono::minutes(1);
  options.id_seed = 7;
  auto session = DeskSession::create(std::move(options));
  EXPECT_TRUE(session) << session.error().describe();
  return session ? std::move(*session) : nullptr;
}

execution::OrderRequest buy_spy(std::int64_t shares, std::int64_t limit_units) {
  execution::OrderRequest r;
  r.client_order_id = execution::ClientOrderId("session-buy-1");
  r.legs = {execution::OrderLeg{market::Instrument::stock("SPY"), 1, execution::Side::buy}};
  r.quantity = Quantity(shares);
  r.limit_price = Price::from_units(limit_units);
  r.strategy_tag = "test";
  return r;
}

TEST(DeskSession, SimulatedClock_StartsWhereTold_AndFollowsTheFeed) {
  auto session = simulated_session();
  ASSERT_NE(session, nullptr);
  EXPECT_TRUE(session->loop().is_simulated());
  EXPECT_EQ(session->clock().now(), kOpen - std::chrono::minutes(1));
  VectorFeed feed({stock_quote("SPY", kOpen, 4'500'000, 4'500'100)});
  ASSERT_TRUE(session->run(feed));
  EXPECT_EQ(session->clock().now(), kOpen);
  EXPECT_EQ(session->loop().stats().quotes, 1u);
}

TEST(DeskSession, OrderThroughTheDesk_FillsAtTheVenue_AndBooksThePosition) {
  auto session = simulated_session();
  ASSERT_NE(session, nullptr);
  const Money cash_before = session->venue().ledger().cash;
  bool submitted = false;
  session->loop().schedule_at(kOpen + std::chrono::seconds(1), [&] {
    auto order = session->desk().submit(ParentOrderRequest{buy_spy(4, 4'500'100), ExecutionStyle::direct});
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
  auto session = simulated_session("risk:\n  max_consecutive_losses: 3\n");
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->desk().risk().limits().max_consecutive_losses, 3);
}

TEST(DeskSession, DeskSection_BecomesTheDeskSettings) {
  auto config = config_from("desk:\n  management_interval: 5m\n  bot_execution: direct\n");
  TradingDeskConfig desk = trading_desk_config(config);
  EXPECT_EQ(desk.management_interval, std::chrono::minutes(5));
  EXPECT_EQ(desk.bot_style, ExecutionStyle::direct);
  EXPECT_EQ(desk.limits.max_drawdown, config.risk.max_drawdown);
}

TEST(DeskSession, Live_UsesTheWallClock) {
  DeskSessionOptions options;
  options.config = config_from("");
  options.simulated = false;
  auto session = DeskSession::create(std::move(options));
  ASSERT_TRUE(session) << session.error().describe();
  EXPECT_FALSE((*session)->loop().is_simulated());
  const auto drift = (*session)->clock().now() - RealClock().now();
  EXPECT_LT(std::chrono::abs(drift), std::chrono::seconds(5));
}

TEST(DeskSession, LimitsTheDeskRefuses_FailTheCreate) {
  DeskSessionOptions options;
  options.config = config_from("");
  options.config.risk.max_consecutive_losses = 0;
  auto session = DeskSession::create(std::move(options));
  ASSERT_FALSE(session);
  EXPECT_NE(session.error().describe().find("max_consecutive_losses"), std::string::npos) << session.error().describe();
}

}  // namespace
}  // namespace nightdesk::engine
