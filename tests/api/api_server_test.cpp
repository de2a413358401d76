// ApiServer over loopback (libcurl): built-in endpoints, auth and scopes, routing, CORS, bodies, rate limits,
// failing handlers, and the refusals to start.
#include "api/api_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/api_server_fixture.h"

namespace nightdesk::api::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using ::testing::HasSubstr;

TEST_F(ApiServerTest, PortZero_ReportsTheBoundPort) {
  EXPECT_GT(server->port(), 0);
  EXPECT_EQ(server->url(), "http://127.0.0.1:" + std::to_string(server->port()));
}

TEST_F(ApiServerTest, Health_NeedsNoToken) {
  auto r = call("GET", "/api/v1/health", "");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["status"], "ok");
  EXPECT_EQ(r.header("content-type"), "application/json");
}

TEST_F(ApiServerTest, Ready_503UntilToldReady) {
  server->set_ready(false, "store not connected");
  auto r = call("GET", "/api/v1/ready", "");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(error_of(r)["code"], "unavailable");
  EXPECT_THAT(error_of(r)["message"].get<std::string>(), HasSubstr("store not connected"));
  server->set_ready(true);
  EXPECT_EQ(call("GET", "/api/v1/ready", "").status, 200);
}

TEST_F(ApiServerTest, Metrics_CountRequestsByRouteTemplateAndStatus) {
  call("GET", "/api/v1/positions/42");
  call("GET", "/api/v1/positions/43");
  call("GET", "/api/v1/positions/44", "");
  call("GET", "/api/v1/nothing");
  auto r = call("GET", "/api/v1/metrics", "");
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.header("content-type").value_or(""), HasSubstr("version=0.0.4"));
  EXPECT_THAT(r.body, HasSubstr(R"(nightdesk_api_requests_total{route="/api/v1/positions/{id}",method="GET",status="200"} 2)"));
  EXPECT_THAT(r.body, HasSubstr(R"(nightdesk_api_requests_total{route="/api/v1/positions/{id}",method="GET",status="401"} 1)"));
  EXPECT_THAT(r.body, HasSubstr(R"(nightdesk_api_requests_total{route="unmatched",method="GET",status="404"} 1)"));
  EXPECT_THAT(r.body, HasSubstr(R"(nightdesk_api_auth_failures_total{reason="missing"} 1)"));
  EXPECT_THAT(r.body, HasSubstr(R"(nightdesk_api_rejects_total{reason="not_found"} 1)"));
}

TEST_F(ApiServerTest, MissingToken_401InTheErrorShape) {
  auto r = call("GET", "/api/v1/positions", "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(error_of(r)["code"], "unauthorized");
  EXPECT_EQ(error_of(r)["field"], "Authorization");
  EXPECT_EQ(r.header("www-authenticate"), "Bearer");
}

TEST_F(ApiServerTest, WrongToken_401ThenLockedOutWith429) {
  for (int i = 0; i < 10; ++i) EXPECT_EQ(call("GET", "/api/v1/positions", kTradeToken + "x").status, 401);
  auto r = call("GET", "/api/v1/positions");  // the right token, but the address is locked out
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("retry-after"), "6");
  EXPECT_THAT(call("GET", "/api/v1/metrics", "").body, HasSubstr(R"(nightdesk_api_auth_failures_total{reason="invalid"} 10)"));
  advance(6s);
  EXPECT_EQ(call("GET", "/api/v1/positions").status, 200);
}

