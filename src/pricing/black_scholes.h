// Black-Scholes-Merton price and Greeks for a European option on a spot with continuous dividend
// yield q. Pure functions; any thread. Inputs are not validated here (see option_pricer.h).
#pragma once

#include "pricing/greeks.h"
#include "pricing/option_types.h"

namespace nightdesk::pricing {

// Price and all Greeks (units in greeks.h); rho holds q fixed. Valid inputs give finite results,
// including years == 0 (payoff) and vol == 0 (discounted intrinsic on the forward).
Greeks black_scholes_greeks(OptionRight right, const OptionInputs& in);

// Just the price (same arithmetic as black_scholes_greeks).
double black_scholes_price(OptionRight right, const OptionInputs& in);

}  // namespace nightdesk::pricing
