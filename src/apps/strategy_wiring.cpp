#include "apps/strategy_wiring.h"

#include <fmt/format.h>

namespace nightdesk::apps {

Result<std::unique_ptr<strategy::StrategyHost>> attach_strategies(engine::DeskSession& session,
                                                                   const strategy::StrategiesConfig& config) {
  auto host = strategy::StrategyHost::create(session.loop(), session.desk(), session.orders(), session.calendar());
  if (!host) return std::unexpected(host.error());
  auto strategies = strategy::make_strategies(config);
  if (!strategies) return std::unexpected(strategies.error());
  for (auto& s : *strategies) {
    const std::string name = s->name();
    if (auto added = (*host)->add(std::move(s)); !added)
      return fail(added.error().code, fmt::format("strategy {}: {}", name, added.error().message), added.error().field);
  }
  if (auto added = add_recurring_templates((*host)->recurring(), config); !added) return std::unexpected(added.error());
  return host;
}

Status add_recurring_templates(strategy::RecurringOrders& recurring, const strategy::StrategiesConfig& config) {
  for (std::size_t i = 0; i < config.recurring_templates.size(); ++i) {
    if (auto added = recurring.add(config.recurring_templates[i]); !added) {
      const std::string field = fmt::format("recurring_templates[{}]", i);
      return fail(added.error().code, field + ": " + added.error().message, field);
    }
  }
  return ok();
}

}  // namespace nightdesk::apps
