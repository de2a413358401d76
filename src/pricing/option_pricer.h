// The module's scalar entry point: validate one option's inputs, then price it with Greeks under
// the chosen model. Pure functions; any thread.
#pragma once

#include "common/error.h"
#include "pricing/greeks.h"
#include "pricing/option_types.h"

namespace nightdesk::pricing {

enum class AmericanEngine {
  bjerksund_stensland_2002,  // closed form, ~microseconds; a slight lower bound
  leisen_reimer_tree,        // binomial reference, ~tens of microseconds per price at 201 steps
};

// How Model::american is priced; Greeks are central finite differences (finite_difference_greeks.h
// kClosedFormBumps for Bjerksund-Stensland, kTreeBumps for the tree).
struct AmericanSettings {
  AmericanEngine engine = AmericanEngine::bjerksund_stensland_2002;
  int tree_steps = 201;
  // false: vanna, charm and rho are left at 0 (7 prices per option instead of 17), for callers that use
  // only price, delta, gamma, theta and vega (the portfolio's Greeks after every quote); those are the same.
  bool second_order = true;
};

// The American price alone (no Greeks) with the chosen engine; inputs are not validated here.
double american_price(OptionRight right, const OptionInputs& in, const AmericanSettings& settings);

// ok, or invalid_argument naming the first bad field: spot_or_forward and strike must be finite and
// > 0, years and vol finite and >= 0, rate and dividend_yield finite.
Status validate_option_inputs(const OptionInputs& in);

// Price and Greeks (units in greeks.h) or the validation error. years == 0 returns the payoff with
// delta (0, 0.5 at the money, or +-1) and zero other Greeks; vol == 0 returns the discounted
// intrinsic on the forward (bsm/black76) or the deterministic American value. Never NaN.
Result<Greeks> price_and_greeks(Model model, OptionRight right, const OptionInputs& in,
                                const AmericanSettings& american = {});

}  // namespace nightdesk::pricing
