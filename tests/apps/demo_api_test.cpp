// Every REST endpoint of docs/API.md on the real `nightdesk demo` binary over loopback, one demo process for the
// whole suite (started in SetUpTestSuite, which waits until the demo strategies hold two open positions): each
// GET's documented shape; position close / roll / PATCH on a position the demo opened; template and multi-leg
// order entry on the live chain; order replace and cancel; the template life cycle; the breaker with trade, read
// and admin tokens; the A11 error shape for bad JSON, wrong types, unknown fields, oversized bodies and headers,
// a wrong body type, missing and wrong tokens and a token without the scope; CORS of the development defaults.
// Rate limits and auth lockout are off here (the suite's polls would spend them): serve_api_limits_test.cpp
// runs them on `serve` with tiny buckets.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support/nightdesk_binary.h"

namespace nightdesk::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const std::string kReadToken = "rD4mV8qL2xN6bT0wK9sJ3hF7cZ1yP5gA";
const std::string kAdminToken = "aM7kQ2wE9rT4yU1iO6pS3dF8gH0jK5lZ";

// The error shape of A11: {"error": {"code", "message", "field"?}} and nothing else.
::testing::AssertionResult is_error(const HttpReply& reply, long status, const std::string& code,
                                    std::optional<std::string> field = std::nullopt) {
  const json body = json_of(reply);
  if (reply.status != status)
    return ::testing::AssertionFailure() << "status " << reply.status << " (wanted " << status << "): " << reply.body;
  if (body.is_discarded() || !body.is_object() || body.size() != 1 || !body.contains("error") || !body["error"].is_object())
    return ::testing::AssertionFailure() << "not the error shape: " << reply.body;
  const json& e = body["error"];
  if (e.value("code", "") != code) return ::testing::AssertionFailure() << "code is not " << code << ": " << reply.body;
  if (!e.contains("message") || !e["message"].is_string() || e["message"].get<std::string>().empty())
    return ::testing::AssertionFailure() << "no message: " << reply.body;
  for (const auto& [key, value] : e.items())
    if (key != "code" && key != "message" && key != "field") return ::testing::AssertionFailure() << "extra key " << key << ": " << reply.body;
  if (field && e.value("field", "") != *field) return ::testing::AssertionFailure() << "field is not " << *field << ": " << reply.body;
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult has_keys(const json& body, const std::vector<std::string>& keys) {
  if (!body.is_object()) return ::testing::AssertionFailure() << "not an object: " << body.dump().substr(0, 300);
  for (const auto& k : keys)
    if (!body.contains(k)) return ::testing::AssertionFailure() << "no \"" << k << "\" in " << body.dump().substr(0, 300);
  return ::testing::AssertionSuccess();
}

class DemoApi : public SharedEngineSuite<DemoApi> {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    engine_ = new RunningEngine(start_demo(*dir_, {}, {{"NIGHTDESK_API_TOKEN", kServeToken},
                                                       {"NIGHTDESK_READ_TOKEN", kReadToken},
                                                       {"NIGHTDESK_ADMIN_TOKEN", kAdminToken},
                                                       {"NIGHTDESK_CORS_ORIGINS", ""},
                                                       {"NIGHTDESK_API_RATE_LIMITS_ENABLED", "false"},
                                                       {"NIGHTDESK_API_AUTH_FAILURES_PER_MINUTE", "100000"}}));
    if (engine_->url.empty()) {
      setup_failure_ = "the demo printed no URL";
      return;
    }
    if (!ready(engine_->url, 60s)) {
      setup_failure_ = "/ready never answered 200";
      return;
    }
    // The demo strategies open put spreads within seconds of engine time; two open ones serve every test.
    if (!poll_until([] { return open_positions().size() >= 2; }, 120s, 200ms)) setup_failure_ = "the demo opened fewer than 2 positions";
  }

  static std::vector<json> open_positions() {
    std::vector<json> out;
    const json body = json_of(get(engine_->api("/positions"), kServeToken));
    if (!body.is_object() || !body.contains("positions")) return out;
    for (const auto& p : body["positions"])
      if (p.value("open", false) && p.value("bot_managed", false)) out.push_back(p);
    return out;
  }
};

