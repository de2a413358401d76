// Greek exposure per underlying, and what an order adds to it. Plain values and pure functions; any thread.
//
// Units (stated once, used by RiskLimits too):
//   LegGreeks: per share of one contract, as a pricing model gives them: delta (0.45), gamma (per $1 move of
//     the underlying), vega (dollars per one volatility point). Stock: delta 1, gamma 0, vega 0.
//   GreekExposure: summed over legs as greek x signed contracts x multiplier: delta and gamma in share
//     equivalents, vega in dollars per volatility point.
// Greeks are model values, so doubles; no money is summed here.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "execution/order_request.h"

namespace nightdesk::risk {

struct LegGreeks {
  double delta = 0;
  double gamma = 0;
  double vega = 0;
};

struct GreekExposure {
  double delta = 0;
  double gamma = 0;
  double vega = 0;

  GreekExposure& operator+=(const GreekExposure& o) {
    delta += o.delta;
    gamma += o.gamma;
    vega += o.vega;
    return *this;
  }
};

using GreeksByUnderlying = std::map<std::string, GreekExposure, std::less<>>;

// What `order` adds per underlying when it fills in full; `greeks` has one entry per order leg.
GreeksByUnderlying order_greeks(const execution::OrderRequest& order, const std::vector<LegGreeks>& greeks);

}  // namespace nightdesk::risk
