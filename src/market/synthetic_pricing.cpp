#include "market/synthetic_pricing.h"

#include "pricing/black_scholes.h"

namespace nightdesk::market {

TheoreticalValue bsm_value(OptionRight right, double spot, double strike, double years, double rate,
                           double dividend, double vol) {
  pricing::OptionInputs in{spot, strike, years, rate, dividend, vol};
  const pricing::PriceAndDelta value = pricing::black_scholes_price_and_delta(right, in);
  return {value.price, value.delta};
}

}  // namespace nightdesk::market
