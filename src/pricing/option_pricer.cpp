#include "pricing/option_pricer.h"

#include <cmath>

#include <fmt/format.h>

#include "pricing/binomial_tree.h"
#include "pricing/bjerksund_stensland.h"
#include "pricing/black76.h"
#include "pricing/black_scholes.h"
#include "pricing/finite_difference_greeks.h"

namespace nightdesk::pricing {
namespace {

enum class Bound { positive, non_negative, any };

Status check(double value, Bound bound, const char* field) {
  const bool finite = std::isfinite(value);
  const bool in_range = bound == Bound::positive ? value > 0.0 : bound == Bound::non_negative ? value >= 0.0 : true;
  if (finite && in_range) return ok();
  const char* rule = bound == Bound::positive ? "must be finite and > 0"
                     : bound == Bound::non_negative ? "must be finite and >= 0"
                                                    : "must be finite";
  return fail(ErrorCode::invalid_argument, fmt::format("{}, got {}", rule, value), field);
}

Greeks american_greeks(OptionRight right, const OptionInputs& in, const AmericanSettings& settings) {
  auto price = [&](const OptionInputs& x) { return american_price(right, x, settings); };
  bool tree = settings.engine == AmericanEngine::leisen_reimer_tree;
  return finite_difference_greeks(price, in, tree ? kTreeBumps : kClosedFormBumps, settings.second_order);
}

}  // namespace

double american_price(OptionRight right, const OptionInputs& in, const AmericanSettings& settings) {
  if (settings.engine == AmericanEngine::leisen_reimer_tree)
    return leisen_reimer_price(right, ExerciseStyle::american, in, settings.tree_steps);
  return bjerksund_stensland_price(right, in);
}

Status validate_option_inputs(const OptionInputs& in) {
  for (const Status& s : {check(in.spot_or_forward, Bound::positive, "spot_or_forward"),
                          check(in.strike, Bound::positive, "strike"), check(in.years, Bound::non_negative, "years"),
                          check(in.rate, Bound::any, "rate"), check(in.dividend_yield, Bound::any, "dividend_yield"),
                          check(in.vol, Bound::non_negative, "vol")}) {
    if (!s) return s;
  }
  return ok();
}

Result<Greeks> price_and_greeks(Model model, OptionRight right, const OptionInputs& in,
                                const AmericanSettings& american) {
  if (Status valid = validate_option_inputs(in); !valid) return std::unexpected(valid.error());
  switch (model) {
    case Model::bsm: return black_scholes_greeks(right, in);
    case Model::black76: return black76_greeks(right, in);
    case Model::american:
      if (american.tree_steps < 1 || american.tree_steps > 100'000) {
        return fail(ErrorCode::invalid_argument, fmt::format("tree_steps must be in [1, 100000], got {}",
                                                             american.tree_steps), "tree_steps");
      }
      // At expiry there is no exercise decision left: the payoff and its delta, as for Europeans.
      if (in.years == 0.0) return black_scholes_greeks(right, in);
      return american_greeks(right, in, american);
  }
  return fail(ErrorCode::invalid_argument, "unknown model", "model");
}

}  // namespace nightdesk::pricing
