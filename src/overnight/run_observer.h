// RunObserver: what the session loop tells the observability side (status server, notifications) as the run goes.
// Called on the runner's thread; an implementation must return at once (no I/O that can block supervision).
#pragma once

#include "overnight/run_state.h"

namespace nightdesk::overnight {

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // After every write of the state file, with the state as written.
  // The restart backoff is in the state (restart_at, last_backoff_s), so a resumed runner reports it too.
  virtual void on_state(const RunState& state) = 0;
};

}  // namespace nightdesk::overnight
