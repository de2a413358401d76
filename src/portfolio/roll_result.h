// RollResult: the record of one roll, planned or carried out: success, old and new legs, units closed and
// opened, net credit and fees from the fills, the orders used and the error when it failed. Kept in the
// portfolio's roll history. Plain value; safe to copy.
#pragma once

#include <string>
#include <vector>

#include "common/fixed_point.h"
#include "common/time.h"
#include "portfolio/roll_plan.h"

namespace nightdesk::portfolio {

struct RollResult {
  std::string position_id;
  bool success = false;
  bool dry_run = false;  // planned only; nothing was sent (net_credit is then the plan's estimate)
  RollReason reason = RollReason::expiry_near;
  StrikeStrategy strategy = StrikeStrategy::same_strikes;
  RollExecutionMode execution = RollExecutionMode::combo;
  std::vector<RollLeg> old_legs;
  std::vector<RollLeg> new_legs;
  Quantity units_planned;
  Quantity units_closed;  // old-leg units closed
  Quantity units_opened;  // new-leg units opened
  Money net_credit;       // received in total from the roll's fills (a debit is negative)
  Money fees;
  std::vector<std::string> order_ids;
  std::string error;      // empty on success
  Timestamp started{};
  Timestamp finished{};
};

}  // namespace nightdesk::portfolio
