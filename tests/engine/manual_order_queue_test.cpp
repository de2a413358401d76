// The API's manual order queue (spec A11): priority then arrival, bounded, quantity cap, cancel at once,
// counting never dequeues.
#include "engine/manual_order_queue.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace nightdesk::engine {
namespace {

QueuedOrder order(std::string id, OrderPriority priority = OrderPriority::normal, std::int64_t quantity = 1) {
  QueuedOrder q;
  q.order.order.client_order_id = execution::ClientOrderId(std::move(id));
  q.order.order.legs = {execution::OrderLeg{market::Instrument::stock("SPY"), 1, execution::Side::buy}};
  q.order.order.quantity = Quantity(quantity);
  q.order.order.limit_price = Price::from_units(4'500'000);
  q.priority = priority;
  q.who = "trader";
  return q;
}

std::string pop_id(ManualOrderQueue& queue) {
  auto next = queue.pop();
  return next ? next->order.order.client_order_id.value() : "<empty>";
}

TEST(ManualOrderQueue, LeavesByPriority_ThenArrivalWithinAPriority) {
  ManualOrderQueue queue({});
  ASSERT_TRUE(queue.push(order("low-1", OrderPriority::low)));
  ASSERT_TRUE(queue.push(order("normal-1", OrderPriority::normal)));
  ASSERT_TRUE(queue.push(order("urgent-1", OrderPriority::urgent)));
  ASSERT_TRUE(queue.push(order("normal-2", OrderPriority::normal)));
  ASSERT_TRUE(queue.push(order("high-1", OrderPriority::high)));
  EXPECT_EQ(pop_id(queue), "urgent-1");
  EXPECT_EQ(pop_id(queue), "high-1");
  EXPECT_EQ(pop_id(queue), "normal-1");
  EXPECT_EQ(pop_id(queue), "normal-2");
  EXPECT_EQ(pop_id(queue), "low-1");
  EXPECT_EQ(pop_id(queue), "<empty>");
}

TEST(ManualOrderQueue, FullQueue_RefusesWithQueueIsFull) {
  ManualOrderQueue queue({.max_depth = 2, .max_quantity = 100});
  ASSERT_TRUE(queue.push(order("a")));
  ASSERT_TRUE(queue.push(order("b")));
  auto refused = queue.push(order("c", OrderPriority::urgent));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::unavailable);
  EXPECT_NE(refused.error().message.find("queue is full"), std::string::npos);
  EXPECT_EQ(queue.size(), 2u);
}

TEST(ManualOrderQueue, DefaultLimits_AreTheSpecs) {
  ManualQueueLimits limits;
  EXPECT_EQ(limits.max_depth, 1'000u);
  EXPECT_EQ(limits.max_quantity, 100);
}

TEST(ManualOrderQueue, QuantityAboveTheMaximum_IsRefusedNamingQuantity) {
  ManualOrderQueue queue({});
  EXPECT_TRUE(queue.push(order("at-max", OrderPriority::normal, 100)));
  auto refused = queue.push(order("above", OrderPriority::normal, 101));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "quantity");
  EXPECT_NE(refused.error().message.find("101"), std::string::npos);
}

TEST(ManualOrderQueue, CountingPendingOrders_NeverDequeuesThem) {
  ManualOrderQueue queue({});
  ASSERT_TRUE(queue.push(order("a", OrderPriority::high)));
  ASSERT_TRUE(queue.push(order("b", OrderPriority::low)));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(queue.size(), 2u);
    auto by = queue.size_by_priority();
    EXPECT_EQ(by[static_cast<std::size_t>(OrderPriority::high)], 1u);
    EXPECT_EQ(by[static_cast<std::size_t>(OrderPriority::low)], 1u);
    EXPECT_TRUE(queue.contains("a"));
  }
  EXPECT_EQ(pop_id(queue), "a");
  EXPECT_EQ(pop_id(queue), "b");
}

