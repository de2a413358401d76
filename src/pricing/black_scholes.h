// Black-Scholes-Merton price and Greeks for a European option on a spot with continuous dividend
// yield q. Pure functions; any thread. Inputs are not validated here (see option_pricer.h).
#pragma once

#include "pricing/greeks.h"
#include "pricing/option_types.h"

namespace nightdesk::pricing {

// Price and all Greeks (units in greeks.h); rho holds q fixed. Valid inputs give finite results,
// including years == 0 (payoff) and vol == 0 (discounted intrinsic on the forward).
Greeks black_scholes_greeks(OptionRight right, const OptionInputs& in);

// Just the price, and the price with delta: the same arithmetic as black_scholes_greeks (bit-identical
// values), without the cost of the Greeks not asked for.
double black_scholes_price(OptionRight right, const OptionInputs& in);

struct PriceAndDelta {
  double price = 0;
  double delta = 0;
};
PriceAndDelta black_scholes_price_and_delta(OptionRight right, const OptionInputs& in);

}  // namespace nightdesk::pricing
