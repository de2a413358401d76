#include "risk/breaker_actions.h"

#include <fmt/format.h>

#include "risk/order_effect.h"

namespace nightdesk::risk {
namespace {

std::string alert_message(const BreakerTransition& t) {
  const std::string by = t.who == kAutomaticActor ? "" : fmt::format(" by {}", t.who);
  const std::string reason = t.reason.empty() ? "" : fmt::format(" (reason: {})", t.reason);
  const std::string numbers = t.numbers.empty() ? "" : fmt::format(": {}", t.numbers);
  return fmt::format("circuit breaker {} -> {} on {}{}{}{}", to_string(t.from), to_string(t.to), to_string(t.trigger),
                     by, reason, numbers);
}

}  // namespace

BreakerActions breaker_actions(const BreakerTransition& transition, const std::vector<execution::OrderRequest>& open_orders,
                               const std::vector<PositionView>& holdings, ShortPutCollateral short_puts) {
  BreakerActions actions;
  actions.transition = transition;
  const bool tripped = transition.to != BreakerState::active;
  if (tripped) actions.cancel = opening_orders(open_orders, holdings, short_puts);
  actions.alert = RiskAlert{transition.time, tripped ? AlertSeverity::critical : AlertSeverity::info, transition.to,
                            transition.trigger, alert_message(transition)};
  return actions;
}

}  // namespace nightdesk::risk