TEST_F(DemoApi, EveryGetEndpoint_Answers200WithItsDocumentedShape) {
  const auto positions = open_positions();
  ASSERT_FALSE(positions.empty());
  const std::string position_id = positions.front()["id"];
  const std::string option_symbol = positions.front()["legs"][0]["instrument"]["symbol"];
  std::string url_symbol;  // the OCC symbol's padding spaces escaped
  for (char c : option_symbol) url_symbol += c == ' ' ? std::string("%20") : std::string(1, c);
  const json orders = json_of(get(api("/orders"), kServeToken));
  ASSERT_FALSE(orders["orders"].empty()) << orders.dump();
  const std::string order_id = orders["orders"][0]["client_order_id"];

  const std::vector<std::pair<std::string, std::vector<std::string>>> reads{
      {"/health", {"status"}},
      {"/ready", {"ready"}},
      {"/status", {"mode", "version", "engine_time", "started", "uptime_seconds", "breaker", "broker", "snapshot_sequence",
                   "quotes", "open_positions"}},
      {"/positions", {"positions"}},
      {"/positions/" + position_id, {"id", "underlying", "source", "bot_managed", "open", "legs", "entry_cost", "fees",
                                     "unrealized_pnl", "realized_pnl", "greeks", "history"}},
      {"/positions/summary", {"total_open", "unrealized_pnl", "realized_pnl", "greeks", "bot_managed", "manual"}},
      {"/orders", {"orders"}},
      {"/orders?status=open&symbol=SPY", {"orders"}},
      {"/orders?status=filled&symbol=" + url_symbol, {"orders"}},
      {"/orders/" + order_id, {"client_order_id", "state", "legs", "limit_price", "history", "fills"}},
      {"/portfolio/greeks", {"as_of", "total", "by_underlying", "dollar_delta", "dollar_gamma_1pct"}},
      {"/portfolio/pnl", {"as_of", "equity", "start_of_day_equity", "peak_equity", "day_pnl", "realized_pnl", "unrealized_pnl"}},
      {"/risk", {"breaker", "audit", "buying_power", "limits", "usage", "equity"}},
      {"/execution/quality", {"total", "by_strategy", "by_symbol", "recent"}},
      {"/audit", {"entries"}},
      {"/chains/SPY", {"underlying", "as_of", "spot", "expiries", "underlying_quote"}},
      {"/quotes/SPY", {"symbol", "bid", "ask", "bid_size", "ask_size", "time"}},
      {"/quotes/" + url_symbol, {"symbol", "bid", "ask", "iv", "delta"}},
      {"/templates", {"templates"}},
      {"/config", {"config", "tokens", "mode"}},
      {"/ws/clients", {"clients", "count", "published", "quote_drops", "inbox_drops", "refused", "disconnects"}},
  };
  for (const auto& [path, keys] : reads) {
    HttpReply reply = get(api(path), kReadToken);
    ASSERT_EQ(reply.status, 200) << path << ": " << reply.body;
    EXPECT_EQ(reply.header("Content-Type").value_or(""), "application/json") << path;
    EXPECT_TRUE(has_keys(json_of(reply), keys)) << path;
  }
  // The shapes inside: a position's legs and Greeks, the open orders' filter, the chain's strikes.
  const json position = json_of(get(api("/positions/" + position_id), kReadToken));
  EXPECT_TRUE(has_keys(position["legs"][0], {"instrument", "quantity", "open_cost", "mark", "market_value"}));
  EXPECT_TRUE(has_keys(position["greeks"], {"per_unit", "position", "dollar_delta"}));
  const json open_orders = json_of(get(api("/orders?status=open"), kReadToken));
  for (const auto& o : open_orders["orders"]) EXPECT_NE(o["state"], "filled") << o.dump().substr(0, 300);
  const json filled = json_of(get(api("/orders?status=filled&symbol=" + url_symbol), kReadToken));
  ASSERT_FALSE(filled["orders"].empty()) << "the order that opened the position";
  for (const auto& o : filled["orders"]) EXPECT_EQ(o["state"], "filled");
  const json chain = json_of(get(api("/chains/SPY"), kReadToken));
  ASSERT_FALSE(chain["expiries"].empty());
  EXPECT_TRUE(has_keys(chain["expiries"][0], {"expiry", "strikes"}));
  EXPECT_TRUE(has_keys(chain["expiries"][0]["strikes"][0], {"strike", "call", "put"}));
  EXPECT_EQ(json_of(get(api("/status"), kReadToken))["mode"], "demo");

  HttpReply metrics = get(api("/metrics"));
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("nightdesk_api_requests_total{"), std::string::npos);
}

