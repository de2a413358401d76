// Portfolio: a person's commands (close, roll, management changes) and the per-position settings.
#include <fmt/format.h>

#include "portfolio/portfolio.h"
#include "portfolio/position_order.h"

namespace nightdesk::portfolio {
namespace {

std::optional<Percent> pnl_now(const Position& position) {
  auto pnl = position.pnl_pct();
  return pnl ? std::optional(*pnl) : std::nullopt;
}

Status blank_who(const std::string& who) {
  if (who.find_first_not_of(" \t\r\n") == std::string::npos)
    return fail(ErrorCode::invalid_argument, "who must not be blank", "who");
  return ok();
}

}  // namespace

Result<execution::OrderRequest> Portfolio::close(const std::string& position_id, const CloseAmount& amount,
                                                 std::string client_order_id, const std::string& who, Timestamp now) {
  if (auto named = blank_who(who); !named) return std::unexpected(named.error());
  auto it = positions_.find(position_id);
  if (it == positions_.end()) return fail(ErrorCode::not_found, fmt::format("no position {}", position_id), "position_id");
  Position& position = it->second;
  if (position.is_flat()) return fail(ErrorCode::conflict, fmt::format("position {} is flat", position_id), "position_id");
  if (rolls_.contains(position_id))
    return fail(ErrorCode::conflict, fmt::format("a roll of {} is working", position_id), "position_id");
  if (const auto& working = position.exit_state().working)
    return fail(ErrorCode::conflict,
                fmt::format("{} {} of {} is working", working->requested_by.empty() ? "the bot's exit" : "a close",
                            working->client_order_id, position_id),
                "position_id");
  const Quantity held = position.unit_shape().units;
  auto units = units_to_close(amount, held);
  if (!units) return std::unexpected(units.error());
  auto order = make_position_order(closing_legs(position), *units,
                                   OrderIdentity{std::move(client_order_id), position_id, execution::OrderSource::manual_api, "manual"});
  if (!order) return std::unexpected(order.error());
  const std::string& id = order->client_order_id.value();
  position.record({now, ManagementActionKind::manual_close,
                   fmt::format("close {} of {} units requested by {}", units->count(), held.count(), who), pnl_now(position),
                   std::nullopt, *units, position.unrealized_pnl().value_or(Money()), std::nullopt, id, who});
  position.exit_state().working = WorkingExit{id, {}, *units == held, who};
  return order;
}

Result<RollStart> Portfolio::roll_requested(const std::string& position_id, const market::OptionChain& chain, Timestamp now,
                                            const RollOverrides& overrides, bool dry_run, const std::string& who) {
  if (auto named = blank_who(who); !named) return std::unexpected(named.error());
  const Position* held = position(position_id);
  if (held == nullptr) return fail(ErrorCode::not_found, fmt::format("no position {}", position_id), "position_id");
  if (!held->is_bot_managed())
    return fail(ErrorCode::conflict, fmt::format("position {} is manual: hand it to the bot before asking for a roll", position_id),
                "source");
  ManagementSettings settings = settings_for(position_id);
  settings.roll = overrides.applied_to(settings.roll);
  if (auto valid = validate_position_settings(settings); !valid) return std::unexpected(valid.error());
  return start_roll(position_id, chain, now, RollReason::requested, settings.roll, dry_run, who);
}

Result<ManagementSettings> Portfolio::change_management(const std::string& position_id, const ManagementChange& change,
                                                        const std::string& who, Timestamp now) {
  if (auto named = blank_who(who); !named) return std::unexpected(named.error());
  auto it = positions_.find(position_id);
  if (it == positions_.end()) return fail(ErrorCode::not_found, fmt::format("no position {}", position_id), "position_id");
  Position& position = it->second;
  if (change.empty()) return fail(ErrorCode::invalid_argument, "nothing to change", "management");
  if (position.is_flat()) return fail(ErrorCode::conflict, fmt::format("position {} is flat", position_id), "position_id");

  PositionOverrides merged;
  if (const PositionOverrides* before = overrides(position_id); before != nullptr && !change.clear_overrides) merged = *before;
  merged.merge(change.overrides);
  ManagementSettings effective = merged.applied_to(settings_);
  if (auto valid = validate_position_settings(effective); !valid) return std::unexpected(valid.error());
  if (change.source && *change.source != position.source()) {
    if (auto handed = hand_over(position, *change.source, who, now); !handed) return std::unexpected(handed.error());
  }

  const bool settings_changed = change.clear_overrides || !change.overrides.empty();
  if (settings_changed) {
    std::string what = change.overrides.describe();
    std::string reason = fmt::format("{}{}{} by {}", change.clear_overrides ? "overrides cleared" : "",
                                     change.clear_overrides && !what.empty() ? "; " : "", what.empty() ? "" : "set " + what, who);
    position.record({now, ManagementActionKind::management_changed, std::move(reason), pnl_now(position), std::nullopt, Quantity(0),
                     std::nullopt, std::nullopt, {}, who});
  }
  exits_quiet_at_.erase(&position);  // new exit settings: plan it again
  rolls_quiet_at_.erase(&position);  // and new roll settings: look again
  if (merged.empty()) {
    own_settings_.erase(position_id);
  } else {
    own_settings_.insert_or_assign(position_id, OwnSettings{merged, ExitPlanner(effective.exits), effective.roll});
  }
  return effective;
}

Status Portfolio::hand_over(Position& position, PositionSource to, const std::string& who, Timestamp now) {
  if (to == PositionSource::manual) {
    if (rolls_.contains(position.id()))
      return fail(ErrorCode::conflict, fmt::format("a roll of {} is working; it must finish (or its order be cancelled) first", position.id()),
                  "source");
    const auto& working = position.exit_state().working;
    if (working && working->requested_by.empty())
      return fail(ErrorCode::conflict,
                  fmt::format("the bot's exit {} of {} is working; cancel it or let it finish first", working->client_order_id, position.id()),
                  "source");
  }
  position.set_source(to);
  const bool manual = to == PositionSource::manual;
  position.record({now, manual ? ManagementActionKind::handed_to_manual : ManagementActionKind::handed_to_bot,
                   fmt::format("{} by {}", manual ? "taken over (the bot no longer acts on it)" : "handed to the bot", who),
                   pnl_now(position), std::nullopt, Quantity(0), std::nullopt, std::nullopt, {}, who});
  return ok();
}

const PositionOverrides* Portfolio::overrides(std::string_view position_id) const {
  auto it = own_settings_.find(position_id);
  return it == own_settings_.end() ? nullptr : &it->second.overrides;
}

ManagementSettings Portfolio::settings_for(std::string_view position_id) const {
  auto it = own_settings_.find(position_id);
  return it == own_settings_.end() ? settings_ : it->second.overrides.applied_to(settings_);
}

const RollSettings& Portfolio::roll_settings_for(std::string_view position_id) const {
  auto it = own_settings_.find(position_id);
  return it == own_settings_.end() ? settings_.roll : it->second.roll;
}

const ExitPlanner& Portfolio::exit_planner_for(std::string_view position_id) const {
  auto it = own_settings_.find(position_id);
  return it == own_settings_.end() ? exits_ : it->second.exits;
}

}  // namespace nightdesk::portfolio
