// RunObserver: what the session loop tells the observability side (status server, notifications) as the run goes.
// Called on the runner's thread; an implementation must return at once (no I/O that can block supervision).
#pragma once

#include <chrono>

#include "overnight/run_state.h"

namespace nightdesk::overnight {

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // After every write of the state file, with the state as written.
  virtual void on_state(const RunState& state) = 0;
  // Before the restart backoff of `delay` starts.
  virtual void on_restart_delay(std::chrono::milliseconds delay) = 0;
};

}  // namespace nightdesk::overnight