TEST_F(DemoApi, UnknownIdsAndRoutes_Answer404_AWrongMethod405WithAllow) {
  EXPECT_TRUE(is_error(get(api("/positions/pos-nope"), kReadToken), 404, "not_found", "id"));
  EXPECT_TRUE(is_error(get(api("/orders/nope"), kReadToken), 404, "not_found", "id"));
  EXPECT_TRUE(is_error(get(api("/chains/QQQ"), kReadToken), 404, "not_found", "underlying"));
  EXPECT_TRUE(is_error(get(api("/quotes/QQQ"), kReadToken), 404, "not_found", "symbol"));
  EXPECT_TRUE(is_error(get(api("/templates/nope"), kReadToken), 404, "not_found"));
  EXPECT_TRUE(is_error(get(api("/templates/nope/executions"), kReadToken), 404, "not_found"));
  EXPECT_TRUE(is_error(get(api("/no/such/thing"), kReadToken), 404, "not_found"));
  EXPECT_TRUE(is_error(get(api("/orders?status=bogus"), kReadToken), 400, "invalid_argument", "status"));

  HttpReply put = send("PUT", api("/orders"), kServeToken, json::object());
  EXPECT_TRUE(is_error(put, 405, "method_not_allowed"));
  const std::string allow = put.header("Allow").value_or("");
  EXPECT_NE(allow.find("GET"), std::string::npos) << allow;
  EXPECT_NE(allow.find("POST"), std::string::npos) << allow;
}

TEST_F(DemoApi, Tokens_MissingOrWrongIs401_ReadTokenCannotTrade403) {
  const std::string wrong = std::string(40, 'x') + "Q7";
  const std::vector<std::pair<std::string, std::string>> commands{
      {"POST", "/orders"},           {"DELETE", "/orders/x"},           {"PATCH", "/orders/x"},
      {"POST", "/positions/x/close"}, {"POST", "/positions/x/roll"},     {"PATCH", "/positions/x"},
      {"POST", "/templates"},        {"PATCH", "/templates/x"},         {"DELETE", "/templates/x"},
      {"POST", "/templates/x/pause"}, {"POST", "/templates/x/resume"},   {"POST", "/risk/halt"},
      {"POST", "/risk/reset"}};
  for (const auto& [method, path] : commands) {
    HttpReply none = request(method, api(path), {"Content-Type: application/json"}, "{}");
    EXPECT_TRUE(is_error(none, 401, "unauthorized", "Authorization")) << method << " " << path;
    EXPECT_EQ(none.header("WWW-Authenticate").value_or("").rfind("Bearer", 0), 0u) << method << " " << path;
    EXPECT_TRUE(is_error(send(method, api(path), wrong, json::object()), 401, "unauthorized")) << method << " " << path;
    EXPECT_TRUE(is_error(send(method, api(path), kReadToken, json::object()), 403, "forbidden")) << method << " " << path;
  }
  for (const char* path : {"/positions", "/orders", "/templates", "/risk", "/audit", "/ws/clients"})
    EXPECT_TRUE(is_error(get(api(path), wrong), 401, "unauthorized")) << path;
  EXPECT_TRUE(is_error(get(api("/positions"), "Basic abc"), 401, "unauthorized"));
  EXPECT_EQ(get(api("/positions"), kReadToken).status, 200);
}

