// Greeks of one leg from its quote: the feed's IV when it sent one, else the IV solved from the mark (the
// quote's mid), then price and Greeks from src/pricing. Never NaN: a mark with no solution is an error.
// Pure; any thread.
#pragma once

#include <optional>

#include "common/error.h"
#include "common/fixed_point.h"
#include "market/instrument.h"
#include "pricing/greeks.h"
#include "portfolio/pricing_assumptions.h"

namespace nightdesk::portfolio {

struct LegGreeks {
  // Units of pricing/greeks.h (theta per year, vega per 1.00 of vol). American legs: vanna, charm and rho
  // are not computed (0); nothing here uses them.
  pricing::Greeks per_share;
  double iv = 0;              // the volatility used; 0 for an underlying leg
  bool iv_solved = false;     // true when solved from the mark, false when the feed's IV was used
};

// `spot` > 0 is the underlying's price; `years` >= 0 to expiry (calendar). An underlying leg has delta 1
// and price = spot. Errors: invalid_argument for bad inputs (names the field), and the pricing library's
// error when no IV reproduces the mark (e.g. below intrinsic: field "price").
Result<LegGreeks> leg_greeks(const market::Instrument& instrument, Price mark, std::optional<double> quoted_iv,
                             double spot, double years, const PricingAssumptions& assumptions);

}  // namespace nightdesk::portfolio