TEST(ManualOrderQueue, CancelledOrder_LeavesTheQueueAtOnce) {
  ManualOrderQueue queue({});
  ASSERT_TRUE(queue.push(order("a")));
  ASSERT_TRUE(queue.push(order("b")));
  EXPECT_TRUE(queue.cancel("a"));
  EXPECT_FALSE(queue.contains("a"));
  EXPECT_EQ(queue.size(), 1u);
  EXPECT_FALSE(queue.cancel("a"));        // already out
  EXPECT_FALSE(queue.cancel("unknown"));
  EXPECT_EQ(pop_id(queue), "b");
  EXPECT_FALSE(queue.cancel("b"));        // sent: no longer the queue's to cancel
}

TEST(ManualOrderQueue, SameClientIdWhileWaiting_IsAConflict_AndFreeAfterItLeft) {
  ManualOrderQueue queue({});
  ASSERT_TRUE(queue.push(order("dup")));
  auto again = queue.push(order("dup", OrderPriority::urgent));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_EQ(again.error().field, "client_order_id");
  EXPECT_EQ(pop_id(queue), "dup");
  EXPECT_TRUE(queue.push(order("dup")));  // the order manager answers a resubmission idempotently
}

TEST(ManualOrderQueue, PriorityNames_RoundTrip_AndUnknownIsNone) {
  for (auto p : {OrderPriority::urgent, OrderPriority::high, OrderPriority::normal, OrderPriority::low})
    EXPECT_EQ(parse_order_priority(to_string(p)), p);
  EXPECT_FALSE(parse_order_priority("asap"));
  EXPECT_FALSE(parse_order_priority("Normal"));
}

TEST(ManualOrderQueue, BadLimits_NameTheField) {
  EXPECT_EQ(ManualQueueLimits({.max_depth = 0, .max_quantity = 1}).validate().error().field, "max_depth");
  EXPECT_EQ(ManualQueueLimits({.max_depth = 1, .max_quantity = 0}).validate().error().field, "max_quantity");
}

// API threads pushing while the engine thread pops: nothing lost, nothing twice, and each thread's orders
// (one priority) leave in the order that thread pushed them.
TEST(ManualOrderQueue, ConcurrentPushers_OnePopper_KeepEveryOrderInArrivalOrder) {
  constexpr int kThreads = 3, kEach = 300;
  ManualOrderQueue queue({.max_depth = kThreads * kEach, .max_quantity = 100});
  std::vector<std::thread> pushers;
  for (int t = 0; t < kThreads; ++t) {
    pushers.emplace_back([&queue, t] {
      for (int i = 0; i < kEach; ++i) ASSERT_TRUE(queue.push(order(std::to_string(t) + ":" + std::to_string(i))));
    });
  }
  std::vector<int> next(kThreads, 0);
  int popped = 0;
  while (popped < kThreads * kEach) {
    auto q = queue.pop();
    if (!q) {
      std::this_thread::yield();
      continue;
    }
    const std::string& id = q->order.order.client_order_id.value();
    const int t = std::stoi(id.substr(0, id.find(':')));
    EXPECT_EQ(std::stoi(id.substr(id.find(':') + 1)), next[t]++) << id;
    ++popped;
  }
  for (auto& p : pushers) p.join();
  EXPECT_EQ(queue.size(), 0u);
}

}  // namespace
}  // namespace nightdesk::engine

namespace nightdesk::engine {
namespace {

TEST(ManualOrderQueue, PlaceOf_IsTheDepartureOrderAndDoesNotDequeue) {
  ManualOrderQueue queue({});
  ASSERT_TRUE(queue.push(order("low-1", OrderPriority::low)));
  ASSERT_TRUE(queue.push(order("normal-1", OrderPriority::normal)));
  ASSERT_TRUE(queue.push(order("urgent-1", OrderPriority::urgent)));
  EXPECT_EQ(queue.place_of("urgent-1"), 1u);
  EXPECT_EQ(queue.place_of("normal-1"), 2u);
  EXPECT_EQ(queue.place_of("low-1"), 3u);
  EXPECT_EQ(queue.place_of("nobody"), std::nullopt);
  EXPECT_EQ(queue.size(), 3u);
  ASSERT_TRUE(queue.cancel("normal-1"));
  EXPECT_EQ(queue.place_of("low-1"), 2u);
}

}  // namespace
}  // namespace nightdesk::engine
