// The recurring-template endpoints over loopback against a real ApiServer and a live engine loop on its own
// thread: create, list, read, merge-patch, pause/resume, executions, delete, and the errors each answers.
#include "api/template_routes.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api_server_fixture.h"
#include "engine_thread.h"

namespace nightdesk::api::test {
namespace {

using nlohmann::json;

// A weekly SPY put vertical, Mondays 10:30 New York, limit at the mid.
json weekly_spread() {
  return {{"name", "weekly put spread"},
          {"underlying", "SPY"},
          {"order", {{"template", "vertical"}, {"right", "put"}, {"side", "sell"}, {"strike", 480}, {"width", 5}, {"expiry", "2030-01-18"}}},
          {"quantity", 2},
          {"pricing", {{"mode", "limit"}}},
          {"schedule", {{"kind", "weekly"}, {"time", "10:30"}, {"weekdays", {"mon"}}}}};
}

class TemplateRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ApiServerOptions o;
    o.tokens = test_grants();
    auto started = ApiServer::start(std::move(o), template_routes(engine.loop(), [this] { return &engine.host->recurring(); }));
    ASSERT_TRUE(started) << started.error().message;
    server = std::move(*started);
  }

  HttpReply call(const std::string& method, const std::string& path, const json& body = nullptr,
                 const std::string& token = kTradeToken) {
    std::vector<std::string> headers{"Authorization: Bearer " + token};
    std::string text;
    if (!body.is_null()) {
      headers.push_back("Content-Type: application/json");
      text = body.dump();
    }
    auto r = http_request(method, server->url() + path, text, headers);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : HttpReply{};
  }
  static json body_of(const HttpReply& r) { return json::parse(r.body); }
  // Creates the weekly spread; its id.
  std::string create() {
    HttpReply r = call("POST", "/api/v1/templates", weekly_spread());
    EXPECT_EQ(r.status, 201) << r.body;
    return body_of(r).value("id", "");
  }

  EngineThread engine;
  std::unique_ptr<ApiServer> server;
};

TEST_F(TemplateRoutesTest, Post_CreatesActiveTemplateWithIdAndLocation) {
  HttpReply r = call("POST", "/api/v1/templates", weekly_spread());
  ASSERT_EQ(r.status, 201) << r.body;
  json t = body_of(r);
  EXPECT_EQ(t["id"], "t1");
  EXPECT_EQ(t["status"], "active");
  EXPECT_EQ(t["quantity"], 2);
  EXPECT_EQ(t["executions_count"], 0);
  EXPECT_EQ(r.header("location"), "/api/v1/templates/t1");
  EXPECT_NE(engine.host->recurring().templates().size(), 0u);
}

TEST_F(TemplateRoutesTest, Post_InvalidQuantity_Is400NamingTheField) {
  json body = weekly_spread();
  body["quantity"] = 0;
  HttpReply r = call("POST", "/api/v1/templates", body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["error"]["field"], "quantity");
}

TEST_F(TemplateRoutesTest, Post_UnknownField_Is400NamingIt) {
  json body = weekly_spread();
  body["colour"] = "red";
  HttpReply r = call("POST", "/api/v1/templates", body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["error"]["field"], "colour");
}

TEST_F(TemplateRoutesTest, Post_EngineFieldsFromTheClient_AreRefused) {
  json body = weekly_spread();
  body["id"] = "mine";
  HttpReply r = call("POST", "/api/v1/templates", body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["error"]["field"], "id");
}

TEST_F(TemplateRoutesTest, Post_BodyNotAnObject_Is400) {
  HttpReply r = call("POST", "/api/v1/templates", json::array({1, 2}));
  EXPECT_EQ(r.status, 400);
}

TEST_F(TemplateRoutesTest, Post_WithReadToken_Is403) {
  HttpReply r = call("POST", "/api/v1/templates", weekly_spread(), kReadToken);
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(engine.host->recurring().templates().empty());
}

TEST_F(TemplateRoutesTest, List_ShowsEveryTemplateWithoutHistory) {
  create();
  create();
  HttpReply r = call("GET", "/api/v1/templates", nullptr, kReadToken);
  ASSERT_EQ(r.status, 200);
  json list = body_of(r)["templates"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["id"], "t1");
  EXPECT_EQ(list[1]["id"], "t2");
  EXPECT_FALSE(list[0].contains("history"));
}

