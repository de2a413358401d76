// RollPlan: a proposed roll of one position: the legs it closes, the legs it opens, the target expiry,
// and its net price at the current mids. What dry-run returns, and what RollExecution carries out.
// Plain value; safe to copy.
#pragma once

#include <string>
#include <vector>

#include "common/fixed_point.h"
#include "common/time.h"
#include "market/instrument.h"
#include "portfolio/roll_settings.h"
#include "portfolio/roll_trigger.h"

namespace nightdesk::portfolio {

// One leg of a roll, signed as HELD (a short leg is negative, on both the old and the new side).
struct RollLeg {
  market::Instrument instrument;
  std::int64_t contracts_per_unit = 0;
  Price bid;
  Price ask;
  Price mid;
  std::optional<double> delta;  // per share, from the chain when it carries one

  bool operator==(const RollLeg&) const = default;
};

struct RollPlan {
  std::string position_id;
  RollReason reason = RollReason::expiry_near;
  StrikeStrategy strategy = StrikeStrategy::same_strikes;
  RollExecutionMode execution = RollExecutionMode::combo;
  Date from_expiry{};
  Date to_expiry{};
  std::int32_t to_dte = 0;
  Quantity units;                 // position units rolled (all of them)
  std::vector<RollLeg> old_legs;  // closed
  std::vector<RollLeg> new_legs;  // opened, same signs and ratios as the old legs
  // Per unit at the mids, DEBIT POSITIVE: sum over old legs of -held x mid + sum over new legs of held x mid.
  Price net_price;
  // What the roll receives in total at the mids: -net_price x units x multiplier (a credit is positive).
  Money net_credit;
  std::string note;  // why the plan deviates from the settings (e.g. combo too wide -> close_first)
};

}  // namespace nightdesk::portfolio
