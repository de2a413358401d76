#include "strategy/strike_choice.h"

#include <fmt/format.h>

namespace nightdesk::strategy {

Status validate_expiry_choice(const ExpiryChoice& choice, std::string_view field) {
  if (const auto* dte = std::get_if<TargetDte>(&choice); dte && dte->days < 0)
    return fail(ErrorCode::invalid_argument, fmt::format("must be >= 0, got {}", dte->days), fmt::format("{}.dte", field));
  return ok();
}

Status validate_strike_choice(const StrikeChoice& choice, std::string_view field) {
  if (const auto* fixed = std::get_if<FixedStrike>(&choice); fixed && fixed->strike.units() <= 0)
    return fail(ErrorCode::invalid_argument, fmt::format("must be > 0, got {}", fixed->strike.to_string()), std::string(field));
  if (const auto* delta = std::get_if<TargetDelta>(&choice); delta && !(delta->delta > 0 && delta->delta < 1))
    return fail(ErrorCode::invalid_argument, fmt::format("must be in (0, 1) (put deltas are given as positive), got {}", delta->delta),
                fmt::format("{}.delta", field));
  return ok();
}

}  // namespace nightdesk::strategy