TEST_F(DemoApi, BadBodies_AnswerTheErrorShapeNamingTheProblem) {
  const std::vector<std::string> json_type{"Authorization: Bearer " + kServeToken, "Content-Type: application/json"};
  HttpReply malformed = request("POST", api("/orders"), json_type, "{\"symbol\": \"SPY\", ");
  EXPECT_TRUE(is_error(malformed, 400, "malformed_json", "body"));
  EXPECT_NE(json_of(malformed)["error"]["message"].get<std::string>().find("byte"), std::string::npos) << malformed.body;

  const json order{{"symbol", "SPY"}, {"side", "buy"}, {"quantity", 1}, {"limit_price", "1.00"}};
  json wrong_type = order;
  wrong_type["quantity"] = "one";
  EXPECT_TRUE(is_error(send("POST", api("/orders"), kServeToken, wrong_type), 400, "invalid_argument", "quantity"));
  json unknown = order;
  unknown["colour"] = "red";
  EXPECT_TRUE(is_error(send("POST", api("/orders"), kServeToken, unknown), 400, "invalid_argument", "colour"));
  json bad_leg{{"legs", {{{"symbol", "SPY"}, {"side", "buy"}}, {{"symbol", "SPY"}, {"side", "sideways"}}}}, {"quantity", 1},
               {"limit_price", "1.00"}};
  EXPECT_TRUE(is_error(send("POST", api("/orders"), kServeToken, bad_leg), 400, "invalid_argument", "legs[1].side"));
  EXPECT_TRUE(is_error(send("POST", api("/orders"), kServeToken, json::array({1, 2})), 400, "invalid_argument"));
  EXPECT_TRUE(is_error(send("PATCH", api("/positions/x"), kServeToken, {{"stop_loss_pct", "lots"}}), 400, "invalid_argument",
                       "stop_loss_pct"));
  EXPECT_TRUE(is_error(send("POST", api("/positions/x/roll"), kServeToken, {{"target_dte", 30}, {"sparkle", true}}), 400,
                       "invalid_argument", "sparkle"));

  // JSON deeper than api.json_max_depth (64).
  const std::string deep = std::string(70, '[') + std::string(70, ']');
  EXPECT_TRUE(is_error(request("POST", api("/orders"), json_type, deep), 400, "malformed_json"));
  // A body that is not JSON by its type.
  EXPECT_TRUE(is_error(request("POST", api("/orders"), {"Authorization: Bearer " + kServeToken, "Content-Type: text/plain"},
                               order.dump()),
                       415, "unsupported_media_type"));
  // Over api.max_body_bytes (64 KiB); "Expect:" sends it without waiting for 100 Continue.
  std::vector<std::string> no_expect = json_type;
  no_expect.push_back("Expect:");
  const std::string big = json{{"symbol", "SPY"}, {"note", std::string(70 * 1024, 'x')}}.dump();
  EXPECT_TRUE(is_error(request("POST", api("/orders"), no_expect, big), 413, "payload_too_large"));
  // Over api.max_header_bytes (8 KiB).
  HttpReply huge_header = request("GET", api("/status"), {"Authorization: Bearer " + kServeToken, "X-Padding: " + std::string(9000, 'p')});
  EXPECT_TRUE(is_error(huge_header, 431, "headers_too_large"));
  // The server still serves after each of these.
  EXPECT_EQ(get(api("/status"), kServeToken).status, 200);
}

