// RiskLimits: the account's risk limits (spec A8), with the original bot's defaults. Plain value, built once
// from configuration (risk_config.h) and then read by the pre-trade check and the circuit breaker; any thread
// may read a const instance.
//
// Units: percentages are BasisPoints of equity (sizes, risk, daily loss) or of peak equity (drawdown).
// Greek limits are per underlying, on the magnitude of the portfolio's exposure after an order:
//   delta in share equivalents (sum of delta x signed contracts x multiplier),
//   gamma in share equivalents per $1 move of the underlying,
//   vega in dollars per one volatility point.
// A Greek limit of nullopt means no limit.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "risk/basis_points.h"

namespace nightdesk::risk {

struct GreekLimits {
  std::optional<double> max_abs_delta;
  std::optional<double> max_abs_gamma;
  std::optional<double> max_abs_vega;

  bool operator==(const GreekLimits&) const = default;
};

// How a short put without a covering position is margined: as a cash-secured put (strike x multiplier held
// in cash, the wheel's habit) or by the Reg-T naked formula of a margin account.
enum class ShortPutCollateral { reg_t, cash_secured };

struct RiskLimits {
  BasisPoints max_position_size = BasisPoints::from_percent(25);  // a position's requirement, of equity
  BasisPoints max_daily_loss = BasisPoints::from_percent(3);      // of start-of-day equity; reaching it trips
  BasisPoints max_drawdown = BasisPoints::from_percent(10);       // from peak equity; reaching it trips
  BasisPoints max_risk_per_trade = BasisPoints::from_percent(2);  // one order's added requirement, of equity
  std::int64_t max_consecutive_losses = 5;                        // reaching it trips
  GreekLimits greeks{1'000.0, 200.0, 5'000.0};                    // every underlying unless overridden
  std::map<std::string, GreekLimits, std::less<>> greek_overrides;  // by underlying symbol ("SPY")
  ShortPutCollateral short_put_collateral = ShortPutCollateral::reg_t;

  // The Greek limits that apply to `underlying`.
  const GreekLimits& greeks_for(std::string_view underlying) const;
  // Every percentage in (0%, 100%], consecutive losses >= 1, Greek limits > 0; the error names the field.
  Status validate() const;
};

}  // namespace nightdesk::risk
