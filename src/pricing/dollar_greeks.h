// Position-level ("dollar") Greeks: per-option Greeks times contract multiplier times quantity.
// Pure function; any thread. Quantity is signed (short positions negative).
#pragma once

#include "pricing/greeks.h"

namespace nightdesk::pricing {

// Every field of `per_option` scaled by multiplier * quantity: price becomes position value, delta
// becomes share-equivalents, vega currency per 1.00 of vol, and so on. Units stay as in greeks.h.
constexpr Greeks dollar_greeks(const Greeks& per_option, double multiplier, double quantity) {
  const double scale = multiplier * quantity;
  return Greeks{per_option.price * scale, per_option.delta * scale, per_option.gamma * scale,
                per_option.vega * scale,  per_option.theta * scale, per_option.rho * scale,
                per_option.vanna * scale, per_option.volga * scale, per_option.charm * scale};
}

// Delta in currency: share-equivalent delta times the underlying price (exposure of the position).
constexpr double dollar_delta(const Greeks& per_option, double underlying, double multiplier,
                              double quantity) {
  return per_option.delta * underlying * multiplier * quantity;
}

// Gamma in currency for a 1% underlying move: change of dollar delta when the underlying moves 1%.
constexpr double dollar_gamma_one_percent(const Greeks& per_option, double underlying,
                                          double multiplier, double quantity) {
  return per_option.gamma * underlying * underlying * 0.01 * multiplier * quantity;
}

}  // namespace nightdesk::pricing
