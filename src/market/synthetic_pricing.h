// The synthetic market's theoretical values: Black-Scholes-Merton price and delta from src/pricing,
// adapted to the market's types (nightdesk::OptionRight). Pure; safe from any thread.
#pragma once

#include "common/option_right.h"

namespace nightdesk::market {

struct TheoreticalValue {
  double price = 0;
  double delta = 0;
};

// European BSM with continuous dividend yield (pricing::black_scholes_price_and_delta). years == 0 gives the
// payoff; vol == 0 the discounted intrinsic on the forward.
TheoreticalValue bsm_value(OptionRight right, double spot, double strike, double years, double rate,
                           double dividend, double vol);

}  // namespace nightdesk::market
