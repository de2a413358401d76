// DELETE and PATCH /api/v1/orders/{id} over loopback: a waiting order leaves the queue at once, a sent one is
// cancelled or replaced at the venue through DeskCommands.
#include <gtest/gtest.h>

#include "command_desk_fixture.h"

namespace nightdesk::api::test {
namespace {

using OrderChangeTest = CommandDeskTest;

TEST_F(OrderChangeTest, CancelWaitingOrder_LeavesTheQueueAndIsNeverSent) {
  hold_engine();
  const json body = share_order("w-1", 1, "450.01");
  ASSERT_EQ(call("POST", "/api/v1/orders", body).status, 202);
  auto r = call("DELETE", "/api/v1/orders/w-1");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r)["status"], "cancelled");
  EXPECT_EQ(queue_->size(), 0u);
  // A repeat of the cancelled request answers it, and does not queue it again.
  auto again = call("POST", "/api/v1/orders", body);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(body_of(again)["status"], "cancelled");
  EXPECT_EQ(queue_->size(), 0u);
  release_engine();
  ASSERT_EQ(call("POST", "/api/v1/orders", share_order("w-2", 1, "450.01")).status, 202);
  ASSERT_EQ(wait_drained(1).size(), 1u);
  EXPECT_EQ(drained()[0].client_order_id.value(), "w-2");
  EXPECT_EQ(call("GET", "/api/v1/orders/w-1").status, 404);
}

TEST_F(OrderChangeTest, CancelSentOrder_CancelsItAtTheVenue) {
  ASSERT_EQ(call("POST", "/api/v1/orders", share_order("s-1", 1, "449.00")).status, 202);
  ASSERT_FALSE(wait_for_state("s-1", "accepted").is_null());
  auto r = call("DELETE", "/api/v1/orders/s-1");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r)["status"], "sent");
  EXPECT_FALSE(wait_for_state("s-1", "cancelled").is_null());
  auto twice = call("DELETE", "/api/v1/orders/s-1");
  EXPECT_EQ(twice.status, 409);
}

TEST_F(OrderChangeTest, CancelUnknownOrder_Is404) {
  auto r = call("DELETE", "/api/v1/orders/nobody");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/orders/nobody", nullptr, kReadToken).status, 403);
}

TEST_F(OrderChangeTest, ReplaceSentOrder_ChangesItsPrice) {
  ASSERT_EQ(call("POST", "/api/v1/orders", share_order("s-2", 2, "449.00")).status, 202);
  ASSERT_FALSE(wait_for_state("s-2", "accepted").is_null());
  auto r = call("PATCH", "/api/v1/orders/s-2", json{{"limit_price", "449.50"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json order = wait_for_order("s-2", [](const json& o) { return o["limit_price"] == "449.50" && o["state"] == "accepted"; });
  EXPECT_FALSE(order.is_null());
}

TEST_F(OrderChangeTest, ReplaceBadBodies_Are400NamingTheField) {
  EXPECT_EQ(error_of(call("PATCH", "/api/v1/orders/s-3", json{{"price", 1}}))["field"], "price");
  EXPECT_EQ(error_of(call("PATCH", "/api/v1/orders/s-3", json{{"quantity", "2"}}))["field"], "quantity");
  EXPECT_EQ(error_of(call("PATCH", "/api/v1/orders/s-3", json{{"quantity", 101}}))["field"], "quantity");
  EXPECT_EQ(call("PATCH", "/api/v1/orders/s-3", json::object()).status, 400);
  EXPECT_EQ(call("PATCH", "/api/v1/orders/s-3").status, 400);
}

TEST_F(OrderChangeTest, ReplaceUnknownOrder_Is404) {
  EXPECT_EQ(call("PATCH", "/api/v1/orders/nobody", json{{"limit_price", "1.00"}}).status, 404);
}

TEST_F(OrderChangeTest, ReplaceWaitingOrder_IsAConflict) {
  hold_engine();
  ASSERT_EQ(call("POST", "/api/v1/orders", share_order("w-3", 1, "449.00")).status, 202);
  auto r = call("PATCH", "/api/v1/orders/w-3", json{{"limit_price", "449.50"}});
  EXPECT_EQ(r.status, 409);
  release_engine();
}

}  // namespace
}  // namespace nightdesk::api::test
