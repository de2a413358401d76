// When a bot-managed position should roll: its nearest leg is close to expiry (always checked), a short
// leg's delta has breached the limit, or the profit target is reached (both optional). Pure; any thread.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/time.h"
#include "market/instrument.h"
#include "portfolio/position.h"
#include "portfolio/roll_settings.h"

namespace nightdesk::portfolio {

enum class RollReason : std::uint8_t { expiry_near, delta_breach, profit_target, requested };

std::string_view to_string(RollReason reason);

struct RollTrigger {
  RollReason reason = RollReason::expiry_near;
  std::string detail;  // "nearest leg 2025-01-17 has 5 DTE <= 7"
};

// The current per-share delta of one leg (from the position's Greeks).
struct LegDelta {
  market::Instrument instrument;
  double delta = 0;
};

// Days from `today` to the nearest option leg's expiry; nullopt when the position has no option leg.
std::optional<int> nearest_leg_dte(const Position& position, Date today);

// The first trigger that holds, in the order expiry, delta, profit; nullopt when none does, when rolling
// is disabled, or for a manual or flat position. `deltas` may be empty (the delta trigger then never fires).
std::optional<RollTrigger> roll_trigger(const Position& position, Date today, const RollSettings& settings,
                                        std::span<const LegDelta> deltas);

}  // namespace nightdesk::portfolio
