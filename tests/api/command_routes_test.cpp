// POST /api/v1/orders over loopback: strict bodies, idempotency on client_order_id, the queue's limits and
// priorities, and what the engine's drain made of each order (GET /orders/{id}).
#include <gtest/gtest.h>

#include "command_desk_fixture.h"

namespace nightdesk::api::test {
namespace {

using OrderEntryTest = CommandDeskTest;

TEST_F(OrderEntryTest, SingleLegOrder_IsQueuedThenSentAndFilled) {
  auto r = call("POST", "/api/v1/orders", share_order("t-1", 3, "450.01"));
  ASSERT_EQ(r.status, 202) << r.body;
  json b = body_of(r);
  EXPECT_EQ(b["client_order_id"], "t-1");
  EXPECT_EQ(b["priority"], "normal");
  EXPECT_TRUE(b["status"] == "queued" || b["status"] == "sent") << b;
  EXPECT_EQ(b["order"]["quantity"], 3);
  EXPECT_EQ(b["order"]["source"], "manual_api");

  json order = wait_for_state("t-1", "filled");
  ASSERT_FALSE(order.is_null());
  EXPECT_EQ(order["position_id"], "pos-t-1");
  auto out = wait_drained(1);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].sent);
  EXPECT_EQ(out[0].who, "api");
}

TEST_F(OrderEntryTest, SameIdSameBody_AnswersTheExistingOrderNotASecondOne) {
  const json body = share_order("t-2", 1, "450.01");
  ASSERT_EQ(call("POST", "/api/v1/orders", body).status, 202);
  auto again = call("POST", "/api/v1/orders", body);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(body_of(again)["client_order_id"], "t-2");
  ASSERT_FALSE(wait_for_state("t-2", "filled").is_null());

  auto after = call("POST", "/api/v1/orders", body);
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(body_of(after)["status"], "sent");
  EXPECT_EQ(body_of(after)["order"]["state"], "filled");
  EXPECT_EQ(wait_drained(1).size(), 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(drained().size(), 1u);
  EXPECT_EQ(body_of(call("GET", "/api/v1/orders"))["orders"].size(), 1u);
}

TEST_F(OrderEntryTest, SameIdDifferentBody_IsAConflict) {
  ASSERT_EQ(call("POST", "/api/v1/orders", share_order("t-3", 1, "450.01")).status, 202);
  auto r = call("POST", "/api/v1/orders", share_order("t-3", 2, "450.01"));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(error_of(r)["field"], "client_order_id");
}

TEST_F(OrderEntryTest, UnknownField_Is400NamingIt) {
  json body = share_order("t-4", 1, "450.01");
  body["colour"] = "red";
  auto r = call("POST", "/api/v1/orders", body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r)["field"], "colour");
}

TEST_F(OrderEntryTest, WrongType_Is400NamingTheField) {
  json body = share_order("t-5", 1, "450.01");
  body["quantity"] = "1";
  auto r = call("POST", "/api/v1/orders", body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r)["field"], "quantity");
  body["quantity"] = 1;
  body["bot_managed"] = "yes";
  EXPECT_EQ(error_of(call("POST", "/api/v1/orders", body))["field"], "bot_managed");
}

TEST_F(OrderEntryTest, MissingFields_Are400NamingThem) {
  json body = share_order("t-6", 1, "450.01");
  body.erase("quantity");
  EXPECT_EQ(error_of(call("POST", "/api/v1/orders", body))["field"], "quantity");
  body = share_order("t-6", 1, "450.01");
  body.erase("side");
  EXPECT_EQ(error_of(call("POST", "/api/v1/orders", body))["field"], "side");
  body = share_order("t-6", 1, "450.01");
  body.erase("limit_price");
  EXPECT_EQ(error_of(call("POST", "/api/v1/orders", body))["field"], "limit_price");
  auto empty = call("POST", "/api/v1/orders");
  EXPECT_EQ(empty.status, 400);
}

