// WsHub over loopback with real Beast WebSocket clients: subscribe/push/order, per-channel seq and gaps,
// request errors, auth on the upgrade, the slow-client policy, dead clients, heartbeats, stop, stats.
#include "api/ws_hub.h"

#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "common/http_server.h"
#include "ws_test_client.h"

namespace nightdesk::api {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using testing::WsTestClient;
using testing::WsTestClientOptions;
using nlohmann::json;

constexpr const char* kGoodToken = "good";

WsHubOptions hub_options() {
  WsHubOptions o;
  o.authorize = [](std::string_view token, std::string_view) { return token == kGoodToken; };
  return o;
}

// A hub behind a real HttpServer on an ephemeral loopback port (two I/O threads, like production).
class HubServer {
 public:
  explicit HubServer(WsHubOptions options = hub_options()) {
    auto hub_started = WsHub::start(std::move(options));
    EXPECT_TRUE(hub_started) << hub_started.error().describe();
    hub = std::move(*hub_started);
    HttpServerOptions http;
    http.threads = 2;
    std::vector<HttpRoute> routes{{"GET", "/api/v1/health", [](const HttpServerRequest&) {
                                     return HttpServerResponse{200, "text/plain", "ok", {}};
                                   }}};
    auto server_started = HttpServer::start(http, std::move(routes), {hub->route()});
    EXPECT_TRUE(server_started) << server_started.error().describe();
    server = std::move(*server_started);
  }
  ~HubServer() {
    hub->stop();  // the contract: the hub first, then the server running its sessions
    server->stop();
  }
  std::unique_ptr<WsTestClient> client(WsTestClientOptions options = {}) {
    return std::make_unique<WsTestClient>(server->port(), std::move(options));
  }
  // A connected client subscribed to `channels` (the ack already read).
  std::unique_ptr<WsTestClient> subscriber(const std::vector<std::string>& channels, WsTestClientOptions options = {}) {
    auto c = client(std::move(options));
    EXPECT_TRUE(c->connected) << c->error;
    auto ack = c->call({{"op", "subscribe"}, {"channels", channels}});
    EXPECT_TRUE(ack && (*ack)["type"] == "ack") << (ack ? ack->dump() : "no reply");
    return c;
  }
  std::uint64_t disconnects(WsDisconnectReason reason) const {
    return hub->stats().disconnects[static_cast<std::size_t>(reason)];
  }

  std::unique_ptr<WsHub> hub;
  std::unique_ptr<HttpServer> server;
};

void publish(WsHub& hub, const std::string& channel, json data) {
  auto published = hub.publish(channel, std::move(data));
  ASSERT_TRUE(published) << published.error().describe();
}

TEST(WsHub, Subscribe_ThenPublish_PushesChannelSeqTsAndData) {
  HubServer s;
  auto c = s.client();
  ASSERT_TRUE(c->connected) << c->error;
  auto ack = c->call({{"op", "subscribe"}, {"channels", {"orders"}}, {"id", 1}});
  ASSERT_TRUE(ack);
  EXPECT_EQ((*ack)["type"], "ack");
  EXPECT_EQ((*ack)["id"], 1);
  EXPECT_EQ((*ack)["subscriptions"], json::array({"orders"}));
  EXPECT_EQ((*ack)["seq"]["orders"], 0);
  publish(*s.hub, "orders", {{"id", "o-1"}, {"status", "working"}});
  auto push = c->read();
  ASSERT_TRUE(push);
  EXPECT_EQ((*push)["channel"], "orders");
  EXPECT_EQ((*push)["seq"], 1);
  EXPECT_EQ((*push)["data"]["id"], "o-1");
  EXPECT_TRUE((*push)["ts"].is_string());
}

TEST(WsHub, ManyChannels_ArriveInPublishOrderWithContiguousSeqPerChannel) {
  HubServer s;
  auto c = s.subscriber({"orders", "fills", "quotes:SPY"});
  const std::vector<std::string> channels{"orders", "fills", "quotes:SPY"};
  for (int i = 0; i < 300; ++i) publish(*s.hub, channels[i % 3], {{"n", i}});
  std::map<std::string, std::uint64_t> last;
  for (int i = 0; i < 300; ++i) {
    auto m = c->read();
    ASSERT_TRUE(m) << "message " << i;
    EXPECT_EQ((*m)["data"]["n"], i);
    const std::string channel = (*m)["channel"];
    EXPECT_EQ((*m)["seq"], last[channel] + 1) << channel;
    last[channel] = (*m)["seq"];
  }
  EXPECT_EQ(last["orders"], 100u);
  EXPECT_EQ(last["quotes:SPY"], 100u);
}

TEST(WsHub, OnlySubscribedChannelsArrive_AndUnsubscribeStopsOne) {
  HubServer s;
  auto c = s.subscriber({"orders", "risk"});
  publish(*s.hub, "fills", {{"n", 1}});  // not subscribed
  publish(*s.hub, "orders", {{"n", 2}});
  auto m = c->read();
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)["channel"], "orders");
  auto ack = c->call({{"op", "unsubscribe"}, {"channels", {"orders"}}});
  ASSERT_TRUE(ack);
  EXPECT_EQ((*ack)["op"], "unsubscribe");
  EXPECT_EQ((*ack)["subscriptions"], json::array({"risk"}));
  publish(*s.hub, "orders", {{"n", 3}});
  publish(*s.hub, "risk", {{"n", 4}});
  m = c->read();
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)["channel"], "risk");
  EXPECT_EQ((*m)["data"]["n"], 4);
}

