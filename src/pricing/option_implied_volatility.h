// The module's scalar implied-volatility entry point for every model, mirroring option_pricer.h:
// European models by Let's Be Rational (implied_volatility.h), American by a bracketed root search
// (TOMS 748) over the American price. Pure functions; any thread.
#pragma once

#include "common/error.h"
#include "pricing/option_pricer.h"
#include "pricing/option_types.h"

namespace nightdesk::pricing {

// The volatility at which `model` prices the option at `price` (inputs.vol is ignored). Errors name the
// field: "price" below the lowest reachable value (intrinsic; for American the zero-volatility value) or at
// or above the upper bound, "years" for zero time, and any invalid input. Never NaN.
Result<double> implied_volatility(Model model, OptionRight right, double price, const OptionInputs& inputs,
                                  const AmericanSettings& american = {});

// American implied volatility: solves american_price(vol) = price on [0, 10] (0% to 1000%), to a relative
// price accuracy of about 1e-12 for Bjerksund-Stensland (the tree's own discretisation is coarser).
Result<double> american_implied_volatility(OptionRight right, double price, const OptionInputs& inputs,
                                           const AmericanSettings& american = {});

}  // namespace nightdesk::pricing
