// The upgrade path: HttpServer hands WebSocket upgrades on an upgrade route to its handler (others go to the
// routes), the token a client offers, and the refusal in the REST error shape.
#include "api/websocket_upgrade.h"

#include <gtest/gtest.h>

#include <mutex>

#include "common/http_client.h"
#include "common/http_server.h"
#include "ws_test_client.h"

namespace nightdesk::api {
namespace {

namespace http = boost::beast::http;

http::request<http::string_body> upgrade_request(std::string target, std::string authorization = {}) {
  http::request<http::string_body> r(http::verb::get, target, 11);
  if (!authorization.empty()) r.set(http::field::authorization, authorization);
  return r;
}

TEST(WsUpgradeToken, BearerHeader_IsReadCaseInsensitivelyAndTrimmed) {
  EXPECT_EQ(ws_upgrade_token(upgrade_request("/ws", "Bearer abc")), "abc");
  EXPECT_EQ(ws_upgrade_token(upgrade_request("/ws", "bearer   abc  ")), "abc");
}

TEST(WsUpgradeToken, QueryParameter_IsPercentDecoded) {
  EXPECT_EQ(ws_upgrade_token(upgrade_request("/ws?token=a%2Bb%20c")), "a+b c");
  EXPECT_EQ(ws_upgrade_token(upgrade_request("/ws?x=1&token=t1&y=2")), "t1");
  EXPECT_EQ(ws_upgrade_token(upgrade_request("/ws?token=%zz")), "%zz");  // kept as is: the check refuses it
  EXPECT_EQ(ws_upgrade_token(upgrade_request("/ws?tokens=t1")), "");
}

TEST(WsUpgradeToken, HeaderWinsOverQuery_AndNeitherIsEmpty) {
  EXPECT_EQ(ws_upgrade_token(upgrade_request("/ws?token=q", "Bearer h")), "h");
  EXPECT_EQ(ws_upgrade_token(upgrade_request("/ws")), "");
  EXPECT_EQ(ws_upgrade_token(upgrade_request("/ws", "Basic abc")), "");
}

http::request<http::string_body> with_protocols(std::string protocols, std::string target = "/ws") {
  auto r = upgrade_request(std::move(target));
  r.set(http::field::sec_websocket_protocol, protocols);
  return r;
}

TEST(WsUpgradeToken, BearerSubprotocol_IsTheToken_AmongOtherOffers) {
  EXPECT_EQ(ws_upgrade_token(with_protocols("nightdesk.v1, bearer.abc-_123")), "abc-_123");
  EXPECT_EQ(ws_upgrade_token(with_protocols("bearer.abc,nightdesk.v1")), "abc");
  EXPECT_EQ(ws_upgrade_token(with_protocols("  Bearer.xyz  ")), "xyz");
}

TEST(WsUpgradeToken, BearerSubprotocol_EmptyOrAbsent_GivesNoToken) {
  EXPECT_EQ(ws_upgrade_token(with_protocols("bearer.")), "");
  EXPECT_EQ(ws_upgrade_token(with_protocols("nightdesk.v1")), "");
  EXPECT_EQ(ws_upgrade_token(with_protocols("chat, bearer")), "");
}

TEST(WsUpgradeToken, HeaderWinsOverSubprotocol_SubprotocolOverQuery) {
  auto both = with_protocols("nightdesk.v1, bearer.p", "/ws?token=q");
  EXPECT_EQ(ws_upgrade_token(both), "p");
  both.set(http::field::authorization, "Bearer h");
  EXPECT_EQ(ws_upgrade_token(both), "h");
}

TEST(WsSelectedProtocol, AppProtocolOffered_IsChosen_NeverTheToken) {
  EXPECT_EQ(ws_selected_protocol(with_protocols("nightdesk.v1, bearer.secret")), "nightdesk.v1");
  EXPECT_EQ(ws_selected_protocol(with_protocols("bearer.secret, nightdesk.v1")), "nightdesk.v1");
}

TEST(WsSelectedProtocol, OnlyTheBearerOffered_IsEchoed_OtherwiseNone) {
  EXPECT_EQ(ws_selected_protocol(with_protocols("bearer.secret")), "bearer.secret");
  EXPECT_EQ(ws_selected_protocol(with_protocols("chat, bearer.secret")), "");
  EXPECT_EQ(ws_selected_protocol(with_protocols("chat")), "");
  EXPECT_EQ(ws_selected_protocol(upgrade_request("/ws", "Bearer h")), "");
}

TEST(HttpServerUpgrade, UpgradeOnAnUpgradePath_IsHandedOverWithItsRequest_PlainRequestsAreNot) {
  std::mutex mutex;
  std::string seen_target;
  HttpUpgradeRoute hook{"/hook", [&](std::unique_ptr<HttpUpgrade> upgrade) {
                          {
                            std::lock_guard lock(mutex);
                            seen_target = std::string(upgrade->request.target());
                          }
                          refuse_upgrade(std::move(upgrade), 418, {ErrorCode::conflict, "teapot", "x"});
                        }};
  std::vector<HttpRoute> routes{{"GET", "/plain", [](const HttpServerRequest&) {
                                   return HttpServerResponse{200, "text/plain", "plain", {}};
                                 }}};
  auto server = HttpServer::start({}, routes, {hook});
  ASSERT_TRUE(server) << server.error().describe();
  const auto port = (*server)->port();

  testing::WsTestClient client(port, testing::at("/hook?token=t"));
  EXPECT_FALSE(client.connected);
  EXPECT_EQ(client.refused_status, 418u);
  const auto body = nlohmann::json::parse(client.refused_body);
  EXPECT_EQ(body["error"]["code"], "conflict");
  EXPECT_EQ(body["error"]["field"], "x");
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(seen_target, "/hook?token=t");
  }
  auto plain_on_hook = http_request("GET", "http://127.0.0.1:" + std::to_string(port) + "/hook");
  ASSERT_TRUE(plain_on_hook);
  EXPECT_EQ(plain_on_hook->status, 404);  // not an upgrade: the routes answer
  testing::WsTestClient elsewhere(port, testing::at("/plain"));
  EXPECT_FALSE(elsewhere.connected);  // an upgrade without an upgrade route is an ordinary request
  EXPECT_EQ(elsewhere.refused_status, 200u);
  EXPECT_EQ((*server)->stats().handler_failures, 0u);
}

}  // namespace
}  // namespace nightdesk::api