TEST_F(OrderEntryTest, MalformedJson_Is400) {
  auto r = call("POST", "/api/v1/orders", json("{\"symbol\": \"SPY\","));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r)["code"], "malformed_json");
}

TEST_F(OrderEntryTest, BadValues_Are400NamingTheField) {
  json body = share_order("t-7", 1, "450.01", "asap");
  EXPECT_EQ(error_of(call("POST", "/api/v1/orders", body))["field"], "priority");
  body = share_order("t-7", 1, "450.01");
  body["symbol"] = "SPY 250117X00450000";
  EXPECT_EQ(error_of(call("POST", "/api/v1/orders", body))["field"], "symbol");
  body = share_order("t 7", 1, "450.01");
  EXPECT_EQ(error_of(call("POST", "/api/v1/orders", body))["field"], "client_order_id");
  body = share_order("t-7", 1, "cheap");
  EXPECT_EQ(error_of(call("POST", "/api/v1/orders", body))["field"], "limit_price");
}

TEST_F(OrderEntryTest, ReadToken_IsForbidden) {
  auto r = call("POST", "/api/v1/orders", share_order("t-8", 1, "450.01"), kReadToken);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(queue_->size(), 0u);
}

TEST_F(OrderEntryTest, QuantityAboveTheMaximum_Is400Quantity) {
  auto r = call("POST", "/api/v1/orders", share_order("t-9", 101, "450.01"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r)["field"], "quantity");
  // Refused: the id is free for a corrected order.
  EXPECT_EQ(call("POST", "/api/v1/orders", share_order("t-9", 100, "449.00")).status, 202);
}

TEST_F(OrderEntryTest, FullQueue_Is503QueueIsFull) {
  hold_engine();
  for (int i = 0; i < 4; ++i) ASSERT_EQ(call("POST", "/api/v1/orders", share_order("f-" + std::to_string(i), 1, "449.00")).status, 202);
  auto r = call("POST", "/api/v1/orders", share_order("f-4", 1, "449.00"));
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(error_of(r)["message"].get<std::string>().find("queue is full"), std::string::npos) << r.body;
  EXPECT_EQ(r.header("retry-after").value_or(""), "1");
  release_engine();
  EXPECT_EQ(wait_drained(4).size(), 4u);
  EXPECT_EQ(call("POST", "/api/v1/orders", share_order("f-4", 1, "449.00")).status, 202);
}

TEST_F(OrderEntryTest, Drain_SendsByPriorityThenArrival) {
  hold_engine();
  const std::vector<std::pair<std::string, std::string>> sent = {{"p-low", "low"}, {"p-normal", "normal"}, {"p-urgent", "urgent"}, {"p-high", "high"}};
  std::vector<json> answers;
  for (const auto& [id, priority] : sent) {
    auto r = call("POST", "/api/v1/orders", share_order(id, 1, "449.00", priority));
    ASSERT_EQ(r.status, 202) << r.body;
    answers.push_back(body_of(r));
  }
  EXPECT_EQ(answers[3]["status"], "queued");
  EXPECT_EQ(answers[3]["queue_position"], 2);  // behind urgent, ahead of normal and low
  EXPECT_EQ(answers[3]["queue_depth"], 4);
  EXPECT_EQ(queue_->size(), 4u);  // counting never takes anything out
  release_engine();
  auto out = wait_drained(4);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].client_order_id.value(), "p-urgent");
  EXPECT_EQ(out[1].client_order_id.value(), "p-high");
  EXPECT_EQ(out[2].client_order_id.value(), "p-normal");
  EXPECT_EQ(out[3].client_order_id.value(), "p-low");
  EXPECT_FALSE(wait_for_state("p-low", "accepted").is_null());
}

