#include "pricing/black_scholes.h"

#include "pricing/european_kernel.h"

namespace nightdesk::pricing {

Greeks black_scholes_greeks(OptionRight right, const OptionInputs& in) {
  const double sign = right == OptionRight::call ? 1.0 : -1.0;
  return european_greeks_kernel(in.spot_or_forward, in.strike, in.years, in.rate,
                                in.rate - in.dividend_yield, in.vol, sign, 0.0);
}

// The kernel is always inlined: what is not returned is dropped as dead code.
double black_scholes_price(OptionRight right, const OptionInputs& in) {
  const double sign = right == OptionRight::call ? 1.0 : -1.0;
  return european_greeks_kernel(in.spot_or_forward, in.strike, in.years, in.rate, in.rate - in.dividend_yield,
                                in.vol, sign, 0.0).price;
}

PriceAndDelta black_scholes_price_and_delta(OptionRight right, const OptionInputs& in) {
  const double sign = right == OptionRight::call ? 1.0 : -1.0;
  const Greeks g = european_greeks_kernel(in.spot_or_forward, in.strike, in.years, in.rate,
                                          in.rate - in.dividend_yield, in.vol, sign, 0.0);
  return {g.price, g.delta};
}

}  // namespace nightdesk::pricing
