// replay_management: what a position's recorded management history says the bot was doing when the engine
// stopped: the exit rules' memory (ladder levels fired or skipped, the exit order working, the highest P&L %
// a decision recorded) and a roll started and not finished. Recovery restores these so that a restart neither
// fires a ladder level twice nor plans a second exit or roll beside one still working. Pure; any thread.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "portfolio/exit_state.h"
#include "portfolio/management_action.h"

namespace nightdesk::portfolio {

struct ManagementReplay {
  ExitState exit;
  // The order a roll was working when the history ends (its roll_step without a roll_completed after it).
  std::optional<std::string> unfinished_roll_order;
};

// Folds the history in order. The high-water mark is a lower bound: it is the highest P&L % any recorded
// decision saw, while the live one also rose on quotes that decided nothing.
ManagementReplay replay_management(std::span<const ManagementAction> history);

}  // namespace nightdesk::portfolio