TEST_F(OrderEntryTest, MultiLegOrder_IsOneComboOrder) {
  json body = {{"client_order_id", "combo-1"},
               {"legs", {{{"symbol", "SPY   250117P00450000"}, {"side", "sell"}}, {{"symbol", "SPY250117P00445000"}, {"side", "buy"}}}},
               {"quantity", 1},
               {"limit_price", "-0.90"},
               {"execution", "direct"}};
  auto r = call("POST", "/api/v1/orders", body);
  ASSERT_EQ(r.status, 202) << r.body;
  json order = wait_for_order("combo-1", [](const json& o) { return o["state"] != "new"; });
  ASSERT_FALSE(order.is_null());
  ASSERT_EQ(order["legs"].size(), 2u);
  EXPECT_EQ(order["legs"][0]["instrument"]["underlying"], "SPY");
}

TEST_F(OrderEntryTest, VerticalTemplate_IsBuiltOnTheChain) {
  json body = {{"client_order_id", "vert-1"},
               {"template", "vertical"},
               {"underlying", "SPY"},
               {"priority", "high"},
               {"params", {{"expiry", "2025-01-17"}, {"right", "put"}, {"side", "sell"}, {"strike", 450}, {"width", 5}, {"quantity", 2}}}};
  auto r = call("POST", "/api/v1/orders", body);
  ASSERT_EQ(r.status, 202) << r.body;
  json b = body_of(r);
  EXPECT_EQ(b["priority"], "high");
  ASSERT_EQ(b["order"]["legs"].size(), 2u);
  EXPECT_EQ(b["order"]["quantity"], 2);
  ASSERT_FALSE(wait_for_order("vert-1", [](const json& o) { return o["state"] != "new"; }).is_null());
}

TEST_F(OrderEntryTest, TemplateErrors_NameTheField) {
  json body = {{"template", "vertical"}, {"underlying", "SPY"}, {"params", {{"right", "put"}, {"side", "sell"}, {"strike", 450}, {"width", 5}, {"bogus", 1}}}};
  auto r = call("POST", "/api/v1/orders", body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r)["field"], "params.bogus");
  body = {{"template", "condor_of_doom"}, {"underlying", "SPY"}};
  EXPECT_EQ(error_of(call("POST", "/api/v1/orders", body))["field"], "template");
  body = {{"template", "straddle"}, {"underlying", "SPY"}, {"quantity", 1}};
  EXPECT_EQ(error_of(call("POST", "/api/v1/orders", body))["field"], "quantity");
  body = {{"template", "straddle"}, {"underlying", "QQQ"}, {"params", {{"expiry", "2025-01-17"}}}};
  auto no_chain = call("POST", "/api/v1/orders", body);
  EXPECT_EQ(no_chain.status, 503);
  EXPECT_EQ(error_of(no_chain)["field"], "underlying");
}

TEST_F(OrderEntryTest, RefusedOrder_IsRecordedRejectedWithTheReason) {
  auto halt = call("POST", "/api/v1/risk/halt", json{{"reason", "test halt"}});
  ASSERT_EQ(halt.status, 200) << halt.body;
  ASSERT_EQ(call("POST", "/api/v1/orders", share_order("t-refused", 1, "450.01")).status, 202);
  json order = wait_for_state("t-refused", "rejected");
  ASSERT_FALSE(order.is_null());
  const std::string reason = order["history"].back()["reason"];
  EXPECT_NE(reason.find("refused"), std::string::npos) << reason;
  auto out = wait_drained(1);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].sent);
  EXPECT_FALSE(out[0].reason.empty());
  hold_engine();  // the counters are the engine thread's
  EXPECT_EQ(drain_->counters().refused, 1u);
  EXPECT_EQ(drain_->counters().unrecorded, 0u);
  release_engine();
}

TEST_F(OrderEntryTest, WithoutClientOrderId_TheApiAssignsOne) {
  json body = share_order("x", 1, "450.01");
  body.erase("client_order_id");
  auto r = call("POST", "/api/v1/orders", body);
  ASSERT_EQ(r.status, 202);
  const std::string id = body_of(r)["client_order_id"];
  EXPECT_TRUE(id.starts_with("api-")) << id;
  EXPECT_FALSE(wait_for_state(id, "filled").is_null());
}

}  // namespace
}  // namespace nightdesk::api::test
