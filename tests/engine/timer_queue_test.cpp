#include "engine/timer_queue.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace nightdesk::engine {
namespace {

using std::chrono::seconds;
const Timestamp kT0 = from_unix_nanos(1'700'000'000'000'000'000);

TEST(TimerQueue, SameDueTime_RunInSchedulingOrder) {
  TimerQueue q;
  std::string order;
  q.schedule_at(kT0 + seconds(2), [&] { order += 'c'; });
  q.schedule_at(kT0 + seconds(1), [&] { order += 'a'; });
  q.schedule_at(kT0 + seconds(1), [&] { order += 'b'; });
  while (q.run_next_due(kT0 + seconds(10))) {
  }
  EXPECT_EQ(order, "abc");
  EXPECT_EQ(q.pending(), 0u);
}

TEST(TimerQueue, NotYetDue_DoesNotRun) {
  TimerQueue q;
  int runs = 0;
  q.schedule_at(kT0 + seconds(5), [&] { ++runs; });
  EXPECT_FALSE(q.run_next_due(kT0 + seconds(4)));
  EXPECT_EQ(runs, 0);
  EXPECT_EQ(q.next_due(), kT0 + seconds(5));
  EXPECT_TRUE(q.run_next_due(kT0 + seconds(5)));
  EXPECT_EQ(runs, 1);
}

TEST(TimerQueue, Cancelled_NeverRunsAndSecondCancelIsFalse) {
  TimerQueue q;
  int runs = 0;
  TimerId id = q.schedule_at(kT0, [&] { ++runs; });
  EXPECT_TRUE(q.cancel(id));
  EXPECT_FALSE(q.cancel(id));
  EXPECT_FALSE(q.run_next_due(kT0 + seconds(1)));
  EXPECT_EQ(runs, 0);
  EXPECT_FALSE(q.next_due().has_value());
}

TEST(TimerQueue, StaleIdAfterSlotReuse_DoesNotCancelNewTimer) {
  TimerQueue q;
  TimerId old_id = q.schedule_at(kT0, [] {});
  ASSERT_TRUE(q.run_next_due(kT0));
  int runs = 0;
  q.schedule_at(kT0, [&] { ++runs; });  // reuses the slot
  EXPECT_FALSE(q.cancel(old_id));
  EXPECT_TRUE(q.run_next_due(kT0));
  EXPECT_EQ(runs, 1);
}

TEST(TimerQueue, InvalidOrUnknownId_CancelIsFalse) {
  TimerQueue q;
  EXPECT_FALSE(q.cancel(TimerId{}));
  EXPECT_FALSE(q.cancel(TimerId{0x0000000100000063ULL}));
}

TEST(TimerQueue, Periodic_RepeatsKeepingPhase) {
  TimerQueue q;
  std::vector<Timestamp> at;
  Timestamp now = kT0;
  ASSERT_TRUE(q.schedule_every(kT0 + seconds(1), seconds(1), [&] { at.push_back(now); }));
  for (int i = 1; i <= 3; ++i) {
    now = kT0 + seconds(i);
    ASSERT_TRUE(q.run_next_due(now));
  }
  EXPECT_EQ(at.size(), 3u);
  EXPECT_EQ(q.next_due(), kT0 + seconds(4));
}

TEST(TimerQueue, PeriodicRunLate_SkipsMissedTicks) {
  TimerQueue q;
  int runs = 0;
  ASSERT_TRUE(q.schedule_every(kT0 + seconds(1), seconds(1), [&] { ++runs; }));
  ASSERT_TRUE(q.run_next_due(kT0 + std::chrono::milliseconds(5500)));
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(q.next_due(), kT0 + seconds(6));
}

TEST(TimerQueue, ZeroPeriod_Refused) {
  TimerQueue q;
  auto id = q.schedule_every(kT0, seconds(0), [] {});
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::invalid_argument);
}

TEST(TimerQueue, PeriodicCancelsItself_StopsAfterThatRun) {
  TimerQueue q;
  int runs = 0;
  TimerId self;
  self = *q.schedule_every(kT0, seconds(1), [&] {
    if (++runs == 2) q.cancel(self);
  });
  for (int i = 0; i < 5; ++i) q.run_next_due(kT0 + seconds(i));
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(q.pending(), 0u);
}

TEST(TimerQueue, CallbackSchedulesMany_OwnCaptureSurvives) {
  TimerQueue q;
  std::string log;
  std::string captured = "kept-alive-by-the-running-callback";
  q.schedule_at(kT0, [&, captured] {
    for (int i = 0; i < 100; ++i) q.schedule_at(kT0 + seconds(1), [] {});  // grows slots_
    log = captured;
  });
  ASSERT_TRUE(q.run_next_due(kT0));
  EXPECT_EQ(log, captured);
  EXPECT_EQ(q.pending(), 100u);
}

TEST(TimerQueue, PeriodicThrows_StaysScheduled) {
  TimerQueue q;
  int runs = 0;
  ASSERT_TRUE(q.schedule_every(kT0, seconds(1), [&] {
    ++runs;
    throw std::runtime_error("boom");
  }));
  EXPECT_THROW(q.run_next_due(kT0), std::runtime_error);
  EXPECT_THROW(q.run_next_due(kT0 + seconds(1)), std::runtime_error);
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(q.pending(), 1u);
}

TEST(TimerQueue, ManyCancelledFarTimers_HeapIsCompacted) {
  TimerQueue q;
  for (int i = 0; i < 10'000; ++i) q.cancel(q.schedule_at(kT0 + seconds(1000), [] {}));
  int runs = 0;
  q.schedule_at(kT0, [&] { ++runs; });
  EXPECT_EQ(q.pending(), 1u);
  EXPECT_TRUE(q.run_next_due(kT0));
  EXPECT_EQ(runs, 1);
  EXPECT_FALSE(q.next_due().has_value());
}

}  // namespace
}  // namespace nightdesk::engine
