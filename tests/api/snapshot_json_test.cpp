// The API's JSON views of an engine snapshot: exact decimal strings for money, ISO times, names for enums.
#include "api/snapshot_json.h"

#include <gtest/gtest.h>

#include "traded_snapshot.h"

namespace nightdesk::api {
namespace {

// One filled 3-share SPY buy at the $450.01 ask, and a 460 call quoted on the chain.
class SnapshotJsonTest : public ::testing::Test {
 public:
  engine::DeskSnapshot snapshot = test::traded_snapshot();
};

TEST_F(SnapshotJsonTest, Position_HasLegsCostAndHistory_AsExactStrings) {
  ASSERT_EQ(snapshot.positions.size(), 1u);
  Json p = position_json(snapshot.positions.front(), snapshot);
  EXPECT_EQ(p["id"], "pos-json-1");
  EXPECT_EQ(p["underlying"], "SPY");
  EXPECT_EQ(p["open"], true);
  ASSERT_EQ(p["legs"].size(), 1u);
  EXPECT_EQ(p["legs"][0]["quantity"], 3);
  EXPECT_EQ(p["legs"][0]["instrument"]["symbol"], "SPY");
  EXPECT_EQ(p["legs"][0]["instrument"]["kind"], "underlying");
  EXPECT_EQ(p["entry_cost"], "1350.03");  // 3 x 450.01, debit positive
  EXPECT_EQ(p["legs"][0]["mark"], "450.005");
  ASSERT_FALSE(p["history"].empty());
  EXPECT_EQ(p["history"][0]["kind"], "opened");
  EXPECT_TRUE(p["history"][0]["who"].is_string());
  EXPECT_EQ(p["history"][0]["time"].get<std::string>().substr(0, 10), "2025-01-15");
}

TEST_F(SnapshotJsonTest, Order_ShowsStateFillsAndAveragePrice) {
  ASSERT_EQ(snapshot.orders.size(), 1u);
  Json o = order_json(snapshot.orders.front());
  EXPECT_EQ(o["client_order_id"], "json-1");
  EXPECT_EQ(o["state"], "filled");
  EXPECT_EQ(o["type"], "limit");
  EXPECT_EQ(o["quantity"], 3);
  EXPECT_EQ(o["filled"], 3);
  EXPECT_EQ(o["leaves"], 0);
  EXPECT_EQ(o["limit_price"], "450.01");
  EXPECT_EQ(o["average_price"], "450.01");
  EXPECT_EQ(o["stop_price"], nullptr);
  EXPECT_EQ(o["legs"][0]["side"], "buy");
  EXPECT_FALSE(o["fills"].empty());
  EXPECT_GE(o["history"].size(), 2u);
}

TEST_F(SnapshotJsonTest, Summary_CountsManualAndBotPositionsApart) {
  Json s = positions_summary_json(snapshot);
  EXPECT_EQ(s["total_open"], 1);
  EXPECT_EQ(s["bot_managed"]["open"].get<int>() + s["manual"]["open"].get<int>(), 1);
  EXPECT_EQ(s["unrealized_pnl"], "-0.015");  // marked at the 450.005 mid
}

TEST_F(SnapshotJsonTest, Risk_ShowsBreakerLimitsUsageAndBuyingPower) {
  Json r = risk_json(snapshot);
  EXPECT_EQ(r["breaker"], "active");
  EXPECT_EQ(r["limits"]["max_daily_loss_pct"], "3.0%");
  EXPECT_EQ(r["limits"]["max_consecutive_losses"], 5);
  EXPECT_EQ(r["usage"]["consecutive_losses"], 0);
  ASSERT_TRUE(r["buying_power"].is_object()) << r.dump();
  ASSERT_EQ(r["buying_power"]["positions"].size(), 1u);
  EXPECT_EQ(r["buying_power"]["positions"][0]["position_id"], "pos-json-1");
  EXPECT_TRUE(r["audit"].is_array());
}

TEST_F(SnapshotJsonTest, Chain_ListsExpiriesStrikesAndBothSides) {
  const market::OptionChain* chain = snapshot.chains->chain("SPY");
  ASSERT_NE(chain, nullptr);
  Json c = chain_json(*chain);
  EXPECT_EQ(c["underlying"], "SPY");
  EXPECT_EQ(c["spot"], "450.005");
  ASSERT_EQ(c["expiries"].size(), 1u);
  EXPECT_EQ(c["expiries"][0]["expiry"], "2025-02-21");
  const Json& strike = c["expiries"][0]["strikes"][0];
  EXPECT_EQ(strike["strike"], "460.00");
  EXPECT_EQ(strike["call"]["bid"], "3.10");
  EXPECT_EQ(strike["call"]["ask_size"], 12);
  EXPECT_EQ(strike["put"], nullptr);
}

TEST_F(SnapshotJsonTest, ExecutionQuality_HasTotalsAndRecentOrders) {
  Json q = execution_quality_json(snapshot);
  EXPECT_EQ(q["total"]["orders"], 1);
  EXPECT_EQ(q["total"]["filled"], 3);
  ASSERT_EQ(q["recent"].size(), 1u);
  EXPECT_EQ(q["recent"][0]["client_order_id"], "json-1");
  EXPECT_TRUE(q["by_symbol"].contains("SPY"));
}

TEST(InstrumentJson, Option_HasTheOccSymbolAndTerms) {
  const Date expiry{std::chrono::year{2025}, std::chrono::January, std::chrono::day{17}};
  Json j = instrument_json(market::Instrument::option("SPY", expiry, Price::from_units(4'500'000), OptionRight::put));
  EXPECT_EQ(j["symbol"], "SPY   250117P00450000");
  EXPECT_EQ(j["kind"], "option");
  EXPECT_EQ(j["expiry"], "2025-01-17");
  EXPECT_EQ(j["strike"], "450.00");
  EXPECT_EQ(j["right"], "put");
  EXPECT_EQ(j["multiplier"], 100);
}

}  // namespace
}  // namespace nightdesk::api
