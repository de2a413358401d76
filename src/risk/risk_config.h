// The `risk:` section of nightdesk.yaml: its keys declared on the engine's shared ConfigSchema, and the loaded
// values read back as RiskLimits. Declared by one thread at start-up; read_risk_limits is a pure function.
//
//   risk:
//     max_position_size_pct: 25      # percent of equity, at most two decimal places
//     max_daily_loss_pct: 3
//     max_drawdown_pct: 10
//     max_risk_per_trade_pct: 2
//     max_consecutive_losses: 5
//     max_abs_delta: 1000            # per underlying; 0 = no limit (units in risk_limits.h)
//     max_abs_gamma: 200
//     max_abs_vega: 5000
//     greek_limit_overrides: ["SPY delta=2000 vega=10000", "TSLA gamma=none"]
//     short_put_collateral: reg_t    # or cash_secured
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/config.h"
#include "common/config_schema.h"
#include "common/error.h"
#include "risk/risk_limits.h"

namespace nightdesk::risk {

inline constexpr std::string_view kConfigSection = "risk";

// Typed handles to the risk keys of one schema.
struct RiskConfigKeys {
  ConfigKey<double> max_position_size_pct;
  ConfigKey<double> max_daily_loss_pct;
  ConfigKey<double> max_drawdown_pct;
  ConfigKey<double> max_risk_per_trade_pct;
  ConfigKey<std::int64_t> max_consecutive_losses;
  ConfigKey<double> max_abs_delta;
  ConfigKey<double> max_abs_gamma;
  ConfigKey<double> max_abs_vega;
  ConfigKey<std::vector<std::string>> greek_limit_overrides;
  ConfigKey<std::string> short_put_collateral;
};

// Adds the `risk` section's keys, with the defaults of RiskLimits, to `schema`.
RiskConfigKeys declare_risk_config(ConfigSchema& schema);

// The limits held by `config`. A value the schema cannot check on its own (a percentage with more than two
// decimal places, a malformed override) is an invalid_argument error whose field is the key
// ("risk.greek_limit_overrides") and whose message says where the value came from.
Result<RiskLimits> read_risk_limits(const Config& config, const RiskConfigKeys& keys);

// Reads one override entry: "<UNDERLYING> [delta=N] [gamma=N] [vega=N]", N a positive number or "none";
// a Greek not named keeps `defaults`' limit.
Result<std::pair<std::string, GreekLimits>> parse_greek_override(std::string_view text, const GreekLimits& defaults);

}  // namespace nightdesk::risk