// The client learns from the ack where a channel stands, and sees a jump in seq after missing messages.
TEST(WsHub, MissedMessages_ShowAsASeqGapAfterTheAcksLastSeq) {
  HubServer s;
  for (int i = 0; i < 3; ++i) publish(*s.hub, "orders", {{"n", i}});
  ASSERT_TRUE(eventually([&] { return s.hub->last_seq("orders") == 3; }));
  auto c = s.client();
  auto ack = c->call({{"op", "subscribe"}, {"channels", {"orders"}}});
  ASSERT_TRUE(ack);
  EXPECT_EQ((*ack)["seq"]["orders"], 3);  // pushes from seq 4 on build on a REST read
  publish(*s.hub, "orders", {{"n", 3}});
  auto m = c->read();
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)["seq"], 4);
  ASSERT_TRUE(c->call({{"op", "unsubscribe"}, {"channels", {"orders"}}}));
  publish(*s.hub, "orders", {{"n", 4}});  // seq 5: missed
  ack = c->call({{"op", "subscribe"}, {"channels", {"orders"}}});
  ASSERT_TRUE(ack);
  EXPECT_EQ((*ack)["seq"]["orders"], 5);
  publish(*s.hub, "orders", {{"n", 5}});
  m = c->read();
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)["seq"], 6);  // 4 -> 6: a gap the client resyncs through REST
}

TEST(WsHub, BadRequests_GetErrorsNamingTheFieldAndTheClientStaysConnected) {
  HubServer s;
  auto c = s.client();
  ASSERT_TRUE(c->connected);
  auto e = c->call({{"op", "subscribe"}, {"channels", {"orders", "trades"}}, {"id", "r1"}});
  ASSERT_TRUE(e);
  EXPECT_EQ((*e)["type"], "error");
  EXPECT_EQ((*e)["id"], "r1");
  EXPECT_EQ((*e)["error"]["code"], "invalid_argument");
  EXPECT_EQ((*e)["error"]["field"], "channels[1]");
  e = c->call({{"op", "jump"}});
  ASSERT_TRUE(e);
  EXPECT_EQ((*e)["error"]["field"], "op");
  c->send(std::string("{not json"));
  e = c->read();
  ASSERT_TRUE(e);
  EXPECT_NE((*e)["error"]["message"].get<std::string>().find("malformed JSON"), std::string::npos);
  c->send_binary("\x01\x02");
  e = c->read();
  ASSERT_TRUE(e);
  EXPECT_NE((*e)["error"]["message"].get<std::string>().find("binary"), std::string::npos);
  // Nothing was subscribed by the failed request: all or nothing.
  auto pong = c->call({{"op", "ping"}, {"id", 9}});
  ASSERT_TRUE(pong);
  EXPECT_EQ(*pong, (json{{"type", "pong"}, {"id", 9}}));
  EXPECT_TRUE(s.hub->clients().at(0).subscriptions.empty());
}