TEST_F(ApiServerTest, Scopes_ReadCannotTrade_TradeCannotAdmin_AdminCan) {
  auto r = call("POST", "/api/v1/orders", kReadToken, R"({"symbol":"SPY","qty":1})");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(error_of(r)["code"], "forbidden");
  EXPECT_EQ(call("POST", "/api/v1/orders", kTradeToken, R"({"symbol":"SPY","qty":1})").status, 201);
  EXPECT_EQ(call("POST", "/api/v1/risk/reset", kTradeToken).status, 403);
  EXPECT_EQ(call("POST", "/api/v1/risk/reset", kAdminToken).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/positions", kReadToken).status, 200);
}

TEST_F(ApiServerTest, LiteralRoute_WinsOverParameter) {
  EXPECT_EQ(json::parse(call("GET", "/api/v1/positions/summary").body)["summary"], true);
  auto r = json::parse(call("GET", "/api/v1/positions/P-7").body);
  EXPECT_EQ(r["id"], "P-7");
  EXPECT_EQ(r["by"], "api");
}

TEST_F(ApiServerTest, UnknownPath_404_WrongMethod_405WithAllow) {
  auto missing = call("GET", "/api/v1/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(error_of(missing)["code"], "not_found");
  auto wrong = call("PUT", "/api/v1/positions/7");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("allow"), "GET, PATCH, HEAD, OPTIONS");
  EXPECT_EQ(error_of(wrong)["code"], "method_not_allowed");
}

TEST_F(ApiServerTest, Head_AnswersLikeGetWithoutBody) {
  auto r = call("HEAD", "/api/v1/positions");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.header("content-length"), std::to_string(json({{"positions", json::array()}}).dump().size()));
}

TEST_F(ApiServerTest, Options_WithoutOrigin_204WithAllow) {
  auto r = call("OPTIONS", "/api/v1/orders/9", "");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("allow"), "DELETE, OPTIONS");
}

TEST_F(ApiServerTest, Preflight_AllowedOrigin_PatchAllowedWithoutToken) {
  auto r = call("OPTIONS", "/api/v1/positions/9", "", {},
                {"Origin: https://desk.example.com", "Access-Control-Request-Method: PATCH",
                 "Access-Control-Request-Headers: authorization, content-type"});
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("access-control-allow-origin"), "https://desk.example.com");
  EXPECT_EQ(r.header("access-control-allow-methods"), "GET, PATCH, HEAD, OPTIONS");
  EXPECT_THAT(r.header("access-control-allow-headers").value_or(""), HasSubstr("Authorization"));
  EXPECT_EQ(r.header("access-control-max-age"), "600");
  EXPECT_THAT(r.header("vary").value_or(""), HasSubstr("Origin"));
}

TEST_F(ApiServerTest, Preflight_DeleteListed) {
  auto r = call("OPTIONS", "/api/v1/orders/9", "", {},
                {"Origin: https://desk.example.com", "Access-Control-Request-Method: DELETE"});
  EXPECT_EQ(r.status, 204);
  EXPECT_THAT(r.header("access-control-allow-methods").value_or(""), HasSubstr("DELETE"));
}

TEST_F(ApiServerTest, Preflight_OtherOrigin_403WithoutAllowOrigin) {
  auto r = call("OPTIONS", "/api/v1/positions/9", "", {},
                {"Origin: https://evil.example.com", "Access-Control-Request-Method: PATCH"});
  EXPECT_EQ(r.status, 403);
  EXPECT_FALSE(r.header("access-control-allow-origin"));
}

TEST_F(ApiServerTest, CrossOriginRequest_AllowedOriginEchoed_OtherRefused) {
  auto ok = call("GET", "/api/v1/positions", kTradeToken, {}, {"Origin: https://desk.example.com"});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.header("access-control-allow-origin"), "https://desk.example.com");
  EXPECT_EQ(ok.header("vary"), "Origin");
  auto evil = call("GET", "/api/v1/positions", kTradeToken, {}, {"Origin: https://evil.example.com"});
  EXPECT_EQ(evil.status, 403);
  EXPECT_EQ(error_of(evil)["code"], "origin_not_allowed");
  EXPECT_FALSE(evil.header("access-control-allow-origin"));
}

// The dashboard this server serves calls back from the server's own origin, which the allowlist need not name.
TEST_F(ApiServerTest, SameOriginRequest_NotOnTheAllowlist_IsServed) {
  const std::string host = server->url().substr(std::string("http://").size());
  auto same = call("POST", "/api/v1/orders", kTradeToken, R"({"symbol":"SPY","qty":1})", {"Origin: http://" + host});
  EXPECT_EQ(same.status, 201);
  EXPECT_FALSE(same.header("access-control-allow-origin")) << "not a CORS request";
  auto other_port = call("GET", "/api/v1/positions", kTradeToken, {}, {"Origin: http://127.0.0.1:1"});
  EXPECT_EQ(other_port.status, 403);
}

