#include "pricing/black76.h"

#include "pricing/european_kernel.h"

namespace nightdesk::pricing {

Greeks black76_greeks(OptionRight right, const OptionInputs& in) {
  const double sign = right == OptionRight::call ? 1.0 : -1.0;
  return european_greeks_kernel(in.spot_or_forward, in.strike, in.years, in.rate, 0.0, in.vol, sign,
                                1.0);
}

double black76_price(OptionRight right, const OptionInputs& in) { return black76_greeks(right, in).price; }

}  // namespace nightdesk::pricing
