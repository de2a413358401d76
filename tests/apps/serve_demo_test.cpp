// `nightdesk demo` and `nightdesk serve` as a person runs them: the real binary on a loopback port, its URL and
// token read from stdout, REST with and without the token, /ready, /config without secrets, /metrics, WebSocket
// pushes while the demo trades, a weak token refused at start, SIGTERM's clean exit and a serve that recovers
// the demo's journal (and a second engine refused on the same data directory).
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "api/ws_test_client.h"
#include "support/nightdesk_binary.h"

namespace nightdesk::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

using Running = RunningEngine;

std::size_t order_count(const Running& r) {
  auto reply = get(r.url + "/api/v1/orders", r.token);
  if (reply.status != 200) return 0;
  return json::parse(reply.body)["orders"].size();
}

TEST(DemoCommand, PrintsUrlAndAStrongToken_ServesTheApiOnlyWithIt) {
  TempDir dir;
  auto demo = start_demo(dir);
  ASSERT_EQ(demo.url.rfind("http://127.0.0.1:", 0), 0u) << demo.process->stdout_text() << demo.process->stderr_text();
  EXPECT_GE(demo.token.size(), 32u);
  EXPECT_NE(demo.process->stdout_text().find("curl -H \"Authorization: Bearer " + demo.token), std::string::npos);

  EXPECT_EQ(get(demo.url + "/api/v1/health").status, 200);
  ASSERT_TRUE(ready(demo.url)) << demo.process->stderr_text();
  for (const char* path : {"/api/v1/status", "/api/v1/positions", "/api/v1/orders", "/api/v1/ws/clients", "/api/v1/config"}) {
    EXPECT_EQ(get(demo.url + path, demo.token).status, 200) << path;
    EXPECT_EQ(get(demo.url + path).status, 401) << path << " without a token";
    EXPECT_EQ(get(demo.url + path, std::string(40, 'x') + "Q7").status, 401) << path << " with a wrong token";
  }
  auto status = json::parse(get(demo.url + "/api/v1/status", demo.token).body);
  EXPECT_EQ(status["mode"], "demo") << status.dump();
  demo.process->signal(SIGTERM);
  EXPECT_EQ(demo.process->wait(), 0) << demo.process->stderr_text();
}

TEST(DemoCommand, ConfigAndMetrics_ShowNoSecretAndTheEnginesCounters) {
  TempDir dir;
  auto demo = start_demo(dir);
  ASSERT_TRUE(ready(demo.url)) << demo.process->stderr_text();
  auto config = get(demo.url + "/api/v1/config", demo.token);
  ASSERT_EQ(config.status, 200);
  EXPECT_EQ(config.body.find(demo.token), std::string::npos) << "the token is a secret";
  auto body = json::parse(config.body);
  EXPECT_EQ(body["config"]["api"]["bind"], "127.0.0.1");
  EXPECT_EQ(body["tokens"][0]["source"], "NIGHTDESK_API_TOKEN");
  EXPECT_FALSE(body["tokens"][0].contains("token"));

  auto metrics = get(demo.url + "/api/v1/metrics");
  ASSERT_EQ(metrics.status, 200);
  for (const char* family : {"nightdesk_orders{", "nightdesk_fills_total", "nightdesk_order_rejects_total", "nightdesk_walk_steps_total",
                             "nightdesk_slippage_spent_today_usd", "nightdesk_breaker_state{", "nightdesk_ws_clients",
                             "nightdesk_journal_lag_records"})
    EXPECT_NE(metrics.body.find(family), std::string::npos) << family;
  EXPECT_EQ(metrics.body.find(demo.token), std::string::npos);
  demo.process->signal(SIGINT);
  EXPECT_EQ(demo.process->wait(), 0) << demo.process->stderr_text();
}

