#include "execution/order.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace nightdesk::execution {

void Order::renew(OrderRequest&& req, Timestamp created) {
  request = std::move(req);
  order_id = OrderId();
  state = OrderState::new_order;
  created_time = created;
  leg_fills.assign(request.legs.size(), FillAverage{});
  fills.clear();
  fees = Money();
  pending_replace.reset();
  replace_count = 0;
  cancel_requests = 0;
  history.clear();
}

Quantity Order::filled_quantity() const {
  if (leg_fills.empty()) return Quantity(0);
  std::int64_t units = std::numeric_limits<std::int64_t>::max();
  for (std::size_t i = 0; i < leg_fills.size(); ++i)
    units = std::min(units, leg_fills[i].quantity().count() / request.legs[i].ratio);
  return Quantity(units);
}

Quantity Order::leaves_quantity() const {
  return Quantity(std::max<std::int64_t>(0, request.quantity.count() - filled_quantity().count()));
}

bool Order::is_complete() const {
  for (std::size_t i = 0; i < leg_fills.size(); ++i)
    if (leg_fills[i].quantity().count() < request.leg_quantity(i).count()) return false;
  return !leg_fills.empty();
}

Result<Price> Order::leg_average_fill_price(std::size_t leg, Rounding rounding) const {
  if (leg >= leg_fills.size())
    return fail(ErrorCode::out_of_range, fmt::format("leg {} of a {}-leg order", leg, leg_fills.size()), "leg");
  return leg_fills[leg].average(rounding);
}

Result<Price> Order::average_fill_price(Rounding rounding) const {
  if (!request.is_combo()) return leg_average_fill_price(0, rounding);
  std::int64_t units = filled_quantity().count();
  if (units == 0) return fail(ErrorCode::not_found, "no complete combo unit filled yet", "average_fill_price");
  bool proportional = true;
  for (std::size_t i = 0; i < leg_fills.size(); ++i)
    proportional = proportional && leg_fills[i].quantity().count() == units * request.legs[i].ratio;
  if (proportional) {
    std::int64_t net = 0;
    for (std::size_t i = 0; i < leg_fills.size(); ++i) {
      auto signed_sum = fixed_point::checked_mul(leg_fills[i].price_quantity_units(), direction(request.legs[i].side));
      auto sum = signed_sum ? fixed_point::checked_add(net, *signed_sum) : signed_sum;
      if (!sum) return std::unexpected(sum.error());
      net = *sum;
    }
    auto avg = fixed_point::divide(net, units, rounding);
    if (!avg) return std::unexpected(avg.error());
    return Price::from_units(*avg);
  }
  // Legs out of proportion (a venue that fills legs separately): combine the rounded leg averages.
  Price net;
  for (std::size_t i = 0; i < leg_fills.size(); ++i) {
    auto leg_avg = leg_fills[i].average(rounding);
    if (!leg_avg) return std::unexpected(leg_avg.error());
    auto scaled = leg_avg->checked_times(std::int64_t{request.legs[i].ratio} * direction(request.legs[i].side));
    if (!scaled) return std::unexpected(scaled.error());
    auto sum = net.checked_add(*scaled);
    if (!sum) return std::unexpected(sum.error());
    net = *sum;
  }
  return net;
}

}  // namespace nightdesk::execution