TEST_F(ApiServerTest, MalformedJson_400NamingTheProblem) {
  auto r = call("POST", "/api/v1/orders", kTradeToken, R"({"symbol": "SPY", "qty": })");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r)["code"], "malformed_json");
  EXPECT_THAT(error_of(r)["message"].get<std::string>(), HasSubstr("malformed JSON at byte"));
}

TEST_F(ApiServerTest, WrongType_400NamingTheField) {
  auto r = call("POST", "/api/v1/orders", kTradeToken, R"({"symbol": "SPY", "qty": "1"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r)["code"], "invalid_argument");
  EXPECT_EQ(error_of(r)["field"], "qty");
}

TEST_F(ApiServerTest, UnknownField_400NamingTheField) {
  auto r = call("PATCH", "/api/v1/positions/3", kTradeToken, R"({"stop_pct": -200, "stopp": 1})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r)["field"], "stopp");
  EXPECT_EQ(error_of(r)["message"], "unknown field");
}

TEST_F(ApiServerTest, JsonDepth65_400) {
  const std::string deep = R"({"stop_pct": )" + std::string(64, '[') + std::string(64, ']') + "}";
  auto r = call("PATCH", "/api/v1/positions/3", kTradeToken, deep);
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(error_of(r)["message"].get<std::string>(), HasSubstr("deeper than 64"));
}

TEST_F(ApiServerTest, NonJsonContentType_415) {
  auto r = call("POST", "/api/v1/orders", kTradeToken, {}, {"Content-Type: text/plain"});
  EXPECT_EQ(r.status, 400);  // no body: the handler's field check refuses null
  auto typed = http_request("POST", url("/api/v1/orders"), "symbol=SPY",
                            {"Authorization: Bearer " + kTradeToken, "Content-Type: application/x-www-form-urlencoded"});
  ASSERT_TRUE(typed);
  EXPECT_EQ(typed->status, 415);
}

TEST_F(ApiServerTest, OversizedBody_413InTheErrorShape) {
  const std::string big = R"({"symbol": ")" + std::string(5000, 'x') + R"(", "qty": 1})";
  auto r = call("POST", "/api/v1/orders", kTradeToken, big, {"Expect:"});
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(error_of(r)["code"], "payload_too_large");
  EXPECT_THAT(call("GET", "/api/v1/metrics", "").body, HasSubstr(R"(nightdesk_api_rejects_total{reason="body_too_large"} 1)"));
}

TEST_F(ApiServerTest, MalformedQueryEscape_400) {
  auto r = call("GET", "/api/v1/orders?status=%zz");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r)["code"], "malformed_request");
  EXPECT_EQ(json::parse(call("GET", "/api/v1/orders?status=open+now").body)["status"], "open now");
}

TEST_F(ApiServerTest, HandlerException_500LoggedAndCounted_ServerKeepsServing) {
  auto r = call("GET", "/api/v1/throws");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(error_of(r)["code"], "internal");
  EXPECT_THAT(error_of(r)["message"].get<std::string>(), ::testing::Not(HasSubstr("handler bug")));
  EXPECT_THAT(call("GET", "/api/v1/metrics", "").body,
              HasSubstr(R"(nightdesk_api_handler_failures_total{route="/api/v1/throws"} 1)"));
  EXPECT_EQ(call("GET", "/api/v1/positions").status, 200);
}

TEST_F(ApiServerTest, QueryToken_RefusedOutsideTheWebSocketUpgrade) {
  EXPECT_EQ(call("GET", "/api/v1/positions?token=" + kReadToken, "").status, 401);
  EXPECT_EQ(call("GET", "/api/v1/ws?token=" + kReadToken, "").status, 401);  // no Upgrade header
  auto upgrade = call("GET", "/api/v1/ws?token=" + kReadToken, "", {}, {"Upgrade: websocket", "Connection: Upgrade"});
  EXPECT_EQ(upgrade.status, 200);
  EXPECT_EQ(json::parse(upgrade.body)["by"], "read");
}

class ApiServerRateLimitTest : public ApiServerTest {
 protected:
  void SetUp() override {
    ApiServerOptions o;
    o.tokens = test_grants();
    o.rate_limits.token_read = {3, 1};
    o.rate_limits.token_order_entry = {1, 0.25};
    start(std::move(o));
  }
};

