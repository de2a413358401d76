// POST /positions/{id}/close and /roll, PATCH /positions/{id} and the breaker's halt/reset over loopback.
#include <gtest/gtest.h>

#include "command_desk_fixture.h"

namespace nightdesk::api::test {
namespace {

class PositionCommandTest : public CommandDeskTest {
 protected:
  // A filled order opening position pos-<id>.
  void open_position(const json& body) {
    auto r = call("POST", "/api/v1/orders", body);
    ASSERT_EQ(r.status, 202) << r.body;
    ASSERT_FALSE(wait_for_state(body["client_order_id"], "filled").is_null());
  }
};

TEST_F(PositionCommandTest, ClosePercent_SendsTheClosingOrder) {
  open_position(share_order("o-1", 4, "450.01"));
  auto r = call("POST", "/api/v1/positions/pos-o-1/close", json{{"pct", 50}});
  ASSERT_EQ(r.status, 202) << r.body;
  json b = body_of(r);
  EXPECT_EQ(b["order"]["quantity"], 2);
  EXPECT_EQ(b["order"]["position_id"], "pos-o-1");
  EXPECT_EQ(b["order"]["legs"][0]["side"], "sell");
}

TEST_F(PositionCommandTest, CloseBadBodies_Are400NamingTheField) {
  open_position(share_order("o-2", 2, "450.01"));
  EXPECT_EQ(error_of(call("POST", "/api/v1/positions/pos-o-2/close", json{{"quantity", 1}, {"pct", 50}}))["field"], "quantity");
  EXPECT_EQ(error_of(call("POST", "/api/v1/positions/pos-o-2/close", json{{"pct", "50"}}))["field"], "pct");
  EXPECT_EQ(error_of(call("POST", "/api/v1/positions/pos-o-2/close", json{{"qty", 1}}))["field"], "qty");
  EXPECT_EQ(error_of(call("POST", "/api/v1/positions/pos-o-2/close", json{{"quantity", 3}}))["field"], "quantity");
  EXPECT_EQ(call("POST", "/api/v1/positions/pos-o-2/close").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/positions/pos-o-2/close", json{{"pct", 50}}, kReadToken).status, 403);
}

TEST_F(PositionCommandTest, CloseUnknownPosition_Is404) {
  EXPECT_EQ(call("POST", "/api/v1/positions/pos-nobody/close", json{{"pct", 100}}).status, 404);
}

TEST_F(PositionCommandTest, ManagePosition_ChangesItsSettings) {
  open_position(share_order("o-3", 1, "450.01"));
  auto r = call("PATCH", "/api/v1/positions/pos-o-3",
                json{{"stop_loss_pct", -150}, {"ladder_levels", {"+50%:100%"}}, {"source", "bot_managed"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json s = body_of(r)["settings"];
  EXPECT_DOUBLE_EQ(s["stop_loss_pct"].get<double>(), -150.0);
  ASSERT_EQ(s["ladder_levels"].size(), 1u);
  EXPECT_EQ(s["ladder_levels"][0], "+50%:100%");
  json position = wait_for("/api/v1/positions/pos-o-3", [](const json& p) { return p.value("source", "") == "bot_managed"; });
  EXPECT_FALSE(position.is_null());
}

TEST_F(PositionCommandTest, ManageBadBodies_Are400NamingTheField) {
  open_position(share_order("o-4", 1, "450.01"));
  EXPECT_EQ(error_of(call("PATCH", "/api/v1/positions/pos-o-4", json{{"stop_loss_pct", "x"}}))["field"], "stop_loss_pct");
  EXPECT_EQ(error_of(call("PATCH", "/api/v1/positions/pos-o-4", json{{"ladder_levels", {"50%"}}}))["field"], "ladder_levels[0]");
  EXPECT_EQ(error_of(call("PATCH", "/api/v1/positions/pos-o-4", json{{"source", "robot"}}))["field"], "source");
  EXPECT_EQ(error_of(call("PATCH", "/api/v1/positions/pos-o-4", json{{"stop", 1}}))["field"], "stop");
  EXPECT_EQ(call("PATCH", "/api/v1/positions/pos-o-4", json::object()).status, 400);
  EXPECT_EQ(call("PATCH", "/api/v1/positions/pos-nobody", json{{"stop_loss_pct", -150}}).status, 404);
}

TEST_F(PositionCommandTest, RollDryRun_AnswersThePlan) {
  json body = {{"client_order_id", "o-5"}, {"symbol", "SPY   250117P00450000"}, {"side", "buy"}, {"quantity", 1},
               {"limit_price", "2.10"},    {"execution", "direct"},              {"bot_managed", true}};
  open_position(body);
  auto r = call("POST", "/api/v1/positions/pos-o-5/roll", json{{"dry_run", true}, {"require_credit", false}});
  ASSERT_EQ(r.status, 200) << r.body;
  json b = body_of(r);
  EXPECT_TRUE(b["dry_run"].get<bool>());
  EXPECT_EQ(b["plan"]["to_expiry"], "2025-02-14");
  EXPECT_EQ(b["plan"]["new_legs"].size(), 1u);
}

TEST_F(PositionCommandTest, RollBadInputs_AreRefused) {
  EXPECT_EQ(error_of(call("POST", "/api/v1/positions/pos-x/roll", json{{"dry_run", "yes"}}))["field"], "dry_run");
  EXPECT_EQ(error_of(call("POST", "/api/v1/positions/pos-x/roll", json{{"strike_strategy", "wild"}}))["field"], "strike_strategy");
  EXPECT_EQ(error_of(call("POST", "/api/v1/positions/pos-x/roll", json{{"roll_enabled", true}}))["field"], "roll_enabled");
  EXPECT_EQ(call("POST", "/api/v1/positions/pos-x/roll", json{{"dry_run", true}}).status, 404);
  open_position(share_order("o-6", 1, "450.01"));  // a manual position: the person must hand it over first
  EXPECT_EQ(call("POST", "/api/v1/positions/pos-o-6/roll", json{{"dry_run", true}}).status, 409);
}

TEST_F(PositionCommandTest, HaltAndReset_MoveTheBreakerWithTheReason) {
  auto halt = call("POST", "/api/v1/risk/halt", json{{"reason", "fat finger"}});
  ASSERT_EQ(halt.status, 200) << halt.body;
  EXPECT_EQ(body_of(halt)["breaker"], "halted");
  EXPECT_EQ(body_of(halt)["transition"]["reason"], "fat finger");
  EXPECT_EQ(call("POST", "/api/v1/risk/reset", json{{"reason", "checked"}}).status, 403);  // a trade token
  auto reset = call("POST", "/api/v1/risk/reset", json{{"reason", "checked"}}, kAdminToken);
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(body_of(reset)["breaker"], "active");
  EXPECT_EQ(body_of(reset)["transition"]["who"], "admin");
}

TEST_F(PositionCommandTest, HaltOrResetWithoutAReason_Is400Reason) {
  EXPECT_EQ(error_of(call("POST", "/api/v1/risk/halt", json::object()))["field"], "reason");
  EXPECT_EQ(error_of(call("POST", "/api/v1/risk/halt", json{{"reason", "  "}}))["field"], "reason");
  EXPECT_EQ(error_of(call("POST", "/api/v1/risk/reset", json{{"reason", ""}}, kAdminToken))["field"], "reason");
  EXPECT_EQ(error_of(call("POST", "/api/v1/risk/halt", json{{"reason", 3}}))["field"], "reason");
  EXPECT_EQ(call("POST", "/api/v1/risk/halt", json{{"reason", "x"}}, kReadToken).status, 403);
}

}  // namespace
}  // namespace nightdesk::api::test
