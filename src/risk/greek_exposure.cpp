#include "risk/greek_exposure.h"

namespace nightdesk::risk {

GreeksByUnderlying order_greeks(const execution::OrderRequest& order, const std::vector<LegGreeks>& greeks) {
  GreeksByUnderlying out;
  for (std::size_t i = 0; i < order.legs.size() && i < greeks.size(); ++i) {
    const auto& leg = order.legs[i];
    const double shares = static_cast<double>(order.leg_quantity(i).count()) * execution::direction(leg.side) *
                          leg.instrument.multiplier;
    out[leg.instrument.underlying] += GreekExposure{greeks[i].delta * shares, greeks[i].gamma * shares, greeks[i].vega * shares};
  }
  return out;
}

}  // namespace nightdesk::risk
