// TimerQueue: one-shot and periodic timers ordered by due time, then by scheduling order; cancellable.
// Owned by the EventLoop; engine thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/error.h"
#include "common/scheduler.h"

namespace nightdesk::engine {

class TimerQueue {
 public:
  using Callback = Scheduler::Callback;

  TimerId schedule_at(Timestamp when, Callback callback);
  // Runs at `first`, then every `period` after it (phase kept; ticks missed while late are skipped).
  // A period <= 0 is refused (invalid_argument).
  Result<TimerId> schedule_every(Timestamp first, Nanoseconds period, Callback callback);
  // False when the timer already ran (one-shot), was cancelled, or never existed. A periodic timer may
  // cancel itself from its own callback.
  bool cancel(TimerId id);

  // When the earliest live timer is due; nullopt when none is pending.
  std::optional<Timestamp> next_due();
  // Runs the earliest live timer if it is due at or before `now`; false when none is. A callback's
  // exception propagates to the caller with the queue left consistent (a periodic timer stays scheduled).
  bool run_next_due(Timestamp now);
  // Live (scheduled, not cancelled) timers.
  std::size_t pending() const { return live_; }

 private:
  struct Entry {  // a heap entry; stale once its slot's generation moved on
    Timestamp when;
    std::uint64_t sequence;
    std::uint32_t slot;
    std::uint32_t generation;
  };
  struct Slot {
    Callback callback;
    Nanoseconds period{0};  // 0: one-shot
    std::uint32_t generation = 1;
    bool live = false;
  };
  // The heap's order: earliest due on top, ties in scheduling order. A function object, not a function
  // pointer, so that the heap algorithms inline the comparison.
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const;
  };
  std::uint32_t allocate_slot();
  void release_slot(std::uint32_t slot);
  void push(Timestamp when, std::uint32_t slot);
  bool is_stale(const Entry& e) const;
  void drop_stale_top();
  void compact_if_mostly_stale();

  std::vector<Entry> heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 0;
  std::size_t live_ = 0;
};

}  // namespace nightdesk::engine