TEST_F(DemoApi, PositionCommands_PatchRollAndCloseADemoPosition) {
  const auto positions = open_positions();
  ASSERT_GE(positions.size(), 2u);
  // A roll plan needs the same strikes listed in the target expiry, which the synthetic chain may lack for a
  // given position (404 naming the strike): the first position with a plan is the one managed here.
  std::string managed;
  json planned;
  std::string refusals;
  for (const auto& p : positions) {
    HttpReply plan = send("POST", api("/positions/" + p["id"].get<std::string>() + "/roll"), kServeToken,
                          {{"dry_run", true}, {"require_credit", false}});
    if (plan.status == 200) {
      managed = p["id"];
      planned = json_of(plan);
      break;
    }
    EXPECT_TRUE(is_error(plan, 404, "not_found", "strike") || is_error(plan, 409, "conflict")) << plan.body;
    refusals += plan.body + "\n";
  }
  ASSERT_FALSE(managed.empty()) << "no open position has a roll plan:\n" << refusals;
  EXPECT_EQ(planned["dry_run"], true);
  EXPECT_EQ(planned["position_id"], managed);
  EXPECT_TRUE(planned["order"].is_null());
  EXPECT_TRUE(has_keys(planned["plan"], {"old_legs", "new_legs", "net_price", "net_credit"}));
  EXPECT_TRUE(is_error(send("POST", api("/positions/pos-nope/roll"), kServeToken, {{"dry_run", true}}), 404, "not_found"));
  const std::string closing = positions[0]["id"] == managed ? positions[1]["id"] : positions[0]["id"];

  HttpReply patched = send("PATCH", api("/positions/" + managed), kServeToken,
                           {{"stop_loss_pct", -150}, {"trailing_stop_enabled", true}, {"ladder_levels", {"+60%:50%", "+120%:50%"}}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  const json settings = json_of(patched)["settings"];
  EXPECT_EQ(json_of(patched)["position_id"], managed);
  EXPECT_DOUBLE_EQ(settings["stop_loss_pct"].get<double>(), -150.0) << settings.dump();
  EXPECT_EQ(settings["trailing_stop_enabled"], true) << settings.dump();
  EXPECT_EQ(settings["ladder_levels"], json({"+60%:50%", "+120%:50%"})) << settings.dump();
  EXPECT_TRUE(is_error(send("PATCH", api("/positions/" + managed), kServeToken, {{"ladder_levels", {"half:all"}}}), 400,
                       "invalid_argument"));
  EXPECT_TRUE(is_error(send("PATCH", api("/positions/pos-nope"), kServeToken, {{"stop_loss_pct", -150}}), 404, "not_found"));

  // Handed to a person, the bot may not roll it.
  HttpReply handed = send("PATCH", api("/positions/" + managed), kServeToken, {{"source", "manual"}});
  ASSERT_EQ(handed.status, 200) << handed.body;
  EXPECT_TRUE(is_error(send("POST", api("/positions/" + managed + "/roll"), kServeToken, {{"dry_run", true}}), 409, "conflict", "source"));
  EXPECT_TRUE(poll_until([&] { return json_of(get(api("/positions/" + managed), kReadToken))["source"] == "manual"; }, 30s));

  EXPECT_TRUE(is_error(send("POST", api("/positions/" + closing + "/close"), kServeToken, {{"quantity", 1}, {"pct", 50}}), 400,
                       "invalid_argument"));
  EXPECT_TRUE(is_error(send("POST", api("/positions/" + closing + "/close"), kServeToken, {{"quantity", 0}}), 400,
                       "invalid_argument", "quantity"));
  HttpReply closed = send("POST", api("/positions/" + closing + "/close"), kServeToken, {{"quantity", 1}});
  ASSERT_EQ(closed.status, 202) << closed.body;
  const json close_order = json_of(closed)["order"];
  EXPECT_EQ(json_of(closed)["position_id"], closing);
  EXPECT_EQ(close_order["quantity"], 1) << close_order.dump();
  const std::string close_id = close_order["client_order_id"];
  EXPECT_TRUE(poll_until([&] { return get(api("/orders/" + close_id), kReadToken).status == 200; }, 30s));
  EXPECT_TRUE(is_error(send("POST", api("/positions/pos-nope/close"), kServeToken, {{"quantity", 1}}), 404, "not_found"));
}

TEST_F(DemoApi, OrderReplaceAndCancel_OnAnAcceptedOrder) {
  const std::string id = "api-test-replace-1";
  HttpReply queued = send("POST", api("/orders"), kServeToken,
                          {{"client_order_id", id}, {"symbol", "SPY"}, {"side", "buy"}, {"quantity", 1}, {"limit_price", "1.00"},
                           {"time_in_force", "gtc"}});  // a day order could expire at the demo's fast close
  ASSERT_EQ(queued.status, 202) << queued.body;
  EXPECT_TRUE(has_keys(json_of(queued), {"client_order_id", "priority", "status", "order"}));
  ASSERT_TRUE(poll_until([&] { return json_of(get(api("/orders/" + id), kReadToken)).value("state", "") == "accepted"; }, 30s))
      << get(api("/orders/" + id), kReadToken).body;

  EXPECT_TRUE(is_error(send("PATCH", api("/orders/" + id), kServeToken, json::object()), 400, "invalid_argument"));
  EXPECT_TRUE(is_error(send("PATCH", api("/orders/" + id), kServeToken, {{"quantity", 0}}), 400, "invalid_argument", "quantity"));
  EXPECT_TRUE(is_error(send("PATCH", api("/orders/nope"), kServeToken, {{"limit_price", "1.05"}}), 404, "not_found"));
  HttpReply replaced = send("PATCH", api("/orders/" + id), kServeToken, {{"limit_price", "1.05"}, {"quantity", 2}});
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(json_of(replaced)["status"], "sent");
  EXPECT_TRUE(poll_until([&] {
    const json o = json_of(get(api("/orders/" + id), kReadToken));
    return o.value("state", "") == "accepted" && o["limit_price"] == "1.05" && o["quantity"] == 2;
  }, 30s)) << get(api("/orders/" + id), kReadToken).body;

  HttpReply cancelled = send("DELETE", api("/orders/" + id), kServeToken);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  ASSERT_TRUE(poll_until([&] { return json_of(get(api("/orders/" + id), kReadToken)).value("state", "") == "cancelled"; }, 30s))
      << get(api("/orders/" + id), kReadToken).body;
  EXPECT_TRUE(is_error(send("DELETE", api("/orders/" + id), kServeToken), 409, "conflict"));
  EXPECT_TRUE(is_error(send("PATCH", api("/orders/" + id), kServeToken, {{"limit_price", "1.10"}}), 409, "conflict"));
  EXPECT_TRUE(is_error(send("DELETE", api("/orders/nope"), kServeToken), 404, "not_found"));
}

TEST_F(DemoApi, OrderEntry_TemplateAndMultiLegOrders_BuiltOnTheLiveChain) {
  // A put strike with the one 5 below it listed, in the second expiry of the demo's chain.
  const json chain = json_of(get(api("/chains/SPY"), kReadToken));
  ASSERT_GE(chain["expiries"].size(), 2u) << chain.dump().substr(0, 300);
  const json& expiry = chain["expiries"][1];
  std::vector<double> strikes;
  for (const auto& row : expiry["strikes"])
    if (!row["put"].is_null()) strikes.push_back(std::stod(row["strike"].get<std::string>()));
  std::optional<double> upper;
  const double spot = chain["spot"].is_string() ? std::stod(chain["spot"].get<std::string>()) : chain["spot"].get<double>();
  for (double k : strikes)
    if (k <= spot && std::find(strikes.begin(), strikes.end(), k - 5) != strikes.end()) upper = k;
  ASSERT_TRUE(upper) << "no 5-wide put pair below spot " << spot;

  const json vertical{{"client_order_id", "api-test-vertical-1"}, {"template", "vertical"}, {"underlying", "SPY"},
                      {"priority", "high"},
                      {"params", {{"expiry", expiry["expiry"]}, {"right", "put"}, {"side", "sell"}, {"strike", *upper},
                                  {"width", 5}, {"quantity", 1}}}};
  HttpReply queued = send("POST", api("/orders"), kServeToken, vertical);
  ASSERT_EQ(queued.status, 202) << queued.body;
  EXPECT_EQ(json_of(queued)["priority"], "high");
  ASSERT_EQ(json_of(queued)["order"]["legs"].size(), 2u) << queued.body;
  EXPECT_TRUE(poll_until([&] {
    return json_of(get(api("/orders/api-test-vertical-1"), kReadToken)).value("state", "new") != "new";
  }, 30s));

  // The same spread as explicit legs by OCC symbol (a debit: buy the upper, sell the lower).
  const json legs_order{{"client_order_id", "api-test-legs-1"}, {"quantity", 1}, {"limit_price", "0.05"}, {"execution", "direct"},
                        {"legs", {{{"symbol", json_of(queued)["order"]["legs"][0]["instrument"]["symbol"]}, {"side", "buy"}},
                                  {{"symbol", json_of(queued)["order"]["legs"][1]["instrument"]["symbol"]}, {"side", "sell"}}}}};
  HttpReply legs = send("POST", api("/orders"), kServeToken, legs_order);
  ASSERT_EQ(legs.status, 202) << legs.body;
  EXPECT_TRUE(poll_until([&] {
    const json o = json_of(get(api("/orders/api-test-legs-1"), kReadToken));
    return o.value("state", "new") != "new" && o["legs"].size() == 2;
  }, 30s));
  send("DELETE", api("/orders/api-test-legs-1"), kServeToken);

  EXPECT_TRUE(is_error(send("POST", api("/orders"), kServeToken, {{"template", "condor_of_doom"}, {"underlying", "SPY"}}), 404,
                       "not_found", "template"));
  HttpReply no_chain = send("POST", api("/orders"), kServeToken,
                            {{"template", "straddle"}, {"underlying", "QQQ"}, {"params", {{"expiry", expiry["expiry"]}}}});
  EXPECT_TRUE(is_error(no_chain, 503, "unavailable", "underlying"));
  json bogus = vertical;
  bogus.erase("client_order_id");
  bogus["params"]["bogus"] = 1;
  EXPECT_TRUE(is_error(send("POST", api("/orders"), kServeToken, bogus), 400, "invalid_argument", "params.bogus"));
}

TEST_F(DemoApi, Templates_PatchPauseResumeExecutionsAndDelete) {
  const json weekly{{"name", "api test spread"}, {"underlying", "SPY"}, {"quantity", 1}, {"pricing", {{"mode", "smart"}}},
                    {"order", {{"template", "vertical"}, {"right", "put"}, {"side", "sell"}, {"strike", {{"delta", 0.3}}},
                               {"width", 5}, {"expiry", {{"dte", 30}}}}},
                    {"schedule", {{"kind", "weekly"}, {"time", "10:30"}, {"weekdays", {"fri"}}}}};
  HttpReply created = send("POST", api("/templates"), kServeToken, weekly);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = json_of(created)["id"];
  EXPECT_EQ(created.header("Location").value_or(""), "/api/v1/templates/" + id);
  EXPECT_TRUE(has_keys(json_of(created), {"id", "status", "created_at", "executions_count", "history", "schedule"}));
  json bad = weekly;
  bad["schedule"]["time"] = "25:99";
  EXPECT_TRUE(is_error(send("POST", api("/templates"), kServeToken, bad), 400, "invalid_argument"));

  HttpReply patched = send("PATCH", api("/templates/" + id), kServeToken, {{"quantity", 3}, {"schedule", {{"time", "11:00"}}}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json_of(patched)["quantity"], 3);
  EXPECT_EQ(json_of(patched)["schedule"]["time"], "11:00");
  EXPECT_EQ(json_of(patched)["schedule"]["weekdays"], json({"fri"})) << "a merge patch keeps what it does not name";
  EXPECT_TRUE(is_error(send("PATCH", api("/templates/" + id), kServeToken, {{"id", "other"}}), 400, "invalid_argument", "id"));
  EXPECT_TRUE(is_error(send("PATCH", api("/templates/" + id), kServeToken, {{"quantity", "three"}}), 400, "invalid_argument", "quantity"));
  EXPECT_EQ(json_of(get(api("/templates/" + id), kReadToken))["quantity"], 3) << "a refused patch changes nothing";

  HttpReply paused = send("POST", api("/templates/" + id + "/pause"), kServeToken);
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(json_of(paused)["status"], "paused");
  HttpReply resumed = send("POST", api("/templates/" + id + "/resume"), kServeToken);
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  EXPECT_EQ(json_of(resumed)["status"], "active");
  HttpReply status_patch = send("PATCH", api("/templates/" + id), kServeToken, {{"status", "paused"}});
  ASSERT_EQ(status_patch.status, 200) << status_patch.body;
  EXPECT_EQ(json_of(status_patch)["status"], "paused");

  HttpReply executions = get(api("/templates/" + id + "/executions"), kReadToken);
  ASSERT_EQ(executions.status, 200) << executions.body;
  EXPECT_EQ(json_of(executions)["template_id"], id);
  EXPECT_TRUE(json_of(executions)["history"].is_array());
  EXPECT_TRUE(json_of(executions)["executions_count"].is_number_integer());

  bool listed = false;
  const json templates = json_of(get(api("/templates"), kReadToken));
  for (const auto& t : templates["templates"]) {
    if (t["id"] != id) continue;
    listed = true;
    EXPECT_FALSE(t.contains("history")) << "the list leaves the histories out";
  }
  EXPECT_TRUE(listed);

  HttpReply deleted = send("DELETE", api("/templates/" + id), kServeToken);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(json_of(deleted), json({{"id", id}, {"deleted", true}}));
  EXPECT_TRUE(is_error(get(api("/templates/" + id), kReadToken), 404, "not_found"));
  EXPECT_TRUE(is_error(send("DELETE", api("/templates/" + id), kServeToken), 404, "not_found"));
  EXPECT_TRUE(is_error(send("POST", api("/templates/" + id + "/resume"), kServeToken), 404, "not_found"));
}

TEST_F(DemoApi, Breaker_HaltWithTradeToken_ResetOnlyWithAdminAndAReason) {
  HttpReply halted = send("POST", api("/risk/halt"), kServeToken, {{"reason", "api test"}});
  ASSERT_EQ(halted.status, 200) << halted.body;
  EXPECT_EQ(json_of(halted)["breaker"], "halted");
  EXPECT_TRUE(is_error(send("POST", api("/risk/reset"), kServeToken, {{"reason", "done"}}), 403, "forbidden"));
  EXPECT_TRUE(is_error(send("POST", api("/risk/reset"), kAdminToken, {{"reason", "  "}}), 400, "invalid_argument", "reason"));
  HttpReply reset = send("POST", api("/risk/reset"), kAdminToken, {{"reason", "api test over"}});
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(json_of(reset)["breaker"], "active");
  EXPECT_TRUE(poll_until([&] {
    const json audit = json_of(get(api("/audit"), kReadToken));
    for (const auto& e : audit["entries"])
      if (e.value("type", "") == "breaker" && e.value("reason", "") == "api test over") return true;
    return false;
  }, 30s)) << "the reset is in the audit log";
}

TEST_F(DemoApi, Cors_DevelopmentDefaults_PreflightAllowsLocalhost_RefusesOthers) {
  HttpReply preflight = request("OPTIONS", api("/orders/x"),
                                {"Origin: http://localhost:3000", "Access-Control-Request-Method: PATCH",
                                 "Access-Control-Request-Headers: Authorization, Content-Type"});
  ASSERT_EQ(preflight.status, 204) << preflight.body;
  EXPECT_EQ(preflight.header("Access-Control-Allow-Origin").value_or(""), "http://localhost:3000");
  const std::string methods = preflight.header("Access-Control-Allow-Methods").value_or("");
  for (const char* m : {"GET", "PATCH", "DELETE", "OPTIONS"}) EXPECT_NE(methods.find(m), std::string::npos) << m << " in " << methods;
  const std::string headers = preflight.header("Access-Control-Allow-Headers").value_or("");
  EXPECT_NE(headers.find("Authorization"), std::string::npos) << headers;
  EXPECT_NE(headers.find("Content-Type"), std::string::npos) << headers;
  EXPECT_EQ(preflight.header("Access-Control-Max-Age").value_or(""), "600");

  HttpReply simple = request("GET", api("/status"), {"Authorization: Bearer " + kReadToken, "Origin: http://127.0.0.1:5173"});
  EXPECT_EQ(simple.status, 200);
  EXPECT_EQ(simple.header("Access-Control-Allow-Origin").value_or(""), "http://127.0.0.1:5173");

  HttpReply refused = request("OPTIONS", api("/orders"), {"Origin: https://evil.example", "Access-Control-Request-Method: POST"});
  EXPECT_TRUE(is_error(refused, 403, "origin_not_allowed", "Origin"));
  EXPECT_FALSE(refused.header("Access-Control-Allow-Origin"));
  HttpReply cross = request("GET", api("/status"), {"Authorization: Bearer " + kReadToken, "Origin: https://evil.example"});
  EXPECT_FALSE(cross.header("Access-Control-Allow-Origin")) << "no grant for a foreign origin";
}

}  // namespace
}  // namespace nightdesk::testing
