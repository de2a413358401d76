// The `management:` section of nightdesk.yaml: profit ladder, stop loss, trailing stop, rolling and the
// Greeks' pricing assumptions, declared on the common config schema (common/config_schema.h) and read back
// as ManagementSettings. Declaring keys is done once at start-up (one thread); reading is pure.
//
// Units in the file: percentages are percent points (50 = 50%, -200 = -200%); strikes in dollars; DTE in
// calendar days. Ladder levels are "trigger:take" items, e.g. ["+50%:30%", "+100%:50%", "+200%:20%"].
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/config.h"
#include "common/config_schema.h"
#include "common/env_expansion.h"
#include "common/error.h"
#include "portfolio/exit_settings.h"
#include "portfolio/pricing_assumptions.h"
#include "portfolio/roll_settings.h"

namespace nightdesk::portfolio {

inline constexpr std::string_view kManagementSection = "management";

struct ManagementSettings {
  ExitSettings exits;
  RollSettings roll;
  PricingAssumptions pricing;

  // Both parts' checks; the error's field is the configuration key ("management.target_dte").
  Status validate() const;
};

// Handles to every key of the section, returned by declare_management_keys.
struct ManagementKeys {
  ConfigKey<std::string> ladder_preset;
  ConfigKey<std::vector<std::string>> ladder_levels;
  ConfigKey<std::int64_t> min_close;
  ConfigKey<bool> stop_loss_enabled;
  ConfigKey<double> stop_loss_pct;
  ConfigKey<bool> trailing_stop_enabled;
  ConfigKey<double> trailing_stop_pct;
  ConfigKey<double> trailing_activation_pct;
  ConfigKey<bool> roll_enabled;
  ConfigKey<std::int64_t> min_dte_for_roll;
  ConfigKey<std::int64_t> target_dte;
  ConfigKey<std::int64_t> min_target_dte;
  ConfigKey<std::int64_t> max_target_dte;
  ConfigKey<std::string> strike_strategy;
  ConfigKey<double> max_strike_adjustment;
  ConfigKey<bool> require_credit;
  ConfigKey<std::string> roll_execution;
  ConfigKey<bool> roll_on_delta_breach;
  ConfigKey<double> delta_breach;
  ConfigKey<bool> roll_on_profit_target;
  ConfigKey<double> roll_profit_target_pct;
  ConfigKey<std::int64_t> close_first_open_retries;
  ConfigKey<bool> roll_dry_run;
  ConfigKey<double> risk_free_rate;
  ConfigKey<double> dividend_yield;
  ConfigKey<bool> american_exercise;
};

// Declares the `management` section on `schema` (the engine's whole schema, or a schema of its own).
ManagementKeys declare_management_keys(ConfigSchema& schema);

// Reads and validates the settings from a loaded config. Errors name the key: "management.ladder_levels"
// (with the item) for a malformed level, and the key of the first failed cross-key rule.
Result<ManagementSettings> read_management_settings(const Config& config, const ManagementKeys& keys);

// A schema holding only the `management` section, and loading it from YAML text (tests and tools).
// Environment overrides use prefix NIGHTDESK (NIGHTDESK_MANAGEMENT_TARGET_DTE).
Result<ManagementSettings> load_management_settings_text(std::string_view yaml, std::string_view source_name);
Result<ManagementSettings> load_management_settings_text(std::string_view yaml, std::string_view source_name,
                                                        const EnvLookup& env);

}  // namespace nightdesk::portfolio
