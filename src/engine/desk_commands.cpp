#include "engine/desk_commands.h"

namespace nightdesk::engine {

Result<execution::Order> DeskCommands::order_after(const execution::ClientOrderId& id) const {
  const execution::Order* order = desk_.order(id);
  if (order == nullptr) return fail(ErrorCode::not_found, "no order " + id.value(), "client_order_id");
  return *order;
}

Result<execution::Order> DeskCommands::close_position(std::string position_id, portfolio::CloseAmount amount, std::string who) {
  return ask<execution::Order>([this, position_id = std::move(position_id), amount, who = std::move(who)]() -> Result<execution::Order> {
    auto placed = desk_.close_position(position_id, amount, who);
    if (!placed) return std::unexpected(placed.error());
    return **placed;
  });
}

Result<portfolio::RollStart> DeskCommands::roll_position(std::string position_id, portfolio::RollOverrides overrides, bool dry_run,
                                                         std::string who) {
  return ask<portfolio::RollStart>([this, position_id = std::move(position_id), overrides, dry_run, who = std::move(who)] {
    return desk_.roll_position(position_id, overrides, dry_run, who);
  });
}

Result<portfolio::ManagementSettings> DeskCommands::manage_position(std::string position_id, portfolio::ManagementChange change,
                                                                    std::string who) {
  return ask<portfolio::ManagementSettings>([this, position_id = std::move(position_id), change = std::move(change), who = std::move(who)] {
    return desk_.manage_position(position_id, change, who);
  });
}

Result<execution::Order> DeskCommands::replace_order(execution::ClientOrderId id, OrderChange change, std::string who) {
  return ask<execution::Order>([this, id = std::move(id), change, who = std::move(who)]() -> Result<execution::Order> {
    if (auto replaced = desk_.replace_order(id, change, who); !replaced) return std::unexpected(replaced.error());
    return order_after(id);
  });
}

Result<execution::Order> DeskCommands::cancel_order(execution::ClientOrderId id, std::string who) {
  return ask<execution::Order>([this, id = std::move(id), who = std::move(who)]() -> Result<execution::Order> {
    if (auto cancelled = desk_.cancel_order(id, who); !cancelled) return std::unexpected(cancelled.error());
    return order_after(id);
  });
}

Result<risk::BreakerTransition> DeskCommands::halt(std::string who, std::string reason) {
  return ask<risk::BreakerTransition>(
      [this, who = std::move(who), reason = std::move(reason)] { return desk_.halt(who, reason); });
}

Result<risk::BreakerTransition> DeskCommands::reset(std::string who, std::string reason) {
  return ask<risk::BreakerTransition>(
      [this, who = std::move(who), reason = std::move(reason)] { return desk_.reset(who, reason); });
}

}  // namespace nightdesk::engine
