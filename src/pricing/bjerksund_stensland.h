// Bjerksund-Stensland closed-form approximations of American option prices (a lower bound on the
// true value). Pure functions; any thread. Inputs are not validated here (see option_pricer.h).
#pragma once

#include "pricing/option_types.h"

namespace nightdesk::pricing {

enum class BjerksundStenslandVersion {
  y1993,  // one flat exercise boundary (QuantLib's BjerksundStenslandApproximationEngine)
  y2002,  // two flat boundaries split at t1 = (sqrt(5)-1)/2 T: tighter, the default
};

// American price on a spot with dividend yield q. Puts use the put-call transformation
// P(S, K, T, r, b, v) = C(K, S, T, r - b, -b, v). When early exercise is never optimal (b >= r for a
// call) the result is the European price. years == 0 gives the payoff; vol == 0 gives the exact
// deterministic value (best exercise date on the forward path).
// Bjerksund, P. and Stensland, G. (2002), "Closed form valuation of American options",
// NHH Discussion paper 2002:9; the 1993 version is in Scandinavian J. of Management 9.
double bjerksund_stensland_price(OptionRight right, const OptionInputs& in,
                                 BjerksundStenslandVersion version = BjerksundStenslandVersion::y2002);

// Value of an American option with zero volatility: the underlying follows its forward, so the
// holder exercises at the best date in [0, T]. Exposed for the binomial tree and tests.
double american_zero_vol_price(OptionRight right, const OptionInputs& in);

}  // namespace nightdesk::pricing