TEST(WsHub, SubscriptionsOverTheLimit_AreRefusedNamingChannels) {
  auto options = hub_options();
  options.max_subscriptions = 2;
  HubServer s(options);
  auto c = s.subscriber({"orders", "fills"});
  auto e = c->call({{"op", "subscribe"}, {"channels", {"risk"}}});
  ASSERT_TRUE(e);
  EXPECT_EQ((*e)["type"], "error");
  EXPECT_EQ((*e)["error"]["field"], "channels");
  auto again = c->call({{"op", "subscribe"}, {"channels", {"orders"}}});  // already held: no new slot needed
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)["type"], "ack");
}

TEST(WsHub, Upgrade_WithoutOrWithAWrongToken_Is401InTheErrorShape) {
  HubServer s;
  auto none = s.client(testing::at("/api/v1/ws"));
  EXPECT_FALSE(none->connected);
  EXPECT_EQ(none->refused_status, 401u) << none->error;
  const auto body = json::parse(none->refused_body);
  EXPECT_EQ(body["error"]["field"], "token");
  auto wrong = s.client(testing::at("/api/v1/ws?token=bad"));
  EXPECT_EQ(wrong->refused_status, 401u);
  EXPECT_EQ(s.hub->stats().refused, 2u);
  EXPECT_EQ(s.hub->stats().clients, 0u);
}

TEST(WsHub, Upgrade_WithBearerHeaderOrEncodedQueryToken_IsAccepted) {
  auto options = hub_options();
  options.authorize = [](std::string_view token, std::string_view) { return token == "a+b/c="; };
  HubServer s(options);
  auto header = s.client(testing::at("/api/v1/ws", {{"Authorization", "Bearer a+b/c="}}));
  EXPECT_TRUE(header->connected) << header->error;
  auto query = s.client(testing::at("/api/v1/ws?x=1&token=a%2Bb%2Fc%3D"));
  EXPECT_TRUE(query->connected) << query->error;
}

TEST(WsHub, Upgrade_WithTheTokenAsABearerSubprotocol_IsAcceptedAndAnsweredWithTheAppProtocol) {
  HubServer s;
  auto browser = s.client(testing::at("/api/v1/ws", {{"Sec-WebSocket-Protocol", "nightdesk.v1, bearer.good"}}));
  ASSERT_TRUE(browser->connected) << browser->error;
  EXPECT_EQ(browser->accepted_protocol, "nightdesk.v1") << "the token is not echoed when the app protocol was offered";
  auto ack = browser->call({{"op", "subscribe"}, {"channels", {"orders"}}});
  EXPECT_TRUE(ack && (*ack)["type"] == "ack");
  auto token_only = s.client(testing::at("/api/v1/ws", {{"Sec-WebSocket-Protocol", "bearer.good"}}));
  ASSERT_TRUE(token_only->connected) << token_only->error;
  EXPECT_EQ(token_only->accepted_protocol, "bearer.good");
  auto header = s.client(testing::at("/api/v1/ws", {{"Authorization", "Bearer good"}}));
  ASSERT_TRUE(header->connected) << header->error;
  EXPECT_EQ(header->accepted_protocol, "") << "no protocol offered, none answered";
}

TEST(WsHub, Upgrade_WithAWrongBearerSubprotocol_Is401) {
  HubServer s;
  auto wrong = s.client(testing::at("/api/v1/ws", {{"Sec-WebSocket-Protocol", "nightdesk.v1, bearer.bad"}}));
  EXPECT_FALSE(wrong->connected);
  EXPECT_EQ(wrong->refused_status, 401u);
  auto app_only = s.client(testing::at("/api/v1/ws", {{"Sec-WebSocket-Protocol", "nightdesk.v1"}}));
  EXPECT_EQ(app_only->refused_status, 401u) << "the app protocol alone carries no token";
  EXPECT_EQ(s.hub->stats().clients, 0u);
}

TEST(WsHub, Upgrade_FromTheServersOwnOrigin_IsAcceptedWithoutTheAllowlist) {
  auto options = hub_options();
  options.allow_origin = [](std::string_view) { return false; };
  HubServer s(options);
  const std::string host = "127.0.0.1:" + std::to_string(s.server->port());  // the test client's Host header
  auto page = s.client(testing::at("/api/v1/ws?token=good", {{"Origin", "http://" + host}}));
  EXPECT_TRUE(page->connected) << page->error;
  auto other = s.client(testing::at("/api/v1/ws?token=good", {{"Origin", "http://127.0.0.1:1"}}));
  EXPECT_EQ(other->refused_status, 403u);
}

