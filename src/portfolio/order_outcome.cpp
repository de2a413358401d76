#include "portfolio/order_outcome.h"

namespace nightdesk::portfolio {

Result<OrderOutcome> outcome_of(const execution::Order& order) {
  OrderOutcome out;
  out.client_order_id = order.client_order_id().value();
  out.ordered = order.request.quantity;
  out.filled = order.filled_quantity();
  out.fees = order.fees;
  for (const execution::Fill& fill : order.fills) {
    const execution::OrderLeg& leg = order.request.legs.at(fill.leg);
    auto cash = notional(fill.price, fill.quantity, leg.instrument.multiplier);
    if (!cash) return std::unexpected(cash.error());
    auto sum = leg.side == execution::Side::buy ? out.net_cost.checked_add(*cash) : out.net_cost.checked_sub(*cash);
    if (!sum) return std::unexpected(sum.error());
    out.net_cost = *sum;
  }
  if (!order.history.empty()) out.reason = order.history.back().reason;
  return out;
}

}  // namespace nightdesk::portfolio
