// BreakerHold: one entry (a strategy's or a recurring template's) that the circuit breaker refused is not
// built or sent again while the breaker stays in the state that refused it; a transition (a trip or a
// person's reset) lets it try again. Live and backtest alike. Owned by its strategy; engine thread only.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "common/error.h"
#include "risk/circuit_breaker.h"
#include "risk/risk_decision.h"

namespace nightdesk::strategy {

class BreakerHold {
 public:
  // Whether the entry is held: its last submit was refused by `breaker`, which has not changed state since.
  bool held(const risk::CircuitBreaker& breaker) const;
  // The skip reason while held: "circuit breaker reducing refused the last entry; ...".
  std::string reason(const risk::CircuitBreaker& breaker) const;
  // After a submit: `refusal` is its error (nullptr when it was placed). The desk's refusal names its first
  // violated rule as the field, and the breaker's rule is checked first, so field "circuit_breaker" means
  // the breaker refused it; that holds the entry, anything else releases it.
  void note(const risk::CircuitBreaker& breaker, const Error* refusal);

 private:
  // The breaker's audit-log length when it refused: every transition adds one entry.
  std::optional<std::size_t> refused_at_;
};

}  // namespace nightdesk::strategy
