// The engine side of the manual order queue: the drain sends by priority through the risk-checked entry, and
// a refused order is recorded rejected with its reason (never dropped unseen). One thread, simulated loop.
#include "engine/manual_order_drain.h"

#include <gtest/gtest.h>

#include <vector>

#include "support/desk_session.h"
#include "support/vector_feed.h"

namespace nightdesk::engine {
namespace {

using testing::kSessionOpen;

QueuedOrder share_order(std::string id, OrderPriority priority, Price limit) {
  execution::OrderRequest r = testing::buy_spy_shares(std::move(id), 1, limit);
  r.source = execution::OrderSource::manual_api;
  return QueuedOrder{ParentOrderRequest{r, ExecutionStyle::direct}, priority, "trader", kSessionOpen};
}

class ManualOrderDrainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    session = testing::simulated_desk_session();
    testing::VectorFeed feed({testing::stock_quote("SPY", kSessionOpen, 4'500'000, 4'500'100)});
    ASSERT_TRUE(session->run(feed));
    auto created = ManualOrderDrain::create({.max_per_turn = 2}, queue, session->loop(), session->desk(), session->orders(),
                                            [this] { ++turns_with_orders; });
    ASSERT_TRUE(created);
    drain = std::move(*created);
    session->loop().bus().subscribe<ManualOrderDrained>([this](const ManualOrderDrained& d) { outcomes.push_back(d); });
  }
  void run_a_while() { ASSERT_TRUE(session->loop().run_until(session->loop().now() + std::chrono::milliseconds(10))); }

  std::unique_ptr<DeskSession> session;
  ManualOrderQueue queue{{}};
  std::unique_ptr<ManualOrderDrain> drain;
  std::vector<ManualOrderDrained> outcomes;
  int turns_with_orders = 0;
};

TEST_F(ManualOrderDrainTest, Wake_SendsByPriorityAFewPerTurn) {
  ASSERT_TRUE(queue.push(share_order("low", OrderPriority::low, Price::from_units(4'490'000))));
  ASSERT_TRUE(queue.push(share_order("normal", OrderPriority::normal, Price::from_units(4'490'000))));
  ASSERT_TRUE(queue.push(share_order("urgent", OrderPriority::urgent, Price::from_units(4'490'000))));
  drain->wake();
  drain->wake();  // coalesced
  run_a_while();
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(outcomes[0].client_order_id.value(), "urgent");
  EXPECT_EQ(outcomes[1].client_order_id.value(), "normal");
  EXPECT_EQ(outcomes[2].client_order_id.value(), "low");
  EXPECT_EQ(turns_with_orders, 2);  // two per turn: 2 + 1
  EXPECT_EQ(drain->counters().sent, 3u);
  ASSERT_NE(session->orders().find(execution::ClientOrderId("low")), nullptr);
  EXPECT_EQ(queue.size(), 0u);
}

TEST_F(ManualOrderDrainTest, RiskRefusal_IsRecordedAsARejectedOrderWithTheReason) {
  ASSERT_TRUE(session->desk().halt("trader", "test"));
  ASSERT_TRUE(queue.push(share_order("refused", OrderPriority::normal, Price::from_units(4'500'100))));
  drain->wake();
  run_a_while();
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_FALSE(outcomes[0].sent);
  EXPECT_FALSE(outcomes[0].reason.empty());
  const execution::Order* order = session->orders().find(execution::ClientOrderId("refused"));
  ASSERT_NE(order, nullptr);
  EXPECT_EQ(order->state, execution::OrderState::rejected);
  ASSERT_FALSE(order->history.empty());
  EXPECT_TRUE(order->history.back().reason.starts_with("refused: ")) << order->history.back().reason;
  EXPECT_EQ(drain->counters().refused, 1u);
  EXPECT_EQ(drain->counters().unrecorded, 0u);
}

TEST_F(ManualOrderDrainTest, NothingQueued_NothingHappens) {
  drain->wake();
  run_a_while();
  EXPECT_TRUE(outcomes.empty());
  EXPECT_EQ(turns_with_orders, 0);
}

TEST(ManualOrderDrainConfig, ZeroPerTurn_IsRefused) {
  ManualOrderDrainConfig config;
  config.max_per_turn = 0;
  EXPECT_EQ(config.validate().error().field, "max_per_turn");
}

TEST(OrderManagerRecordRefused, SameIdAgain_AnswersTheRecordedOrder) {
  auto session = testing::simulated_desk_session();
  auto request = testing::buy_spy_shares("r-1", 1, Price::from_units(4'500'000));
  auto first = session->orders().record_refused(request, "refused: test");
  ASSERT_TRUE(first);
  EXPECT_EQ((*first)->state, execution::OrderState::rejected);
  auto again = session->orders().record_refused(request, "refused: test");
  ASSERT_TRUE(again);
  EXPECT_EQ(*first, *again);
  request.quantity = Quantity(2);
  auto different = session->orders().record_refused(request, "refused: test");
  ASSERT_FALSE(different);
  EXPECT_EQ(different.error().code, ErrorCode::conflict);
}

}  // namespace
}  // namespace nightdesk::engine