TEST_F(TemplateRoutesTest, GetOne_UnknownId_Is404) {
  HttpReply r = call("GET", "/api/v1/templates/t99", nullptr, kReadToken);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(body_of(r)["error"]["code"], "not_found");
}

TEST_F(TemplateRoutesTest, Patch_ChangesOnlyTheGivenFieldsAndKeepsIdAndCreation) {
  const std::string id = create();
  const json before = body_of(call("GET", "/api/v1/templates/" + id));
  HttpReply r = call("PATCH", "/api/v1/templates/" + id, {{"quantity", 5}, {"schedule", {{"time", "11:00"}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  json after = body_of(r);
  EXPECT_EQ(after["quantity"], 5);
  EXPECT_EQ(after["schedule"]["time"], "11:00");
  EXPECT_EQ(after["schedule"]["weekdays"], before["schedule"]["weekdays"]);
  EXPECT_EQ(after["name"], before["name"]);
  EXPECT_EQ(after["created_at"], before["created_at"]);
  EXPECT_EQ(engine.host->recurring().find(id) != nullptr, true);
}

TEST_F(TemplateRoutesTest, Patch_StatusPaused_PausesIt) {
  const std::string id = create();
  HttpReply r = call("PATCH", "/api/v1/templates/" + id, {{"status", "paused"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r)["status"], "paused");
}

TEST_F(TemplateRoutesTest, Patch_InvalidValue_Is400AndLeavesTheTemplateAsItWas) {
  const std::string id = create();
  HttpReply r = call("PATCH", "/api/v1/templates/" + id, {{"quantity", -1}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["error"]["field"], "quantity");
  EXPECT_EQ(body_of(call("GET", "/api/v1/templates/" + id))["quantity"], 2);
}

TEST_F(TemplateRoutesTest, Patch_EngineField_Is400NamingIt) {
  const std::string id = create();
  HttpReply r = call("PATCH", "/api/v1/templates/" + id, {{"history", json::array()}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["error"]["field"], "history");
}

TEST_F(TemplateRoutesTest, PauseThenResume_MovesTheStatus) {
  const std::string id = create();
  HttpReply paused = call("POST", "/api/v1/templates/" + id + "/pause");
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(body_of(paused)["status"], "paused");
  HttpReply resumed = call("POST", "/api/v1/templates/" + id + "/resume");
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  EXPECT_EQ(body_of(resumed)["status"], "active");
}

TEST_F(TemplateRoutesTest, BeforeTheEngineTrades_Is503) {
  ApiServerOptions o;
  o.tokens = test_grants();
  auto early = ApiServer::start(std::move(o), template_routes(engine.loop(), [] { return nullptr; }));
  ASSERT_TRUE(early) << early.error().message;
  auto r = http_request("GET", (*early)->url() + "/api/v1/templates", {}, {"Authorization: Bearer " + kReadToken});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
}

TEST_F(TemplateRoutesTest, Pause_UnknownId_Is404) {
  EXPECT_EQ(call("POST", "/api/v1/templates/t7/pause").status, 404);
}

TEST_F(TemplateRoutesTest, Executions_OfANewTemplate_AreEmpty) {
  const std::string id = create();
  HttpReply r = call("GET", "/api/v1/templates/" + id + "/executions", nullptr, kReadToken);
  ASSERT_EQ(r.status, 200) << r.body;
  json e = body_of(r);
  EXPECT_EQ(e["template_id"], id);
  EXPECT_EQ(e["executions_count"], 0);
  EXPECT_TRUE(e["history"].empty());
}

TEST_F(TemplateRoutesTest, Delete_RemovesItAndASecondDeleteIs404) {
  const std::string id = create();
  HttpReply r = call("DELETE", "/api/v1/templates/" + id);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r)["deleted"], true);
  EXPECT_EQ(call("GET", "/api/v1/templates/" + id).status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/templates/" + id).status, 404);
}

}  // namespace
}  // namespace nightdesk::api::test
