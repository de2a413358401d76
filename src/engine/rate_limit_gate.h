// RateLimitGate: the OrderRateLimiter on the engine loop: admits broker requests, keeps one timer armed
// for the next queued request's token and hands each released request back, oldest first. Nothing is
// dropped: a request is sent now, queued until released, rejected (the caller says why), or withdrawn
// by the caller. Engine thread only.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/scheduler.h"
#include "execution/order_rate_limiter.h"

namespace nightdesk::engine {

class RateLimitGate {
 public:
  using ReleaseHandler = std::function<void(const execution::BrokerRequest&)>;

  // `scheduler` must outlive the gate; `on_release` is called from the gate's timer.
  RateLimitGate(execution::OrderRateLimiter limiter, Scheduler& scheduler, ReleaseHandler on_release);
  ~RateLimitGate();
  RateLimitGate(const RateLimitGate&) = delete;
  RateLimitGate& operator=(const RateLimitGate&) = delete;

  // Spends a token now, or queues (arming the release timer) or rejects, as the limiter decides.
  execution::AdmissionDecision admit(execution::BrokerRequest request);
  // admit()'s common case (OrderRateLimiter::admit_now): true when the request may go now, a token spent;
  // false with nothing changed, and admit() decides.
  bool admit_now(const std::string& account) { return limiter_.admit_now(account, scheduler_.now()).has_value(); }
  // Takes the order's queued requests off the queue; the caller accounts for each.
  std::vector<execution::BrokerRequest> withdraw(const std::string& account, execution::OrderHandle order);
  std::size_t queued(const std::string& account) const { return limiter_.queued(account); }

 private:
  void arm();
  void release();

  execution::OrderRateLimiter limiter_;
  Scheduler& scheduler_;
  ReleaseHandler on_release_;
  TimerId timer_;
  Timestamp timer_at_{};
};

}  // namespace nightdesk::engine
