// ManualOrderDrain: the engine thread's side of the manual order queue. It takes the orders a person queued
// through the API, highest priority first, and sends each through TradingDesk::submit (risk-checked like
// every order). A refused order is recorded in the order book as rejected with the reason, so GET
// /orders/{id} shows it; every outcome is also published as ManualOrderDrained. wake() may be called from
// any thread; everything else, construction and destruction on the engine thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/error.h"
#include "engine/event_loop.h"
#include "engine/manual_order_queue.h"
#include "engine/order_manager.h"
#include "engine/trading_desk.h"

namespace nightdesk::engine {

// One queued order taken out of the queue and what became of it; published on the loop's bus.
struct ManualOrderDrained {
  execution::ClientOrderId client_order_id;
  OrderPriority priority = OrderPriority::normal;
  std::string who;
  bool sent = false;   // true: the desk accepted it (the order may still be rejected or filled later)
  std::string reason;  // why it was refused when not sent
  Timestamp queued_at{};
  Timestamp time{};
};

struct ManualOrderDrainConfig {
  // Orders sent per turn of the loop; the rest wait for the next turn, so a full queue does not hold up
  // quotes and timers. Within and across turns orders leave by (priority, arrival).
  std::size_t max_per_turn = 16;
  // Also looks at the queue this often (engine time); 0: only on wake(). Not for a simulated loop's run(),
  // which returns only once no timer is left.
  Nanoseconds sweep_interval{0};

  Status validate() const;
};

struct ManualDrainCounters {
  std::uint64_t sent = 0;
  std::uint64_t refused = 0;
  std::uint64_t unrecorded = 0;  // refused and could not even be recorded (logged as an error)
};

class ManualOrderDrain {
 public:
  // `queue`, `loop`, `desk` and `orders` must outlive it. `after_drain` (may be empty) runs on the engine
  // thread after a turn that took orders out (e.g. SnapshotPublisher::publish_now, so readers see them).
  static Result<std::unique_ptr<ManualOrderDrain>> create(ManualOrderDrainConfig config, ManualOrderQueue& queue,
                                                          EventLoop& loop, TradingDesk& desk, OrderManager& orders,
                                                          std::function<void()> after_drain = {});
  ~ManualOrderDrain();
  ManualOrderDrain(const ManualOrderDrain&) = delete;
  ManualOrderDrain& operator=(const ManualOrderDrain&) = delete;

  // Any thread: an order was queued; the engine takes it at its next turn. Several calls before that turn
  // post one command. Call only while the drain lives (stop the API before destroying it).
  void wake();
  // Engine thread: takes out up to max_per_turn orders now. Returns how many.
  std::size_t drain_now();

  ManualOrderQueue& queue() { return queue_; }
  const ManualDrainCounters& counters() const { return counters_; }

 private:
  ManualOrderDrain(ManualOrderDrainConfig config, ManualOrderQueue& queue, EventLoop& loop, TradingDesk& desk,
                   OrderManager& orders, std::function<void()> after_drain);
  void on_turn();
  void send(QueuedOrder queued);

  ManualOrderDrainConfig config_;
  ManualOrderQueue& queue_;
  EventLoop& loop_;
  TradingDesk& desk_;
  OrderManager& orders_;
  std::function<void()> after_drain_;
  std::atomic<bool> wake_posted_{false};
  // Checked by posted commands on the engine thread: a command outliving the drain does nothing.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  TimerId sweep_timer_;
  ManualDrainCounters counters_;
};

}  // namespace nightdesk::engine
