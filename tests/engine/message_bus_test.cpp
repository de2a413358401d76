#include "engine/message_bus.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace nightdesk::engine {
namespace {

struct Ping {
  int n = 0;
};
struct Pong {
  std::string text;
};

TEST(MessageBus, Publish_ReachesHandlersInSubscriptionOrder) {
  MessageBus bus;
  std::string order;
  bus.subscribe<Ping>([&](const Ping& p) { order += "a" + std::to_string(p.n); });
  bus.subscribe<Ping>([&](const Ping& p) { order += "b" + std::to_string(p.n); });
  bus.publish(Ping{7});
  EXPECT_EQ(order, "a7b7");
}

TEST(MessageBus, Publish_OnlyMatchingEventType) {
  MessageBus bus;
  int pings = 0, pongs = 0;
  bus.subscribe<Ping>([&](const Ping&) { ++pings; });
  bus.subscribe<Pong>([&](const Pong&) { ++pongs; });
  bus.publish(Pong{"x"});
  EXPECT_EQ(pings, 0);
  EXPECT_EQ(pongs, 1);
}

TEST(MessageBus, NoSubscribers_PublishIsANoOp) {
  MessageBus bus;
  bus.publish(Ping{1});
  EXPECT_EQ(bus.subscriber_count<Ping>(), 0u);
}

TEST(MessageBus, HandlerThrows_CaughtCountedAndOthersStillRun) {
  MessageBus bus;
  int later = 0;
  bus.subscribe<Ping>([](const Ping&) { throw std::runtime_error("bad handler"); });
  bus.subscribe<Ping>([](const Ping&) { throw 42; });
  bus.subscribe<Ping>([&](const Ping&) { ++later; });
  EXPECT_NO_THROW(bus.publish(Ping{}));
  EXPECT_EQ(later, 1);
  EXPECT_EQ(bus.handler_errors(), 2u);
}

TEST(MessageBus, Unsubscribe_StopsDelivery) {
  MessageBus bus;
  int n = 0;
  auto id = bus.subscribe<Ping>([&](const Ping&) { ++n; });
  EXPECT_TRUE(bus.unsubscribe(id));
  EXPECT_FALSE(bus.unsubscribe(id));
  bus.publish(Ping{});
  EXPECT_EQ(n, 0);
  EXPECT_FALSE(bus.unsubscribe(SubscriptionId{}));
}

TEST(MessageBus, UnsubscribeLaterHandlerDuringPublish_ItIsSkipped) {
  MessageBus bus;
  int second = 0;
  SubscriptionId second_id;
  bus.subscribe<Ping>([&](const Ping&) { bus.unsubscribe(second_id); });
  second_id = bus.subscribe<Ping>([&](const Ping&) { ++second; });
  bus.publish(Ping{});
  EXPECT_EQ(second, 0);
  EXPECT_EQ(bus.subscriber_count<Ping>(), 1u);
}

TEST(MessageBus, SubscribeDuringPublish_NewHandlerWaitsForNextEvent) {
  MessageBus bus;
  int added_calls = 0;
  bool added = false;
  bus.subscribe<Ping>([&](const Ping&) {
    if (added) return;
    added = true;
    for (int i = 0; i < 50; ++i) bus.subscribe<Ping>([&](const Ping&) { ++added_calls; });
  });
  bus.publish(Ping{});
  EXPECT_EQ(added_calls, 0);
  bus.publish(Ping{});
  EXPECT_EQ(added_calls, 50);
}

TEST(MessageBus, NestedPublish_OfOtherTypeIsDeliveredInline) {
  MessageBus bus;
  std::string order;
  bus.subscribe<Ping>([&](const Ping&) {
    order += "ping;";
    bus.publish(Pong{"pong;"});
    order += "after;";
  });
  bus.subscribe<Pong>([&](const Pong& p) { order += p.text; });
  bus.publish(Ping{});
  EXPECT_EQ(order, "ping;pong;after;");
}

}  // namespace
}  // namespace nightdesk::engine
