// The API's view of the engine: whole snapshots taken on the engine thread, read from other threads.
#include "engine/snapshot_publisher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/desk_session.h"
#include "support/vector_feed.h"

namespace nightdesk::engine {
namespace {

using testing::stock_quote;
using testing::VectorFeed;

const Timestamp kOpen = testing::kSessionOpen;

std::unique_ptr<DeskSession> session() { return testing::simulated_desk_session(); }

SnapshotPublisherConfig every_second() {
  SnapshotPublisherConfig c;
  c.interval = std::chrono::seconds(1);
  c.min_wall_interval = std::chrono::steady_clock::duration{0};
  return c;
}

execution::OrderRequest buy_spy(std::string id, std::int64_t shares = 2) {
  return testing::buy_spy_shares(std::move(id), shares, Price::from_units(4'500'100));
}

std::vector<market::QuoteEvent> spy_quotes(int seconds) {
  std::vector<market::QuoteEvent> out;
  for (int i = 0; i <= seconds; ++i) out.push_back(stock_quote("SPY", kOpen + std::chrono::seconds(i), 4'500'000, 4'500'100));
  return out;
}

TEST(SnapshotPublisher, FirstSnapshot_IsThereAtCreate) {
  auto s = session();
  auto publisher = SnapshotPublisher::create(every_second(), s->loop(), s->desk(), s->orders());
  ASSERT_TRUE(publisher) << publisher.error().describe();
  auto first = (*publisher)->current();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->sequence, 1u);
  EXPECT_TRUE(first->positions.empty());
  EXPECT_EQ(first->breaker, risk::BreakerState::active);
}

TEST(SnapshotPublisher, FilledOrder_AppearsAsPositionAndOrder_OnTheNextTick) {
  auto s = session();
  auto publisher = *SnapshotPublisher::create(every_second(), s->loop(), s->desk(), s->orders());
  s->loop().schedule_at(kOpen + std::chrono::milliseconds(500), [&] {
    ASSERT_TRUE(s->desk().submit(ParentOrderRequest{buy_spy("snap-1"), ExecutionStyle::direct}));
  });
  VectorFeed feed(spy_quotes(3));
  ASSERT_TRUE(s->run(feed));
  auto snap = publisher->current();
  EXPECT_GT(snap->sequence, 1u);
  ASSERT_NE(snap->position("pos-snap-1"), nullptr);
  EXPECT_EQ(snap->position("pos-snap-1")->leg(market::Instrument::stock("SPY"))->quantity.count(), 2);
  ASSERT_NE(snap->order("snap-1"), nullptr);
  EXPECT_EQ(snap->order("snap-1")->state, execution::OrderState::filled);
  EXPECT_EQ(snap->order_metrics.orders_submitted, 1u);
  EXPECT_EQ(snap->position("pos-none"), nullptr);
  ASSERT_NE(snap->chains, nullptr);
}

TEST(SnapshotPublisher, SnapshotHeldByAReader_DoesNotChange) {
  auto s = session();
  auto publisher = *SnapshotPublisher::create(every_second(), s->loop(), s->desk(), s->orders());
  auto held = publisher->current();
  s->loop().schedule_at(kOpen + std::chrono::milliseconds(500), [&] { ASSERT_TRUE(s->desk().submit(ParentOrderRequest{buy_spy("snap-2"), ExecutionStyle::direct})); });
  VectorFeed feed(spy_quotes(2));
  ASSERT_TRUE(s->run(feed));
  EXPECT_EQ(held->sequence, 1u);
  EXPECT_TRUE(held->positions.empty());
  EXPECT_TRUE(held->orders.empty());
}

TEST(SnapshotPublisher, WithoutQuotes_ChainsAreShared_NotCopied) {
  auto s = session();
  auto publisher = *SnapshotPublisher::create(every_second(), s->loop(), s->desk(), s->orders());
  VectorFeed feed(spy_quotes(1));
  ASSERT_TRUE(s->run(feed));
  publisher->publish_now();
  auto before = publisher->current();
  publisher->publish_now();
  auto after = publisher->current();
  EXPECT_EQ(after->sequence, before->sequence + 1);
  EXPECT_EQ(after->chains.get(), before->chains.get());
}

TEST(SnapshotPublisher, ZeroInterval_IsRefusedNamingTheField) {
  auto s = session();
  SnapshotPublisherConfig c = every_second();
  c.interval = Nanoseconds{0};
  auto publisher = SnapshotPublisher::create(c, s->loop(), s->desk(), s->orders());
  ASSERT_FALSE(publisher);
  EXPECT_EQ(publisher.error().field, "interval");
}

// Readers on other threads while the engine publishes: every snapshot read is whole (its sequence never
// goes backwards, its orders match its counters). TSan checks the hand-over.
TEST(SnapshotPublisher, ConcurrentReaders_SeeWholeSnapshotsInOrder) {
  auto s = session();
  auto publisher = *SnapshotPublisher::create(every_second(), s->loop(), s->desk(), s->orders());
  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      std::uint64_t last = 0;
      while (!done.load(std::memory_order_acquire)) {
        auto snap = publisher->current();
        if (snap->sequence < last || snap->orders.size() != snap->order_metrics.orders_submitted) ++torn;
        last = snap->sequence;
      }
    });
  }
  for (int i = 0; i < 50; ++i) {
    const Timestamp at = kOpen + std::chrono::seconds(i);
    s->loop().schedule_at(at + std::chrono::milliseconds(100), [&s, i] {
      ASSERT_TRUE(s->desk().submit(ParentOrderRequest{buy_spy("snap-c" + std::to_string(i), 1), ExecutionStyle::direct}));
    });
  }
  VectorFeed feed(spy_quotes(50));
  ASSERT_TRUE(s->run(feed));
  done.store(true, std::memory_order_release);
  for (auto& t : readers) t.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_GE(publisher->current()->sequence, 50u);
  EXPECT_EQ(publisher->current()->order_metrics.orders_submitted, 50u);
}

}  // namespace
}  // namespace nightdesk::engine
