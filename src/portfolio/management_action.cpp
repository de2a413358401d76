#include "portfolio/management_action.h"

namespace nightdesk::portfolio {

std::string_view to_string(ManagementActionKind kind) {
  switch (kind) {
    case ManagementActionKind::opened: return "opened";
    case ManagementActionKind::take_profit: return "take_profit";
    case ManagementActionKind::take_profit_skipped: return "take_profit_skipped";
    case ManagementActionKind::take_profit_rearmed: return "take_profit_rearmed";
    case ManagementActionKind::stop_loss: return "stop_loss";
    case ManagementActionKind::trailing_stop: return "trailing_stop";
    case ManagementActionKind::roll_proposed: return "roll_proposed";
    case ManagementActionKind::roll_refused: return "roll_refused";
    case ManagementActionKind::roll_step: return "roll_step";
    case ManagementActionKind::roll_recovery: return "roll_recovery";
    case ManagementActionKind::roll_completed: return "roll_completed";
    case ManagementActionKind::closed: return "closed";
    case ManagementActionKind::manual_close: return "manual_close";
    case ManagementActionKind::management_changed: return "management_changed";
    case ManagementActionKind::handed_to_manual: return "handed_to_manual";
    case ManagementActionKind::handed_to_bot: return "handed_to_bot";
  }
  return "unknown";
}

}  // namespace nightdesk::portfolio
