// Run under TSan too (build with -DNIGHTDESK_SANITIZE=thread): the queue is the engine's only
// cross-thread entry.
#include "engine/command_queue.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "engine/event_loop.h"

namespace nightdesk::engine {
namespace {

TEST(CommandQueue, Drain_ReturnsCommandsInPushOrder) {
  CommandQueue q;
  std::vector<int> ran;
  for (int i = 0; i < 3; ++i) q.push([&ran, i] { ran.push_back(i); });
  std::vector<CommandQueue::Command> batch;
  EXPECT_TRUE(q.maybe_pending());
  EXPECT_EQ(q.drain(batch), 3u);
  EXPECT_FALSE(q.maybe_pending());
  for (auto& c : batch) c();
  EXPECT_EQ(ran, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(q.drain(batch), 0u);
}

TEST(CommandQueue, WaitFor_ReturnsOnTimeoutWhenEmpty) {
  CommandQueue q;
  auto start = std::chrono::steady_clock::now();
  q.wait_for(std::chrono::milliseconds(5));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(5));
}

TEST(CommandQueue, ManyProducers_EveryCommandRunsOnceOnTheLoopThreadInPerProducerOrder) {
  RealClock clock;
  auto loop = EventLoop::live(clock);
  constexpr int kProducers = 4;
  constexpr int kPerProducer = 5000;
  std::vector<int> last_seen(kProducers, -1);  // loop-thread state: no lock, TSan checks that
  int total = 0;
  bool in_order = true;
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (int i = 0; i < kPerProducer; ++i) {
        loop.post([&, p, i] {
          if (i != last_seen[p] + 1) in_order = false;
          last_seen[p] = i;
          if (++total == kProducers * kPerProducer) loop.request_stop();
        });
      }
    });
  }
  ASSERT_TRUE(loop.run());
  for (auto& t : producers) t.join();
  EXPECT_EQ(total, kProducers * kPerProducer);
  EXPECT_TRUE(in_order);
  EXPECT_EQ(loop.stats().commands_run, static_cast<std::uint64_t>(total));
}

TEST(CommandQueue, StopFromAnotherThread_WakesAnIdleLiveLoop) {
  RealClock clock;
  auto loop = EventLoop::live(clock);
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    loop.request_stop();
  });
  ASSERT_TRUE(loop.run());
  stopper.join();
}

}  // namespace
}  // namespace nightdesk::engine