TEST_F(ApiServerRateLimitTest, ReadBurstExhausted_429WithRetryAfter_RefillsWithTheClock) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call("GET", "/api/v1/positions").status, 200);
  auto r = call("GET", "/api/v1/positions");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("retry-after"), "1");
  EXPECT_EQ(error_of(r)["code"], "rate_limited");
  EXPECT_EQ(call("GET", "/api/v1/positions", kReadToken).status, 200);  // another token has its own bucket
  EXPECT_EQ(call("GET", "/api/v1/health", "").status, 200);             // health is exempt
  advance(1s);
  EXPECT_EQ(call("GET", "/api/v1/positions").status, 200);
  EXPECT_THAT(call("GET", "/api/v1/metrics", "").body,
              HasSubstr(R"(nightdesk_api_rate_limited_total{class="read",limited_by="token"} 1)"));
}

TEST_F(ApiServerRateLimitTest, OrderEntry_HasItsOwnBucket) {
  EXPECT_EQ(call("DELETE", "/api/v1/orders/1").status, 204);
  auto r = call("DELETE", "/api/v1/orders/2");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("retry-after"), "4");
  EXPECT_EQ(call("GET", "/api/v1/positions").status, 200);
}

TEST(ApiServerStart, NoToken_RefusesNamingTheVariables) {
  auto s = ApiServer::start({}, {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::invalid_argument);
  EXPECT_THAT(s.error().message, HasSubstr("NIGHTDESK_API_TOKEN"));
  EXPECT_THAT(s.error().message, HasSubstr("--insecure-no-auth"));
}

TEST(ApiServerStart, WeakTokenInOptions_Refused) {
  ApiServerOptions o;
  o.tokens = {{"api", "NIGHTDESK_API_TOKEN", AccessScope::trade, "tK3v9QmZ2pLx8RfW4nYbH6cJ1sD7gE5"}};  // 31
  auto s = ApiServer::start(std::move(o), {});
  ASSERT_FALSE(s);
  EXPECT_THAT(s.error().message, HasSubstr("31 characters"));
}

TEST(ApiServerStart, InsecureNoAuth_RefusedOffLoopback) {
  ApiServerOptions o;
  o.insecure_no_auth = true;
  o.bind = "0.0.0.0";
  auto s = ApiServer::start(std::move(o), {});
  ASSERT_FALSE(s);
  EXPECT_THAT(s.error().message, HasSubstr("loopback"));
}

TEST(ApiServerStart, InsecureNoAuth_OnLoopbackServesWithoutToken) {
  ApiServerOptions o;
  o.insecure_no_auth = true;
  auto s = ApiServer::start(std::move(o), test_routes());
  ASSERT_TRUE(s) << s.error().message;
  auto r = http_request("POST", (*s)->url() + "/api/v1/risk/reset");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(ApiServerStart, DuplicateRoute_RefusedNamingIt) {
  ApiServerOptions o;
  o.tokens = test_grants();
  auto routes = test_routes();
  routes.push_back({"GET", "/api/v1/health", AccessScope::none, [](const ApiRequest&) { return ApiResponse::no_content(); }});
  auto s = ApiServer::start(std::move(o), std::move(routes));
  ASSERT_FALSE(s);
  EXPECT_THAT(s.error().message, HasSubstr("GET /api/v1/health"));
}

TEST(ApiServerStart, PortInUse_IoError) {
  ApiServerOptions a;
  a.tokens = test_grants();
  auto first = ApiServer::start(a, {});
  ASSERT_TRUE(first);
  a.port = (*first)->port();
  auto second = ApiServer::start(a, {});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::io_error);
}

TEST(IsLoopback, Addresses) {
  EXPECT_TRUE(is_loopback("127.0.0.1"));
  EXPECT_TRUE(is_loopback("127.1.2.3"));
  EXPECT_TRUE(is_loopback("::1"));
  EXPECT_TRUE(is_loopback("localhost"));
  EXPECT_FALSE(is_loopback("0.0.0.0"));
  EXPECT_FALSE(is_loopback("192.168.1.2"));
  EXPECT_FALSE(is_loopback("not an address"));
}

}  // namespace
}  // namespace nightdesk::api::test
