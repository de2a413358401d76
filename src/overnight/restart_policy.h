// RestartPolicy: after a failed session, whether to restart, after what backoff, or to give up or pause.
// Pure logic over times the caller supplies; one owner (the session loop), not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"

namespace nightdesk::overnight {

// Defaults are the original runner's (recovery section of overnight.yaml) plus the spec's stability rules.
struct RestartPolicyConfig {
  int max_restarts = 5;                           // consecutive failed sessions before giving up
  std::chrono::milliseconds backoff_base{30'000};
  std::chrono::milliseconds backoff_max{600'000};
  double backoff_jitter_pct = 20;                 // the delay is spread uniformly by ± this percentage
  std::chrono::milliseconds stable_after{120'000};  // a session this long counts as stable
  int pause_after_failures = 10;                  // this many failures inside pause_window → paused
  std::chrono::milliseconds pause_window{30 * 60'000};
};

// What one finished session looked like, as far as restarting is concerned.
struct SessionEnd {
  Timestamp started;
  Timestamp ended;
  bool failed = false;         // crashed, stalled, signalled...: anything the runner would retry
  bool made_progress = false;  // tasks done or commits made during the session
};

enum class RestartAction {
  proceed,  // the session did not fail: no backoff (a continuation may start at once)
  restart,  // start again after `delay`
  give_up,  // max_restarts consecutive failures: stop the run and notify failure
  pause,    // too many failures too fast: visible paused state with an alert, no more restarts
};
std::string_view to_string(RestartAction action);

struct RestartDecision {
  RestartAction action = RestartAction::proceed;
  std::chrono::milliseconds delay{0};
  int consecutive_failures = 0;  // after counting this session
  std::string reason;            // one line for the log, the state file and the notification
};

// The part that must survive a runner restart (persist it in the run state).
struct RestartPolicyState {
  int consecutive_failures = 0;
  std::vector<Timestamp> recent_failures;  // inside the pause window, oldest first
};

class RestartPolicy {
 public:
  // `seed` drives the jitter; tests pass a fixed one, the runner a random one.
  explicit RestartPolicy(RestartPolicyConfig config, std::uint64_t seed = std::random_device{}(),
                         RestartPolicyState state = {});

  // Counts the session and decides. A stable or productive session resets the consecutive count before
  // its own failure is counted, so its restart uses the base backoff.
  RestartDecision decide(const SessionEnd& session);
  // The backoff before restart number `failures` (1-based): min(base × 2^(failures-1), max) ± jitter.
  std::chrono::milliseconds backoff(int failures);
  // A person resumed a paused run: forget the failure history.
  void reset();

  const RestartPolicyState& state() const { return state_; }

 private:
  RestartPolicyConfig config_;
  std::mt19937_64 rng_;
  RestartPolicyState state_;
};

}  // namespace nightdesk::overnight
