#include "portfolio/close_amount.h"

#include <fmt/format.h>

#include "portfolio/close_quantity.h"

namespace nightdesk::portfolio {

Result<Quantity> units_to_close(const CloseAmount& amount, Quantity held) {
  if (amount.units.has_value() == amount.percent.has_value())
    return fail(ErrorCode::invalid_argument, "give either a quantity or a pct to close, not both or neither", "quantity");
  if (amount.units) {
    const Quantity units = *amount.units;
    if (units.count() < 1) return fail(ErrorCode::invalid_argument, fmt::format("must be >= 1, got {}", units.count()), "quantity");
    if (units > held)
      return fail(ErrorCode::invalid_argument, fmt::format("{} units asked, only {} held", units.count(), held.count()), "quantity");
    return units;
  }
  const Percent pct = *amount.percent;
  if (pct <= Percent() || pct > Percent::points(100))
    return fail(ErrorCode::invalid_argument, fmt::format("must be more than 0% and at most 100%, got {}", pct.to_string()), "pct");
  const Quantity units = close_quantity(held, pct);
  if (units.count() == 0)
    return fail(ErrorCode::invalid_argument,
                fmt::format("{} of {} units held rounds down to 0 units; close at least one unit", pct.to_string(), held.count()), "pct");
  return units;
}

}  // namespace nightdesk::portfolio
