#include "portfolio/exit_planner.h"

#include <fmt/format.h>

#include "portfolio/ladder_climb.h"
#include "portfolio/position_order.h"

namespace nightdesk::portfolio {
namespace {

OrderIdentity identity_for(const Position& position, IdGenerator& ids) {
  return OrderIdentity{ids.next(), position.id(), execution::OrderSource::bot_management, "bot"};
}

}  // namespace

Result<std::optional<ExitIntent>> ExitPlanner::evaluate(Position& position, Timestamp now, IdGenerator& ids) const {
  if (!position.is_bot_managed() || position.is_flat()) return std::nullopt;
  auto pnl = position.pnl_pct();
  if (!pnl) return std::nullopt;  // no marks yet, or a zero-cost position: nothing to measure against
  ExitState& state = position.exit_state();
  if (!state.high_water || *pnl > *state.high_water) state.high_water = *pnl;
  if (state.working) return std::nullopt;

  const StopLossSettings& stop = settings_.stop_loss;
  if (stop.enabled && *pnl <= stop.stop)
    return full_close(position, ManagementActionKind::stop_loss, *pnl, stop.stop,
                      fmt::format("stop loss: P&L {} <= {}", pnl->to_string(), stop.stop.to_string()), now, ids);
  const TrailingStopSettings& trailing = settings_.trailing;
  if (trailing.enabled && *state.high_water >= trailing.activation) {
    Percent floor = *state.high_water - trailing.trail;
    if (*pnl <= floor)
      return full_close(position, ManagementActionKind::trailing_stop, *pnl, floor,
                        fmt::format("trailing stop: P&L {} <= high water {} - {} points", pnl->to_string(),
                                    state.high_water->to_string(), trailing.trail.to_string()),
                        now, ids);
  }
  return take_profits(position, *pnl, now, ids);
}

Result<std::optional<ExitIntent>> ExitPlanner::full_close(Position& position, ManagementActionKind kind, Percent pnl,
                                                          Percent threshold, std::string reason, Timestamp now,
                                                          IdGenerator& ids) const {
  Quantity units = position.unit_shape().units;
  auto order = make_position_order(closing_legs(position), units, identity_for(position, ids));
  if (!order) return std::unexpected(order.error());
  const std::string& id = order->client_order_id.value();
  position.record({now, kind, fmt::format("{}; close all {} units", reason, units.count()), pnl, threshold, units,
                   position.unrealized_pnl().value_or(Money()), std::nullopt, id, {}});
  position.exit_state().working = WorkingExit{id, {}, true, {}};
  return ExitIntent{std::move(*order), kind};
}

Result<std::optional<ExitIntent>> ExitPlanner::take_profits(Position& position, Percent pnl, Timestamp now,
                                                            IdGenerator& ids) const {
  ExitState& state = position.exit_state();
  // Most quotes reach no pending level: answer that without copying the levels or measuring the shape
  // (climb_ladder would return no step). Runs for every position after every quote.
  if (!reaches_pending_level(settings_.ladder, state.levels, pnl)) return std::nullopt;
  std::vector<LevelStatus> status = state.levels;
  Quantity held = position.unit_shape().units;
  std::vector<LadderStep> steps = climb_ladder(settings_.ladder, status, pnl, held, settings_.min_close);
  if (steps.empty()) return std::nullopt;

  Quantity total;
  std::vector<std::size_t> fired;
  for (const LadderStep& step : steps)
    if (step.outcome == LevelStatus::fired) {
      total = total + step.quantity;
      fired.push_back(step.level);
    }
  std::optional<execution::OrderRequest> order;
  if (total.count() > 0) {
    auto built = make_position_order(closing_legs(position), total, identity_for(position, ids));
    if (!built) return std::unexpected(built.error());  // nothing recorded: the levels stay pending
    order = std::move(*built);
  }
  std::string id = order ? order->client_order_id.value() : std::string();
  for (const LadderStep& step : steps) {
    const ProfitLevel& level = settings_.ladder.levels[step.level];
    bool skipped = step.outcome == LevelStatus::skipped;
    std::string reason =
        skipped ? fmt::format("level {} ({} -> take {}): P&L {}; floor({} x {}) is below min_close {}, skipped",
                              step.level + 1, level.trigger.to_string(), level.take.to_string(), pnl.to_string(),
                              step.held_before.count(), level.take.to_string(), settings_.min_close.count())
                : fmt::format("level {} ({} -> take {}): P&L {}; close {} of {} units", step.level + 1,
                              level.trigger.to_string(), level.take.to_string(), pnl.to_string(), step.quantity.count(),
                              step.held_before.count());
    position.record({now, skipped ? ManagementActionKind::take_profit_skipped : ManagementActionKind::take_profit,
                     std::move(reason), pnl, level.trigger, step.quantity, std::nullopt, step.level,
                     skipped ? std::string() : id, {}});
  }
  state.levels = std::move(status);
  if (!order) return std::nullopt;
  state.working = WorkingExit{id, std::move(fired), false, {}};
  return ExitIntent{std::move(*order), ManagementActionKind::take_profit};
}

bool ExitPlanner::on_exit_finished(Position& position, const std::string& client_order_id, Quantity filled_units,
                                   Timestamp now) const {
  ExitState& state = position.exit_state();
  if (!state.working || state.working->client_order_id != client_order_id) return false;
  WorkingExit done = std::move(*state.working);
  state.working.reset();
  if (filled_units.count() > 0) return true;
  for (std::size_t level : done.levels) {
    if (level < state.levels.size()) state.levels[level] = LevelStatus::pending;
    position.record({now, ManagementActionKind::take_profit_rearmed,
                     fmt::format("level {} order {} ended with nothing filled; level pending again", level + 1, client_order_id),
                     std::nullopt, std::nullopt, Quantity(0), std::nullopt, level, client_order_id, {}});
  }
  return true;
}

}  // namespace nightdesk::portfolio
