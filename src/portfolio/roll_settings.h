// Roll settings of bot-managed positions (spec A7, defaults from the original bot): when to roll, which
// expiry and strikes to roll to, whether a credit is required and how the orders are sent.
// Plain value; safe to copy across threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/error.h"
#include "common/fixed_point.h"
#include "portfolio/percent.h"

namespace nightdesk::portfolio {

enum class StrikeStrategy : std::uint8_t {
  same_strikes,    // the same strikes in the new expiry; refused when one is not listed there
  atm_adjust,      // shift the whole structure so its centre sits at the new expiry's ATM strike
  delta_maintain,  // each leg to the strike whose delta is closest to the old leg's current delta
};
enum class RollExecutionMode : std::uint8_t {
  combo,        // one combo order: close the old legs and open the new ones atomically
  close_first,  // two orders: close, then open (with a recovery path when the open fails)
};

std::string_view to_string(StrikeStrategy strategy);
std::string_view to_string(RollExecutionMode mode);
std::optional<StrikeStrategy> parse_strike_strategy(std::string_view text);
std::optional<RollExecutionMode> parse_roll_execution_mode(std::string_view text);

struct RollSettings {
  bool enabled = true;
  std::int32_t min_dte_for_roll = 7;  // roll when the nearest leg has this many calendar days or fewer left
  std::int32_t target_dte = 30;       // the new expiry is the listed one nearest this DTE ...
  std::int32_t min_target_dte = 21;   // ... within [min_target_dte, max_target_dte]
  std::int32_t max_target_dte = 60;
  StrikeStrategy strike_strategy = StrikeStrategy::same_strikes;
  Price max_strike_adjustment = Price::from_units(100'000);  // 10.00: no new strike further than this from the old
  bool require_credit = true;  // refuse a roll whose net price at the mids is a debit
  RollExecutionMode execution = RollExecutionMode::combo;
  bool roll_on_delta_breach = false;
  double delta_breach = 0.50;  // |delta| per share of any short leg at or above this triggers a roll
  bool roll_on_profit_target = false;
  Percent profit_target = Percent::points(50);  // P&L % at or above this triggers a roll
  std::int32_t close_first_open_retries = 2;    // close_first: re-priced attempts at step two before giving up
  bool dry_run = false;                          // plan and record rolls, send nothing

  // Errors name the key: DTEs >= 0 with min_target <= target <= max_target and min_dte_for_roll <
  // min_target_dte, max_strike_adjustment >= 0, delta_breach in (0, 1], retries >= 0.
  Status validate() const;
};

}  // namespace nightdesk::portfolio
