// Black-Scholes-Merton price and delta for the synthetic market's theoretical values. A seam: it stands in
// for src/pricing until that module is merged, and will then forward to it. Pure; safe from any thread.
#pragma once

#include "common/option_right.h"

namespace nightdesk::market {

struct TheoreticalValue {
  double price = 0;
  double delta = 0;
};

// European BSM with continuous dividend yield. years <= 0 or vol <= 0 gives intrinsic value and a 0/±1 delta.
TheoreticalValue bsm_value(OptionRight right, double spot, double strike, double years, double rate,
                           double dividend, double vol);

}  // namespace nightdesk::market
