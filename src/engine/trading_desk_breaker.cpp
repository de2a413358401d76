// TradingDesk: the circuit breaker's transitions carried out (cancels, events) and a person's commands.
#include <spdlog/spdlog.h>

#include "engine/risk_inputs.h"
#include "engine/trading_desk.h"

namespace nightdesk::engine {

void TradingDesk::carry_out(const risk::BreakerActions& actions) {
  ++counters_.breaker_transitions;
  spdlog::log(actions.alert.severity == risk::AlertSeverity::critical ? spdlog::level::critical : spdlog::level::info, "{}",
              actions.alert.message);
  loop_.bus().publish(actions.transition);
  loop_.bus().publish(actions.alert);
  for (const auto& id : actions.cancel) {
    if (auto cancelled = orders_.cancel(id); cancelled) {
      ++counters_.breaker_cancels;
    } else {
      spdlog::warn("breaker cancel of {}: {}", id.value(), cancelled.error().describe());
    }
  }
}

Result<risk::BreakerTransition> TradingDesk::manual(Result<risk::BreakerActions> actions) {
  if (!actions) return std::unexpected(actions.error());
  carry_out(*actions);
  return actions->transition;
}

Result<risk::BreakerTransition> TradingDesk::halt(std::string who, std::string reason) {
  return manual(gate_.halt(std::move(who), std::move(reason), open_orders(), portfolio_view(portfolio_, orders_.quotes()), loop_.now()));
}

Result<risk::BreakerTransition> TradingDesk::reduce_only(std::string who, std::string reason) {
  return manual(
      gate_.reduce_only(std::move(who), std::move(reason), open_orders(), portfolio_view(portfolio_, orders_.quotes()), loop_.now()));
}

Result<risk::BreakerTransition> TradingDesk::reset(std::string who, std::string reason) {
  return manual(gate_.reset(std::move(who), std::move(reason), snapshot(), loop_.now()));
}

}  // namespace nightdesk::engine
