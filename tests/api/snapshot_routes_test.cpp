// The engine's read endpoints over loopback: a real ApiServer answering from a snapshot of a traded engine.
#include "api/snapshot_routes.h"

#include <gtest/gtest.h>

#include "api_server_fixture.h"
#include "traded_snapshot.h"

namespace nightdesk::api {
namespace {

using nlohmann::json;

class SnapshotRoutesTest : public ::testing::Test {
 public:
  std::shared_ptr<const engine::DeskSnapshot> snapshot =
      std::make_shared<const engine::DeskSnapshot>(test::traded_snapshot());
  std::unique_ptr<ApiServer> server;

  void SetUp() override {
    ApiServerOptions o;
    o.tokens = test::test_grants();
    auto routes = snapshot_routes([this] { return snapshot; }, {"paper", "test-1.0", RealClock().now()});
    auto started = ApiServer::start(std::move(o), std::move(routes));
    ASSERT_TRUE(started) << started.error().message;
    server = std::move(*started);
  }
  HttpReply get(const std::string& path, const std::string& token = test::kReadToken) {
    auto r = http_request("GET", server->url() + path, {}, {"Authorization: Bearer " + token});
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : HttpReply{};
  }
  json get_json(const std::string& path, long status = 200) {
    HttpReply r = get(path);
    EXPECT_EQ(r.status, status) << path << ": " << r.body;
    return json::parse(r.body, nullptr, false);
  }
};

TEST_F(SnapshotRoutesTest, Status_NamesModeVersionBreakerAndEngineTime) {
  json s = get_json("/api/v1/status");
  EXPECT_EQ(s["mode"], "paper");
  EXPECT_EQ(s["version"], "test-1.0");
  EXPECT_EQ(s["breaker"], "active");
  EXPECT_EQ(s["engine_time"].get<std::string>().substr(0, 10), "2025-01-15");
  EXPECT_GE(s["uptime_seconds"].get<int>(), 0);
}

TEST_F(SnapshotRoutesTest, Positions_ListAndOne_AndUnknownIsA404NamingTheId) {
  json list = get_json("/api/v1/positions");
  ASSERT_EQ(list["positions"].size(), 1u);
  EXPECT_EQ(list["positions"][0]["id"], "pos-json-1");
  json one = get_json("/api/v1/positions/pos-json-1");
  EXPECT_EQ(one["legs"][0]["quantity"], 3);
  json missing = get_json("/api/v1/positions/pos-nope", 404);
  EXPECT_EQ(missing["error"]["code"], "not_found");
  EXPECT_EQ(missing["error"]["field"], "id");
  EXPECT_NE(missing["error"]["message"].get<std::string>().find("pos-nope"), std::string::npos);
}

TEST_F(SnapshotRoutesTest, PositionsSummary_IsTheLiteralRoute_NotAPositionId) {
  json summary = get_json("/api/v1/positions/summary");
  EXPECT_EQ(summary["total_open"], 1);
  EXPECT_TRUE(summary.contains("bot_managed"));
}

TEST_F(SnapshotRoutesTest, Orders_FilterByStatusAndSymbol) {
  EXPECT_EQ(get_json("/api/v1/orders")["orders"].size(), 1u);
  EXPECT_EQ(get_json("/api/v1/orders?status=filled")["orders"].size(), 1u);
  EXPECT_EQ(get_json("/api/v1/orders?status=closed")["orders"].size(), 1u);
  EXPECT_EQ(get_json("/api/v1/orders?status=open")["orders"].size(), 0u);
  EXPECT_EQ(get_json("/api/v1/orders?symbol=SPY")["orders"].size(), 1u);
  EXPECT_EQ(get_json("/api/v1/orders?symbol=QQQ")["orders"].size(), 0u);
  EXPECT_EQ(get_json("/api/v1/orders?symbol=SPY250221C00460000")["orders"].size(), 0u);
  EXPECT_EQ(get_json("/api/v1/orders/json-1")["state"], "filled");
}

TEST_F(SnapshotRoutesTest, Orders_UnknownStatus_Is400NamingStatusAndTheChoices) {
  json e = get_json("/api/v1/orders?status=done", 400)["error"];
  EXPECT_EQ(e["field"], "status");
  EXPECT_NE(e["message"].get<std::string>().find("partially_filled"), std::string::npos) << e.dump();
}

TEST_F(SnapshotRoutesTest, PortfolioRiskQualityAndAudit_Answer) {
  EXPECT_TRUE(get_json("/api/v1/portfolio/greeks").contains("total"));
  EXPECT_EQ(get_json("/api/v1/portfolio/pnl")["unrealized_pnl"], "-0.015");
  EXPECT_EQ(get_json("/api/v1/risk")["breaker"], "active");
  EXPECT_EQ(get_json("/api/v1/execution/quality")["total"]["orders"], 1);
  json audit = get_json("/api/v1/audit")["entries"];
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0]["type"], "management");
  EXPECT_EQ(audit[0]["kind"], "opened");
}

TEST_F(SnapshotRoutesTest, ChainsAndQuotes_ForUnderlyingAndOption) {
  json chain = get_json("/api/v1/chains/SPY");
  EXPECT_EQ(chain["expiries"][0]["expiry"], "2025-02-21");
  EXPECT_EQ(get_json("/api/v1/chains/QQQ", 404)["error"]["field"], "underlying");
  EXPECT_EQ(get_json("/api/v1/quotes/SPY")["ask"], "450.01");
  json option = get_json("/api/v1/quotes/SPY250221C00460000");
  EXPECT_EQ(option["bid"], "3.10");
  EXPECT_EQ(option["ask_size"], 12);
  EXPECT_EQ(get_json("/api/v1/quotes/SPY250221P00460000", 404)["error"]["field"], "symbol");
}

TEST_F(SnapshotRoutesTest, Reads_NeedAToken) {
  auto r = http_request("GET", server->url() + "/api/v1/positions");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
}

}  // namespace
}  // namespace nightdesk::api
