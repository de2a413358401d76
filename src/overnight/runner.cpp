#include "overnight/runner.h"

#include "overnight/run_observability.h"
#include "overnight/run_state_store.h"
#include "overnight/session_loop.h"

namespace nightdesk::overnight {

Runner::Runner(OvernightConfig config, const std::atomic<bool>* stop, std::atomic<bool>* reload, StartMode mode)
    : config_(std::move(config)), stop_(stop), reload_(reload), mode_(mode) {}

Result<RunOutcome> Runner::run() {
  RunStateStore store(config_.paths.state_file);
  auto lock = store.claim_runner();
  if (!lock) return std::unexpected(lock.error());
  RunObservability observability(config_);  // serves and notifies while the lock is held
  SessionLoop loop(config_, stop_, reload_, store, mode_, &observability);
  return loop.run();
}

}  // namespace nightdesk::overnight
