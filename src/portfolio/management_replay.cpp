#include "portfolio/management_replay.h"

namespace nightdesk::portfolio {
namespace {

void set_level(ExitState& exit, std::size_t level, LevelStatus status) {
  if (exit.levels.size() <= level) exit.levels.resize(level + 1, LevelStatus::pending);
  exit.levels[level] = status;
}

bool working_on(const ExitState& exit, const std::string& order_id) {
  return exit.working && exit.working->client_order_id == order_id;
}

}  // namespace

ManagementReplay replay_management(std::span<const ManagementAction> history) {
  ManagementReplay out;
  ExitState& exit = out.exit;
  for (const ManagementAction& a : history) {
    if (a.pnl_pct && (!exit.high_water || *a.pnl_pct > *exit.high_water)) exit.high_water = a.pnl_pct;
    switch (a.kind) {
      case ManagementActionKind::take_profit:  // one order may close several levels: one entry per level
        if (!a.level) break;
        set_level(exit, *a.level, LevelStatus::fired);
        if (working_on(exit, a.order_id)) exit.working->levels.push_back(*a.level);
        else exit.working = WorkingExit{a.order_id, {*a.level}, false, {}};
        break;
      case ManagementActionKind::take_profit_skipped:
        if (a.level) set_level(exit, *a.level, LevelStatus::skipped);
        break;
      case ManagementActionKind::take_profit_rearmed:  // its order ended with nothing filled
        if (a.level) set_level(exit, *a.level, LevelStatus::pending);
        if (working_on(exit, a.order_id)) exit.working.reset();
        break;
      case ManagementActionKind::stop_loss:
      case ManagementActionKind::trailing_stop:
        exit.working = WorkingExit{a.order_id, {}, true, {}};
        break;
      case ManagementActionKind::manual_close:
        exit.working = WorkingExit{a.order_id, {}, false, a.who};
        break;
      case ManagementActionKind::roll_step:
      case ManagementActionKind::roll_recovery:
        if (!a.order_id.empty()) out.unfinished_roll_order = a.order_id;
        break;
      case ManagementActionKind::roll_completed:
        out.unfinished_roll_order.reset();
        // As Portfolio::finish_roll: rolled legs are a new trade, the ladder and the trailing stop start again.
        if (a.quantity.count() > 0) exit = ExitState{};
        break;
      case ManagementActionKind::opened:
      case ManagementActionKind::roll_proposed:
      case ManagementActionKind::roll_refused:
      case ManagementActionKind::closed:
      case ManagementActionKind::management_changed:
      case ManagementActionKind::handed_to_manual:
      case ManagementActionKind::handed_to_bot:
        break;
    }
  }
  return out;
}

}  // namespace nightdesk::portfolio
