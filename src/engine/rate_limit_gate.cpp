#include "engine/rate_limit_gate.h"

namespace nightdesk::engine {

RateLimitGate::RateLimitGate(execution::OrderRateLimiter limiter, Scheduler& scheduler, ReleaseHandler on_release)
    : limiter_(std::move(limiter)), scheduler_(scheduler), on_release_(std::move(on_release)) {}

RateLimitGate::~RateLimitGate() {
  if (timer_.valid()) scheduler_.cancel(timer_);
}

execution::AdmissionDecision RateLimitGate::admit(execution::BrokerRequest request) {
  auto decision = limiter_.admit(std::move(request), scheduler_.now());
  if (decision.admission == execution::Admission::queued) arm();
  return decision;
}

std::vector<execution::BrokerRequest> RateLimitGate::withdraw(const std::string& account, execution::OrderHandle order) {
  auto withdrawn = limiter_.withdraw(account, order);
  arm();
  return withdrawn;
}

// One timer, at the earliest moment the queue can move; re-armed after each release.
void RateLimitGate::arm() {
  auto next = limiter_.next_release_at();
  if (!next) {
    if (timer_.valid()) scheduler_.cancel(timer_);
    timer_ = {};
    return;
  }
  if (timer_.valid() && timer_at_ == *next) return;
  if (timer_.valid()) scheduler_.cancel(timer_);
  timer_at_ = *next;
  timer_ = scheduler_.schedule_at(*next, [this] { release(); });
}

void RateLimitGate::release() {
  timer_ = {};
  for (const auto& request : limiter_.release(scheduler_.now())) on_release_(request);
  arm();
}

}  // namespace nightdesk::engine
