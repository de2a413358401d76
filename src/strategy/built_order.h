// BuiltOrder: what an order template produced from a chain: the OrderRequest ready for risk and execution,
// plus what each leg was chosen from (quote, IV, delta) so the API and dashboard can show it. Plain value.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "execution/net_quote.h"
#include "execution/order_request.h"
#include "market/quote.h"

namespace nightdesk::strategy {

struct BuiltLeg {
  execution::OrderLeg leg;
  market::Quote quote;        // the leg's quote at build time
  std::optional<double> iv;     // annualised; nullopt when neither quoted nor solvable (stock legs too)
  std::optional<double> delta;  // per share of the option, from src/pricing; 1 for a stock leg
};

struct BuiltOrder {
  std::string template_name;    // "vertical", "iron_condor", ... or "manual"
  execution::OrderRequest request;  // client_order_id is empty unless the parameters gave one: the engine assigns it
  std::vector<BuiltLeg> legs;   // same order as request.legs
  // The net quote of the order (debit positive for a combo; the instrument's own quote for a single leg).
  execution::NetQuote net;
  // The share-equivalent delta of one unit of the order: sum of ratio * leg delta * multiplier * (+1 buy,
  // -1 sell) (a 0.30-delta call is 30 shares, a share is 1); nullopt when a leg has no delta.
  std::optional<double> net_delta;
};

}  // namespace nightdesk::strategy
