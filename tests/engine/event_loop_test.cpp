#include "engine/event_loop.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>

#include "support/vector_feed.h"

namespace nightdesk::engine {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::stock_quote;
using testing::VectorFeed;
const Timestamp kT0 = from_unix_nanos(1'700'000'000'000'000'000);

TEST(EventLoop, Backtest_QuotesAndTimersInterleaveInTimeOrder) {
  SimulatedClock clock(kT0);
  auto loop = EventLoop::simulated(clock);
  std::vector<std::string> seen;
  loop.bus().subscribe<market::QuoteEvent>([&](const market::QuoteEvent& q) {
    seen.push_back("q@" + std::to_string((q.time() - kT0) / seconds(1)));
    EXPECT_EQ(loop.now(), q.time());
  });
  loop.schedule_at(kT0 + seconds(2), [&] { seen.push_back("t@" + std::to_string((loop.now() - kT0) / seconds(1))); });
  loop.schedule_at(kT0 + seconds(5), [&] { seen.push_back("late"); });
  VectorFeed feed({stock_quote("SPY", kT0 + seconds(1), 1, 2), stock_quote("SPY", kT0 + seconds(2), 1, 2),
                   stock_quote("SPY", kT0 + seconds(3), 1, 2)});
  ASSERT_TRUE(loop.run(feed));
  EXPECT_EQ(seen, (std::vector<std::string>{"q@1", "t@2", "q@2", "q@3"}));  // timers first at equal times
  EXPECT_EQ(loop.now(), kT0 + seconds(3));
  EXPECT_EQ(loop.pending_timers(), 1u);  // due after the feed ended
  ASSERT_TRUE(loop.run_until(kT0 + seconds(10)));
  EXPECT_EQ(seen.back(), "late");
  EXPECT_EQ(loop.now(), kT0 + seconds(10));
  EXPECT_EQ(loop.stats().quotes, 3u);
  EXPECT_EQ(loop.stats().timers_fired, 2u);
}

TEST(EventLoop, FeedEnds_TimersScheduledAtLastQuoteTimeStillRun) {
  SimulatedClock clock(kT0);
  auto loop = EventLoop::simulated(clock);
  int acks = 0;
  loop.bus().subscribe<market::QuoteEvent>([&](const market::QuoteEvent&) {
    loop.schedule_after(Nanoseconds{0}, [&] { ++acks; });
  });
  VectorFeed feed({stock_quote("SPY", kT0 + seconds(1), 1, 2)});
  ASSERT_TRUE(loop.run(feed));
  EXPECT_EQ(acks, 1);
}

TEST(EventLoop, TimerScheduledInPast_RunsAtCurrentTimeWithoutMovingClockBack) {
  SimulatedClock clock(kT0 + seconds(10));
  auto loop = EventLoop::simulated(clock);
  Timestamp ran_at{};
  loop.schedule_at(kT0, [&] { ran_at = loop.now(); });
  ASSERT_TRUE(loop.run());
  EXPECT_EQ(ran_at, kT0 + seconds(10));
}

TEST(EventLoop, PeriodicTimer_RunUntilFiresEachPeriod) {
  SimulatedClock clock(kT0);
  auto loop = EventLoop::simulated(clock);
  int ticks = 0;
  ASSERT_TRUE(loop.schedule_every(seconds(1), [&] { ++ticks; }));
  ASSERT_TRUE(loop.run_until(kT0 + milliseconds(4500)));
  EXPECT_EQ(ticks, 4);
}

TEST(EventLoop, ThrowingTimerAndCommand_CountedAndLoopContinues) {
  SimulatedClock clock(kT0);
  auto loop = EventLoop::simulated(clock);
  int after = 0;
  loop.schedule_at(kT0 + seconds(1), [] { throw std::runtime_error("timer bug"); });
  loop.schedule_at(kT0 + seconds(2), [&] { ++after; });
  loop.post([] { throw std::logic_error("command bug"); });
  ASSERT_TRUE(loop.run());
  EXPECT_EQ(after, 1);
  EXPECT_EQ(loop.stats().errors, 2u);
}

TEST(EventLoop, HandlerThrowsOnQuote_LoopKeepsGoing) {
  SimulatedClock clock(kT0);
  auto loop = EventLoop::simulated(clock);
  loop.bus().subscribe<market::QuoteEvent>([](const market::QuoteEvent&) { throw std::runtime_error("x"); });
  VectorFeed feed({stock_quote("SPY", kT0, 1, 2), stock_quote("SPY", kT0 + seconds(1), 1, 2)});
  ASSERT_TRUE(loop.run(feed));
  EXPECT_EQ(loop.stats().quotes, 2u);
  EXPECT_EQ(loop.bus().handler_errors(), 2u);
}

class FailingFeed final : public market::Feed {
 public:
  Result<bool> next(market::QuoteEvent&) override { return fail(ErrorCode::parse_error, "file.csv:3: bad bid"); }
  const market::LoadStats& stats() const override { return stats_; }
  const std::string& name() const override { return name_; }

 private:
  market::LoadStats stats_;
  std::string name_ = "failing";
};

TEST(EventLoop, FeedError_EndsRunWithThatError) {
  SimulatedClock clock(kT0);
  auto loop = EventLoop::simulated(clock);
  FailingFeed feed;
  auto status = loop.run(feed);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "file.csv:3: bad bid");
}

TEST(EventLoop, StopFromHandler_RunReturnsAfterThatEvent) {
  SimulatedClock clock(kT0);
  auto loop = EventLoop::simulated(clock);
  int quotes = 0;
  loop.bus().subscribe<market::QuoteEvent>([&](const market::QuoteEvent&) {
    if (++quotes == 2) loop.request_stop();
  });
  VectorFeed feed({stock_quote("SPY", kT0, 1, 2), stock_quote("SPY", kT0 + seconds(1), 1, 2),
                   stock_quote("SPY", kT0 + seconds(2), 1, 2)});
  ASSERT_TRUE(loop.run(feed));
  EXPECT_EQ(quotes, 2);
}

TEST(EventLoop, Live_CommandFromOtherThreadRunsOnLoopAndStops) {
  RealClock clock;
  auto loop = EventLoop::live(clock);
  std::thread::id ran_on;
  std::thread producer([&] {
    loop.post([&] {
      ran_on = std::this_thread::get_id();
      loop.request_stop();
    });
  });
  ASSERT_TRUE(loop.run());
  producer.join();
  EXPECT_EQ(ran_on, std::this_thread::get_id());
  EXPECT_EQ(loop.stats().commands_run, 1u);
}

TEST(EventLoop, Live_TimerWaitsForRealTime) {
  RealClock clock;
  auto loop = EventLoop::live(clock);
  Timestamp start = clock.now();
  Timestamp fired{};
  loop.schedule_after(milliseconds(20), [&] {
    fired = clock.now();
    loop.request_stop();
  });
  ASSERT_TRUE(loop.run());
  EXPECT_GE(fired - start, milliseconds(20));
}

TEST(EventLoop, StopRequestedBeforeRun_NextRunReturnsAtOnce) {
  SimulatedClock clock(kT0);
  auto loop = EventLoop::simulated(clock);
  int ticks = 0;
  ASSERT_TRUE(loop.schedule_every(seconds(1), [&] { ++ticks; }));
  loop.request_stop();
  ASSERT_TRUE(loop.run());
  EXPECT_EQ(ticks, 0);
}

}  // namespace
}  // namespace nightdesk::engine
