// PositionOverrides: one position's own bot-management settings (PATCH /positions/{id}): each field set
// replaces the global ManagementSettings value for that position only; unset fields follow the global ones.
// Also the roll-config overrides of a person's roll request. Plain values; safe to copy across threads.
//
// Units as in exit_settings.h and roll_settings.h (Percent of open cost, DTE in calendar days, Price per share).
// Field names (errors, describe()) are the `management:` configuration keys without the section.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/error.h"
#include "common/fixed_point.h"
#include "portfolio/exit_settings.h"
#include "portfolio/management_config.h"
#include "portfolio/percent.h"
#include "portfolio/position_source.h"
#include "portfolio/roll_settings.h"

namespace nightdesk::portfolio {

struct ExitOverrides {
  std::optional<ProfitLadder> ladder;            // ladder_levels
  std::optional<Quantity> min_close;             // min_close
  std::optional<bool> stop_loss_enabled;         // stop_loss_enabled
  std::optional<Percent> stop_loss;              // stop_loss_pct
  std::optional<bool> trailing_enabled;          // trailing_stop_enabled
  std::optional<Percent> trailing;               // trailing_stop_pct
  std::optional<Percent> trailing_activation;    // trailing_activation_pct

  bool empty() const;
  ExitSettings applied_to(ExitSettings base) const;
  // Every field `later` sets replaces this one's.
  void merge(const ExitOverrides& later);
  // "stop_loss_pct=-150%, ladder_levels=[+50%:100%]"; empty when nothing is set.
  std::string describe() const;
};

struct RollOverrides {
  std::optional<bool> enabled;                           // roll_enabled
  std::optional<std::int32_t> min_dte_for_roll;          // min_dte_for_roll
  std::optional<std::int32_t> target_dte;                // target_dte
  std::optional<std::int32_t> min_target_dte;            // min_target_dte
  std::optional<std::int32_t> max_target_dte;            // max_target_dte
  std::optional<StrikeStrategy> strike_strategy;         // strike_strategy
  std::optional<Price> max_strike_adjustment;            // max_strike_adjustment
  std::optional<bool> require_credit;                    // require_credit
  std::optional<RollExecutionMode> execution;            // roll_execution
  std::optional<bool> roll_on_delta_breach;              // roll_on_delta_breach
  std::optional<double> delta_breach;                    // delta_breach
  std::optional<bool> roll_on_profit_target;             // roll_on_profit_target
  std::optional<Percent> profit_target;                  // roll_profit_target_pct
  std::optional<std::int32_t> close_first_open_retries;  // close_first_open_retries
  std::optional<bool> dry_run;                           // roll_dry_run

  bool empty() const;
  RollSettings applied_to(RollSettings base) const;
  void merge(const RollOverrides& later);
  std::string describe() const;
};

struct PositionOverrides {
  ExitOverrides exits;
  RollOverrides roll;

  bool empty() const { return exits.empty() && roll.empty(); }
  // `base` with these overrides; pricing assumptions always follow the global settings.
  ManagementSettings applied_to(const ManagementSettings& base) const;
  void merge(const PositionOverrides& later);
  std::string describe() const;
};

// A person's change to one position's management (PATCH /positions/{id}).
struct ManagementChange {
  PositionOverrides overrides;           // merged into the position's earlier overrides
  bool clear_overrides = false;          // drop the earlier overrides first (back to the global settings)
  std::optional<PositionSource> source;  // manual: hand over to the person; bot_managed: hand (back) to the bot

  bool empty() const { return overrides.empty() && !clear_overrides && !source; }
};

// `settings` checked as a whole; the error's field is the key without the section ("stop_loss_pct",
// "ladder_levels[1].take", "target_dte"), so it names what the person sent.
Status validate_position_settings(const ManagementSettings& settings);

}  // namespace nightdesk::portfolio
