// CloseAmount: how much of a position a person asks to close (POST /positions/{id}/close): a number of
// position units, or a percentage of the units held (rounded down by the ladder's close-quantity rule).
// Pure; any thread.
#pragma once

#include <optional>

#include "common/error.h"
#include "common/fixed_point.h"
#include "portfolio/percent.h"

namespace nightdesk::portfolio {

struct CloseAmount {
  std::optional<Quantity> units;   // "quantity": position units (spreads, contracts of a single leg)
  std::optional<Percent> percent;  // "pct": of the units held; 100% closes everything

  static CloseAmount all() { return CloseAmount{std::nullopt, Percent::points(100)}; }
};

// The units to close out of `held` (> 0). invalid_argument naming "quantity" when neither or both are given,
// or the units are not in [1, held]; naming "pct" when the percentage is not in (0%, 100%] or rounds down to
// no unit (floor(held x pct) = 0: 30% of 1 unit closes nothing, as the ladder would skip it).
Result<Quantity> units_to_close(const CloseAmount& amount, Quantity held);

}  // namespace nightdesk::portfolio