TEST(WsHub, Upgrade_TellsTheTokenCheckTheClientsAddress) {
  auto options = hub_options();
  auto seen = std::make_shared<std::string>();
  options.authorize = [seen](std::string_view token, std::string_view remote) {
    *seen = std::string(remote);  // one upgrade at a time in this test
    return token == kGoodToken;
  };
  HubServer s(options);
  auto wrong = s.client(testing::at("/api/v1/ws?token=bad"));
  EXPECT_EQ(wrong->refused_status, 401u);
  EXPECT_EQ(*seen, "127.0.0.1") << "failed attempts are counted per address";
}

TEST(WsHub, Upgrade_FromAnOriginNotAllowed_Is403) {
  auto options = hub_options();
  options.allow_origin = [](std::string_view origin) { return origin == "http://localhost:5173"; };
  HubServer s(options);
  auto evil = s.client(testing::at("/api/v1/ws?token=good", {{"Origin", "https://evil.example"}}));
  EXPECT_EQ(evil->refused_status, 403u);
  auto ok = s.client(testing::at("/api/v1/ws?token=good", {{"Origin", "http://localhost:5173"}}));
  EXPECT_TRUE(ok->connected) << ok->error;
}

TEST(WsHub, ClientsOverTheLimit_Get503) {
  auto options = hub_options();
  options.max_clients = 1;
  HubServer s(options);
  auto first = s.client();
  ASSERT_TRUE(first->connected);
  auto second = s.client();
  EXPECT_EQ(second->refused_status, 503u);
  first->close_politely();
  ASSERT_TRUE(eventually([&] { return s.hub->stats().clients == 0; }));
  auto third = s.client();
  EXPECT_TRUE(third->connected) << third->error;
}

TEST(WsHub, PlainGetOnTheWebSocketPath_IsNotHandedOver) {
  HubServer s;
  auto c = s.client(testing::at("/api/v1/health?token=good"));  // an upgrade on a path without an upgrade route
  EXPECT_FALSE(c->connected);
  EXPECT_EQ(s.hub->stats().refused, 0u);
}

// A client that stops reading first loses quote updates (latest wins), then — once state updates fill its
// queue — is disconnected; a client that keeps reading gets every state update meanwhile.
TEST(WsHub, SlowClient_LosesQuotesFirstThenIsDisconnected_OthersContinue) {
  auto options = hub_options();
  options.client_queue_capacity = 8;
  options.send_buffer_bytes = 4096;
  HubServer s(options);
  auto slow = s.subscriber({"orders", "quotes:SPY"}, testing::small_receive_buffer());
  auto fast = s.subscriber({"orders", "quotes:SPY"});
  const std::string padding(1000, 'x');
  std::atomic<int> fast_orders{0}, fast_quotes{0}, fast_order_gaps{0};
  std::thread reader([&] {
    std::uint64_t last_order = 0;
    while (fast_orders < 200) {
      auto m = fast->read(10s);
      if (!m) return;
      if ((*m)["channel"] == "orders") {
        if ((*m)["seq"] != last_order + 1) ++fast_order_gaps;
        last_order = (*m)["seq"];
        ++fast_orders;
      } else {
        ++fast_quotes;
      }
    }
  });
  // Paced by the fast client so that only the slow one falls behind.
  for (int i = 1; i <= 200; ++i) {
    publish(*s.hub, "quotes:SPY", {{"bid", i}, {"pad", padding}});
    ASSERT_TRUE(eventually([&] { return fast_quotes >= i; })) << "quote " << i;
  }
  ASSERT_TRUE(eventually([&] { return s.hub->stats().quote_drops > 0; }));
  EXPECT_EQ(s.hub->stats().clients, 2u);  // dropping quotes is not a reason to disconnect
  const auto slow_info = s.hub->clients().at(0);
  EXPECT_GT(slow_info.drops, 0u);
  EXPECT_LE(slow_info.queue_depth, 8u);
  for (int i = 1; i <= 200; ++i) {
    publish(*s.hub, "orders", {{"n", i}, {"pad", padding}});
    ASSERT_TRUE(eventually([&] { return fast_orders >= i; })) << "order " << i;
  }
  reader.join();
  ASSERT_TRUE(eventually([&] { return s.disconnects(WsDisconnectReason::slow_client) == 1; }));
  EXPECT_EQ(fast_orders, 200);
  EXPECT_EQ(fast_order_gaps, 0);
  const auto left = s.hub->clients();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, 2u);  // the fast one
  EXPECT_EQ(left[0].drops, 0u);
}

