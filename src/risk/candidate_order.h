// CandidateOrder: an order the engine is about to send, with the market data the pre-trade check needs for
// each leg. Plain value; safe to copy across threads.
#pragma once

#include <vector>

#include "common/fixed_point.h"
#include "execution/order_request.h"
#include "risk/greek_exposure.h"

namespace nightdesk::risk {

// One leg's market, per share of one contract (greek_exposure.h has the units).
struct LegMarket {
  Price mark;  // mid (or last) of the leg's instrument
  LegGreeks greeks;
};

struct CandidateOrder {
  execution::OrderRequest request;
  std::vector<LegMarket> legs;  // one per request.legs, in the same order
  Price underlying_price;       // needed for a short option's Reg-T requirement

  // The price each leg is assumed to trade at: a single-leg limit order at its limit, anything else at the
  // legs' marks (a combo's net limit cannot be split between legs).
  std::vector<Price> leg_prices() const;
};

}  // namespace nightdesk::risk