TEST(DemoCommand, WebSocket_PushesOrdersAndPositionsWithIncreasingSeq) {
  TempDir dir;
  auto demo = start_demo(dir);
  ASSERT_TRUE(ready(demo.url)) << demo.process->stderr_text();
  api::testing::WsTestClient refused(port_of(demo.url), api::testing::at("/api/v1/ws?token=wrong"));
  EXPECT_FALSE(refused.connected);
  EXPECT_EQ(refused.refused_status, 401u);

  api::testing::WsTestClient client(port_of(demo.url), api::testing::at("/api/v1/ws?token=" + demo.token));
  ASSERT_TRUE(client.connected) << client.error;
  auto ack = client.call({{"op", "subscribe"}, {"channels", {"orders", "positions"}}});
  ASSERT_TRUE(ack) << "no ack";
  EXPECT_EQ((*ack)["type"], "ack") << ack->dump();
  std::map<std::string, std::vector<std::uint64_t>> seqs;
  const auto deadline = std::chrono::steady_clock::now() + 90s;
  while ((seqs["orders"].size() < 3 || seqs["positions"].empty()) && std::chrono::steady_clock::now() < deadline) {
    auto message = client.read(20s);
    if (!message) break;
    if (!message->contains("channel")) continue;
    seqs[(*message)["channel"].get<std::string>()].push_back((*message)["seq"].get<std::uint64_t>());
    EXPECT_TRUE(message->contains("ts") && message->contains("data")) << message->dump();
  }
  ASSERT_GE(seqs["orders"].size(), 3u) << "the demo trades within a minute\n" << demo.process->stderr_text();
  EXPECT_FALSE(seqs["positions"].empty());
  for (const auto& [channel, list] : seqs)
    for (std::size_t i = 1; i < list.size(); ++i) EXPECT_GT(list[i], list[i - 1]) << channel;
  auto clients = json::parse(get(demo.url + "/api/v1/ws/clients", demo.token).body);
  EXPECT_EQ(clients["count"], 1) << clients.dump();
  demo.process->signal(SIGTERM);
  EXPECT_EQ(demo.process->wait(), 0) << demo.process->stderr_text();
}

TEST(DemoCommand, WeakTokenInTheEnvironment_RefusesToStartNamingTheVariable) {
  TempDir dir;
  ChildProcess demo(binary_path("nightdesk"), {"demo", "--port", "0"}, {{"NIGHTDESK_API_TOKEN", "secret"}},
                    (dir.path() / "demo.err").string());
  EXPECT_EQ(demo.wait(), 2);
  const std::string err = demo.stderr_text();
  EXPECT_NE(err.find("NIGHTDESK_API_TOKEN"), std::string::npos) << err;
  EXPECT_EQ(demo.stdout_text().find("URL:"), std::string::npos) << "nothing listens";
}

TEST(ServeCommand, AfterTheDemosSigterm_RecoversItsJournal_AndASecondEngineIsRefused) {
  TempDir dir;
  const std::string data = (dir.path() / "data").string();
  std::size_t traded = 0;
  {
    auto demo = start_demo(dir, {"--data-dir", data});
    ASSERT_TRUE(ready(demo.url)) << demo.process->stderr_text();
    ASSERT_TRUE(api::testing::eventually([&] { return (traded = order_count(demo)) >= 2; }, 90s)) << demo.process->stderr_text();
    demo.process->signal(SIGTERM);
    ASSERT_EQ(demo.process->wait(), 0) << demo.process->stderr_text();
    traded = std::max(traded, std::size_t{2});
  }
  const std::vector<std::string> args{"serve", "--config", (source_dir() / "config/nightdesk.yaml").string(), "--data-dir", data,
                                      "--port", "0"};
  const std::map<std::string, std::string> env{{"NIGHTDESK_API_TOKEN", kServeToken}, {"NIGHTDESK_MARKET_SOURCE", "none"}};
  ChildProcess serve(binary_path("nightdesk"), args, env, (dir.path() / "serve.err").string());
  auto line = serve.read_value("nightdesk serve: listening on");
  ASSERT_TRUE(line) << serve.stderr_text();
  Running r{nullptr, line->substr(0, line->find(' ')), kServeToken};
  ASSERT_TRUE(ready(r.url)) << serve.stderr_text();
  EXPECT_GE(order_count(r), traded) << "every order the demo journaled is back";
  EXPECT_EQ(json::parse(get(r.url + "/api/v1/status", kServeToken).body)["mode"], "paper");

  ChildProcess second(binary_path("nightdesk"), args, env, (dir.path() / "second.err").string());
  EXPECT_EQ(second.wait(), 2);
  EXPECT_NE(second.stderr_text().find("pid"), std::string::npos) << second.stderr_text();

  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait(), 0) << serve.stderr_text();
}

