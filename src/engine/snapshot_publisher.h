// SnapshotPublisher: hands the engine's DeskSnapshot to the API threads. On the engine thread it takes a
// fresh snapshot on a timer of engine time (and when asked); any thread reads the latest with current(),
// a shared-pointer copy under a mutex held only for that copy (never while a snapshot is built): a reader
// never waits for the engine's work, never sees a half-built snapshot, and keeps the one it holds alive
// for as long as it needs it. (Not std::atomic<std::shared_ptr>: libstdc++ 12's lock bit is invisible to
// ThreadSanitizer, which then reports the pointer swap as a race.) The chains are copied only
// after quotes changed them. Created, driven and destroyed on the engine thread; current() from any thread.
#pragma once

#include <mutex>
#include <chrono>
#include <memory>

#include "common/error.h"
#include "engine/desk_snapshot.h"

namespace nightdesk::engine {

struct SnapshotPublisherConfig {
  Nanoseconds interval = std::chrono::milliseconds(250);  // engine time between snapshots
  // Wall time between snapshots at least (an accelerated clock would otherwise snapshot hundreds of
  // times a second of real time).
  std::chrono::steady_clock::duration min_wall_interval = std::chrono::milliseconds(100);
  SnapshotLimits limits;

  Status validate() const;
};

class SnapshotPublisher {
 public:
  // Publishes a first snapshot at once. `loop`, `desk` and `orders` must outlive it.
  static Result<std::unique_ptr<SnapshotPublisher>> create(SnapshotPublisherConfig config, EventLoop& loop,
                                                          const TradingDesk& desk, const OrderManager& orders);
  ~SnapshotPublisher();
  SnapshotPublisher(const SnapshotPublisher&) = delete;
  SnapshotPublisher& operator=(const SnapshotPublisher&) = delete;

  // Any thread. Never null.
  std::shared_ptr<const DeskSnapshot> current() const {
    std::lock_guard lock(current_mutex_);
    return current_;
  }
  // Engine thread: takes and publishes a snapshot now (after a command a person is waiting on).
  void publish_now();

 private:
  SnapshotPublisher(SnapshotPublisherConfig config, EventLoop& loop, const TradingDesk& desk, const OrderManager& orders);
  void on_timer();

  SnapshotPublisherConfig config_;
  EventLoop& loop_;
  const TradingDesk& desk_;
  const OrderManager& orders_;
  mutable std::mutex current_mutex_;
  std::shared_ptr<const DeskSnapshot> current_;
  std::shared_ptr<const market::ChainBook> chains_;
  bool chains_changed_ = true;
  std::uint64_t sequence_ = 0;
  std::chrono::steady_clock::time_point last_wall_{};
  SubscriptionId quotes_;
  TimerId timer_;
};

}  // namespace nightdesk::engine
