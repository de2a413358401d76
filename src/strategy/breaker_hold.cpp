#include "strategy/breaker_hold.h"

#include <fmt/format.h>

namespace nightdesk::strategy {

bool BreakerHold::held(const risk::CircuitBreaker& breaker) const {
  return refused_at_ && *refused_at_ == breaker.audit_log().size();
}

std::string BreakerHold::reason(const risk::CircuitBreaker& breaker) const {
  return fmt::format("circuit breaker {} refused the last entry; not re-tried until the breaker changes state",
                     risk::to_string(breaker.state()));
}

void BreakerHold::note(const risk::CircuitBreaker& breaker, const Error* refusal) {
  if (refusal != nullptr && refusal->code == ErrorCode::conflict && refusal->field == risk::to_string(risk::RiskRule::circuit_breaker))
    refused_at_ = breaker.audit_log().size();
  else
    refused_at_.reset();
}

}  // namespace nightdesk::strategy