TEST(WsHub, SlowClientThatResumes_GetsTheLatestQuoteLast) {
  auto options = hub_options();
  options.client_queue_capacity = 4;
  options.send_buffer_bytes = 4096;
  HubServer s(options);
  auto c = s.subscriber({"quotes:SPY"}, testing::small_receive_buffer());
  const std::string padding(1000, 'x');
  for (int i = 1; i <= 300; ++i) publish(*s.hub, "quotes:SPY", {{"bid", i}, {"pad", padding}});
  ASSERT_TRUE(eventually([&] { return s.hub->stats().quote_drops > 0; }));
  std::uint64_t last = 0;
  int received = 0;
  while (last < 300) {
    auto m = c->read();
    ASSERT_TRUE(m) << "after seq " << last;
    ASSERT_GT((*m)["seq"].get<std::uint64_t>(), last);
    last = (*m)["seq"];
    ++received;
  }
  EXPECT_EQ(last, 300u);
  EXPECT_LT(received, 300);
  EXPECT_EQ(s.hub->stats().clients, 1u);
}

TEST(WsHub, DeadClients_WithoutACloseFrame_AreRemoved) {
  HubServer s;
  auto closed = s.subscriber({"orders"});
  auto reset = s.subscriber({"orders"});
  auto alive = s.subscriber({"orders"});
  ASSERT_EQ(s.hub->stats().clients, 3u);
  closed->drop_connection();
  reset->drop_connection(/*reset=*/true);
  ASSERT_TRUE(eventually([&] { return s.hub->stats().clients == 1; }));
  EXPECT_EQ(s.disconnects(WsDisconnectReason::peer_gone), 2u);
  publish(*s.hub, "orders", {{"n", 1}});
  auto m = alive->read();
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)["seq"], 1);
}

TEST(WsHub, CloseFrameFromClient_IsCountedAsClosedByClient) {
  HubServer s;
  auto c = s.subscriber({"orders"});
  c->close_politely();
  ASSERT_TRUE(eventually([&] { return s.hub->stats().clients == 0; }));
  EXPECT_EQ(s.disconnects(WsDisconnectReason::closed_by_client), 1u);
}

// The hub pings an idle client; one that answers (Beast answers while reading) stays, one that never reads —
// a hung or half-open peer — is closed after idle_timeout.
TEST(WsHub, Heartbeats_KeepAnsweringClientsAndCloseSilentOnes) {
  auto options = hub_options();
  options.idle_timeout = 400ms;
  HubServer s(options);
  auto answering = s.subscriber({"orders"});
  auto silent = s.subscriber({"risk"});
  std::thread later([&] {
    std::this_thread::sleep_for(1500ms);
    publish(*s.hub, "orders", {{"n", 1}});
  });
  auto m = answering->read(5s);
  later.join();
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)["channel"], "orders");
  EXPECT_GE(answering->pings_seen.load(), 2);
  ASSERT_TRUE(eventually([&] { return s.disconnects(WsDisconnectReason::heartbeat_timeout) == 1; }));
  ASSERT_EQ(s.hub->clients().size(), 1u);
  EXPECT_EQ(s.hub->clients()[0].subscriptions, std::vector<std::string>{"orders"});
}

TEST(WsHub, OversizedRequest_ClosesTheClientAsAProtocolError) {
  auto options = hub_options();
  options.max_request_bytes = 256;
  HubServer s(options);
  auto c = s.client();
  ASSERT_TRUE(c->connected);
  c->send(std::string(1000, ' '));
  EXPECT_FALSE(c->read());
  ASSERT_TRUE(eventually([&] { return s.hub->stats().clients == 0; }));
  EXPECT_EQ(s.disconnects(WsDisconnectReason::protocol_error), 1u);
}

