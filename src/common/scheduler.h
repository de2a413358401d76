// Scheduler: "run this on the engine thread at time t", for code below the engine (the paper venue's
// latency, execution's walk timers). engine::EventLoop implements it. Call only from the engine thread.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

#include "common/time.h"

namespace nightdesk {

// Names one scheduled timer; a default-constructed id names none.
struct TimerId {
  std::uint64_t value = 0;
  bool valid() const { return value != 0; }
  auto operator<=>(const TimerId&) const = default;
};

class Scheduler {
 public:
  using Callback = std::function<void()>;
  virtual ~Scheduler() = default;
  // The engine's "now" (simulated in a backtest, real when live).
  virtual Timestamp now() const = 0;
  // Runs `callback` once at `when` (at once on the next turn when `when` has passed). Timers due at the
  // same instant run in the order they were scheduled.
  virtual TimerId schedule_at(Timestamp when, Callback callback) = 0;
  // Stops a timer that has not run yet; false when it already ran, was cancelled, or never existed.
  virtual bool cancel(TimerId id) = 0;
};

}  // namespace nightdesk