TEST(DemoCommand, Commands_OrderEntryCancelHaltAndTemplates_WorkOnTheRealBinary) {
  TempDir dir;
  const std::string data = (dir.path() / "data").string();
  std::string template_id;
  {
    auto demo = start_demo(dir, {"--data-dir", data});
    ASSERT_TRUE(ready(demo.url)) << demo.process->stderr_text();
    const std::string api = demo.url + "/api/v1";
    // /ready does not wait for market data: an order before SPY's first quote is refused (no mark to check
    // its risk against), so the test waits for the quote a person would have looked at.
    ASSERT_TRUE(poll_until([&] { return get(api + "/quotes/SPY", demo.token).status == 200; }, 30s)) << demo.process->stderr_text();
    // An order far from the market waits at the venue; a repeat of its id is the same order, not a second one.
    const json order{{"client_order_id", "me-1"}, {"symbol", "SPY"}, {"side", "buy"}, {"quantity", 1}, {"limit_price", "1.00"}};
    HttpReply queued = send("POST", api + "/orders", demo.token, order);
    ASSERT_EQ(queued.status, 202) << queued.body;
    EXPECT_EQ(send("POST", api + "/orders", demo.token, order).status, 200);
    json changed = order;
    changed["quantity"] = 2;
    EXPECT_EQ(send("POST", api + "/orders", demo.token, changed).status, 409);
    EXPECT_EQ(send("POST", api + "/orders", demo.token, {{"symbol", "SPY"}, {"side", "buy"}, {"qty", 1}}).status, 400);
    ASSERT_TRUE(api::testing::eventually([&] {
      auto o = get(api + "/orders/me-1", demo.token);
      return o.status == 200 && json::parse(o.body)["state"] != "new";
    }, 30s));
    HttpReply cancelled = send("DELETE", api + "/orders/me-1", demo.token);
    EXPECT_EQ(cancelled.status, 200) << cancelled.body;
    EXPECT_TRUE(api::testing::eventually([&] { return json::parse(get(api + "/orders/me-1", demo.token).body)["state"] == "cancelled"; }, 30s));

    EXPECT_EQ(send("POST", api + "/risk/halt", demo.token, json::object()).status, 400) << "a reason is required";
    HttpReply halted = send("POST", api + "/risk/halt", demo.token, {{"reason", "integration test"}});
    ASSERT_EQ(halted.status, 200) << halted.body;
    EXPECT_EQ(json::parse(halted.body)["breaker"], "halted");
    EXPECT_EQ(send("POST", api + "/risk/reset", demo.token, {{"reason", "done"}}).status, 403) << "reset needs the admin token";

    const json weekly{{"name", "weekly put spread"}, {"underlying", "SPY"}, {"quantity", 1}, {"pricing", {{"mode", "smart"}}},
                      {"order", {{"template", "vertical"}, {"right", "put"}, {"side", "sell"}, {"strike", {{"delta", 0.3}}},
                                 {"width", 5}, {"expiry", {{"dte", 30}}}}},
                      {"schedule", {{"kind", "weekly"}, {"time", "10:30"}, {"weekdays", {"fri"}}}}};
    HttpReply created = send("POST", api + "/templates", demo.token, weekly);
    ASSERT_EQ(created.status, 201) << created.body;
    template_id = json::parse(created.body)["id"];
    EXPECT_EQ(send("POST", api + "/templates/" + template_id + "/pause", demo.token).status, 200);
    demo.process->signal(SIGTERM);
    ASSERT_EQ(demo.process->wait(), 0) << demo.process->stderr_text();
  }
  // After a restart the template is back, paused, and the breaker still halted.
  auto again = start_demo(dir, {"--data-dir", data});
  ASSERT_TRUE(ready(again.url)) << again.process->stderr_text();
  HttpReply restored = get(again.url + "/api/v1/templates/" + template_id, again.token);
  ASSERT_EQ(restored.status, 200) << restored.body;
  EXPECT_EQ(json::parse(restored.body)["status"], "paused");
  EXPECT_EQ(json::parse(get(again.url + "/api/v1/status", again.token).body)["breaker"], "halted");
  again.process->signal(SIGTERM);
  EXPECT_EQ(again.process->wait(), 0) << again.process->stderr_text();
}

}  // namespace
}  // namespace nightdesk::testing
