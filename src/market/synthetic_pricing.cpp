#include "market/synthetic_pricing.h"

#include "pricing/black_scholes.h"

namespace nightdesk::market {

TheoreticalValue bsm_value(OptionRight right, double spot, double strike, double years, double rate,
                           double dividend, double vol) {
  pricing::OptionInputs in{spot, strike, years, rate, dividend, vol};
  auto greeks = pricing::black_scholes_greeks(right, in);
  return {greeks.price, greeks.delta};
}

}  // namespace nightdesk::market