TEST(WsHub, Stop_SendsCloseFramesAndRefusesPublishes) {
  HubServer s;
  auto c = s.subscriber({"orders"});
  s.hub->stop();
  EXPECT_FALSE(c->read());
  EXPECT_EQ(c->ended, testing::websocket::error::closed);
  ASSERT_TRUE(eventually([&] { return s.hub->stats().clients == 0; }));
  EXPECT_EQ(s.disconnects(WsDisconnectReason::hub_stopped), 1u);
  auto refused = s.hub->publish("orders", {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);
  s.hub->stop();  // idempotent
}

TEST(WsHub, PublishOnAnUnknownChannel_IsRefusedNamingChannel) {
  HubServer s;
  auto r = s.hub->publish("trades", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "channel");
  EXPECT_FALSE(s.hub->publish("quotes:", {}));
  EXPECT_EQ(s.hub->stats().published, 0u);
}

TEST(WsHub, Start_WithoutATokenCheckOrWithZeroCapacity_IsRefusedNamingTheOption) {
  auto no_auth = WsHub::start({});
  ASSERT_FALSE(no_auth);
  EXPECT_EQ(no_auth.error().field, "authorize");
  auto options = hub_options();
  options.client_queue_capacity = 0;
  auto zero = WsHub::start(options);
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().field, "client_queue_capacity");
}

TEST(WsHub, ClientsAndMetrics_DescribeConnectedClients) {
  SimulatedClock clock(from_unix_nanos(1'700'000'000'000'000'000));
  auto options = hub_options();
  options.clock = &clock;
  HubServer s(options);
  auto c = s.subscriber({"quotes:SPY", "orders"});
  publish(*s.hub, "orders", {});
  auto m = c->read();
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)["ts"], "2023-11-14T22:13:20.000000000Z");  // the hub's clock, not the system's
  ASSERT_TRUE(eventually([&] { return s.hub->clients().at(0).sent == 2; }));  // the ack and the push
  const auto clients = ws_clients_json(s.hub->clients());
  ASSERT_EQ(clients["clients"].size(), 1u);
  const auto& one = clients["clients"][0];
  EXPECT_EQ(one["id"], 1);
  EXPECT_TRUE(one["remote"].get<std::string>().starts_with("127.0.0.1:"));
  EXPECT_EQ(one["subscriptions"], json::array({"orders", "quotes:SPY"}));
  EXPECT_EQ(one["queue_depth"], 0);
  EXPECT_EQ(one["drops"], 0);
  EXPECT_TRUE(one["connected_since"].is_string());
  PrometheusText metrics;
  append_ws_metrics(metrics, s.hub->stats());
  EXPECT_NE(metrics.text().find("nightdesk_ws_clients 1"), std::string::npos) << metrics.text();
  EXPECT_NE(metrics.text().find("nightdesk_ws_published_total 1"), std::string::npos);
  EXPECT_NE(metrics.text().find("nightdesk_ws_disconnects_total{reason=\"slow_client\"} 0"), std::string::npos);
}

// The engine's side: publishing from several threads while clients come and go never blocks and never loses a
// state update for a client that keeps reading.
TEST(WsHub, PublishersAndClientsConcurrently_EveryReaderGetsEveryStateUpdate) {
  HubServer s;
  auto reader = s.subscriber({"orders"});
  std::atomic<bool> churn{true};
  std::thread churner([&] {
    while (churn) {
      auto c = s.subscriber({"orders", "quotes:SPY"});
      if (!c->connected) break;
      c->drop_connection();
    }
  });
  std::vector<std::thread> publishers;
  for (int t = 0; t < 2; ++t) {
    publishers.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        (void)s.hub->publish(t == 0 ? "orders" : "quotes:SPY", {{"i", i}});
      }
    });
  }
  for (auto& p : publishers) p.join();
  std::uint64_t last = 0;
  while (last < 500) {
    auto m = reader->read();
    ASSERT_TRUE(m) << "after " << last;
    ASSERT_EQ((*m)["seq"], last + 1);
    last = (*m)["seq"];
  }
  churn = false;
  churner.join();
}

}  // namespace
}  // namespace nightdesk::api
