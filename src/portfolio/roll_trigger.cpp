#include "portfolio/roll_trigger.h"

#include <cmath>

#include <fmt/format.h>

#include "market/option_chain.h"

namespace nightdesk::portfolio {

std::string_view to_string(RollReason reason) {
  switch (reason) {
    case RollReason::expiry_near: return "expiry_near";
    case RollReason::delta_breach: return "delta_breach";
    case RollReason::profit_target: return "profit_target";
    case RollReason::requested: return "requested";
  }
  return "unknown";
}

std::optional<int> nearest_leg_dte(const Position& position, Date today) {
  std::optional<int> nearest;
  for (const PositionLeg& leg : position.legs()) {
    if (!leg.instrument.is_option()) continue;
    int dte = market::calendar_days_between(today, leg.instrument.expiry);
    if (!nearest || dte < *nearest) nearest = dte;
  }
  return nearest;
}

std::optional<RollTrigger> roll_trigger(const Position& position, Date today, const RollSettings& settings,
                                        std::span<const LegDelta> deltas) {
  if (!settings.enabled || !position.is_bot_managed() || position.is_flat()) return std::nullopt;
  if (auto dte = nearest_leg_dte(position, today); dte && *dte <= settings.min_dte_for_roll)
    return RollTrigger{RollReason::expiry_near, fmt::format("nearest leg has {} DTE <= {}", *dte, settings.min_dte_for_roll)};
  if (settings.roll_on_delta_breach)
    for (const LegDelta& d : deltas) {
      const PositionLeg* leg = position.leg(d.instrument);
      if (leg == nullptr || leg->quantity.count() >= 0) continue;  // only short legs breach
      if (std::fabs(d.delta) >= settings.delta_breach)
        return RollTrigger{RollReason::delta_breach,
                           fmt::format("short leg delta {:.3f} breaches |{:.2f}|", d.delta, settings.delta_breach)};
    }
  if (settings.roll_on_profit_target)
    if (auto pnl = position.pnl_pct(); pnl && *pnl >= settings.profit_target)
      return RollTrigger{RollReason::profit_target,
                         fmt::format("P&L {} >= profit target {}", pnl->to_string(), settings.profit_target.to_string())};
  return std::nullopt;
}

}  // namespace nightdesk::portfolio
