#include "overnight/restart_policy.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace nightdesk::overnight {

std::string_view to_string(RestartAction action) {
  switch (action) {
    case RestartAction::proceed: return "proceed";
    case RestartAction::restart: return "restart";
    case RestartAction::give_up: return "give_up";
    case RestartAction::pause: return "pause";
  }
  return "unknown";
}

RestartPolicy::RestartPolicy(RestartPolicyConfig config, std::uint64_t seed, RestartPolicyState state)
    : config_(config), rng_(seed), state_(std::move(state)) {}

std::chrono::milliseconds RestartPolicy::backoff(int failures) {
  // Doubling stops once past the cap, so a long failure streak cannot overflow the shift.
  double base = static_cast<double>(config_.backoff_base.count());
  double cap = static_cast<double>(config_.backoff_max.count());
  int doublings = std::clamp(failures - 1, 0, 62);
  double delay = std::min(base * std::ldexp(1.0, doublings), cap);
  double spread = std::max(0.0, config_.backoff_jitter_pct) / 100.0;
  std::uniform_real_distribution<double> jitter(-spread, spread);
  delay *= 1.0 + jitter(rng_);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::max(0.0, std::round(delay))));
}

RestartDecision RestartPolicy::decide(const SessionEnd& session) {
  bool stable = session.ended - session.started >= config_.stable_after;
  if (!session.failed) {
    state_.consecutive_failures = 0;
    return RestartDecision{RestartAction::proceed, std::chrono::milliseconds{0}, 0, "session ended without failure"};
  }
  if (stable || session.made_progress) state_.consecutive_failures = 0;
  ++state_.consecutive_failures;

  auto& recent = state_.recent_failures;
  recent.push_back(session.ended);
  std::erase_if(recent, [&](Timestamp t) { return session.ended - t >= config_.pause_window; });

  RestartDecision decision;
  decision.consecutive_failures = state_.consecutive_failures;
  auto window_minutes = std::chrono::duration_cast<std::chrono::minutes>(config_.pause_window).count();
  if (static_cast<int>(recent.size()) >= config_.pause_after_failures) {
    decision.action = RestartAction::pause;
    decision.reason = fmt::format("{} failed sessions within {} minutes: pausing instead of restarting",
                                  recent.size(), window_minutes);
  } else if (state_.consecutive_failures > config_.max_restarts) {
    decision.action = RestartAction::give_up;
    decision.reason = fmt::format("{} consecutive failed sessions (max_restarts {}): giving up",
                                  state_.consecutive_failures, config_.max_restarts);
  } else {
    decision.action = RestartAction::restart;
    decision.delay = backoff(state_.consecutive_failures);
    decision.reason = fmt::format("restart {} of {} after {:.1f} s{}", state_.consecutive_failures,
                                  config_.max_restarts, static_cast<double>(decision.delay.count()) / 1000.0,
                                  (stable || session.made_progress) ? " (previous session was stable)" : "");
  }
  return decision;
}

void RestartPolicy::reset() { state_ = RestartPolicyState{}; }

}  // namespace nightdesk::overnight
