// Black-76 price and Greeks for a European option on a futures or forward price (cost of carry 0).
// Pure functions; any thread. Inputs are not validated here (see option_pricer.h).
#pragma once

#include "pricing/greeks.h"
#include "pricing/option_types.h"

namespace nightdesk::pricing {

// in.spot_or_forward is the forward F; in.dividend_yield is ignored. Delta and gamma are with
// respect to F; rho holds F fixed (rho = -T * price). Same edge cases as black_scholes_greeks.
Greeks black76_greeks(OptionRight right, const OptionInputs& in);

double black76_price(OptionRight right, const OptionInputs& in);

}  // namespace nightdesk::pricing
