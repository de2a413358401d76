#include "portfolio/position_order.h"

#include <cstdlib>

#include <fmt/format.h>

namespace nightdesk::portfolio {
namespace {

constexpr Price kMinimumSingleLegLimit = Price::from_units(100);  // $0.01

}  // namespace

Result<execution::OrderRequest> make_position_order(const std::vector<SignedLeg>& legs, Quantity units,
                                                   const OrderIdentity& identity) {
  if (legs.empty()) return fail(ErrorCode::invalid_argument, "an order needs at least one leg", "legs");
  if (units.count() <= 0) return fail(ErrorCode::invalid_argument, fmt::format("units must be > 0, got {}", units.count()), "units");
  execution::OrderRequest request;
  request.client_order_id = execution::ClientOrderId(identity.client_order_id);
  request.parent_position_id = identity.position_id;
  request.source = identity.source;
  request.strategy_tag = identity.strategy_tag;
  request.type = execution::OrderType::limit;
  request.tif = execution::TimeInForce::day;

  std::int64_t net_units = 0;
  for (std::size_t i = 0; i < legs.size(); ++i) {
    const SignedLeg& leg = legs[i];
    if (leg.contracts_per_unit == 0)
      return fail(ErrorCode::invalid_argument, "a leg trades at least one contract per unit", fmt::format("legs[{}]", i));
    if (!leg.mark) return fail(ErrorCode::unavailable, "no mark to price the leg", fmt::format("legs[{}].mark", i));
    auto side = leg.contracts_per_unit > 0 ? execution::Side::buy : execution::Side::sell;
    auto ratio = std::llabs(leg.contracts_per_unit);
    request.legs.push_back(execution::OrderLeg{leg.instrument, static_cast<std::int32_t>(ratio), side});
    auto leg_net = fixed_point::checked_mul(leg.mark->units(), leg.contracts_per_unit);
    if (!leg_net) return std::unexpected(leg_net.error());
    auto sum = fixed_point::checked_add(net_units, *leg_net);
    if (!sum) return std::unexpected(sum.error());
    net_units = *sum;
  }
  if (request.legs.size() == 1) {
    // A single-leg order has ratio 1: the contracts go into the quantity.
    auto quantity = fixed_point::checked_mul(units.count(), request.legs.front().ratio);
    if (!quantity) return std::unexpected(quantity.error());
    request.quantity = Quantity(*quantity);
    request.legs.front().ratio = 1;
    request.limit_price = std::max(*legs.front().mark, kMinimumSingleLegLimit);
  } else {
    request.quantity = units;
    request.limit_price = Price::from_units(net_units);
  }
  if (auto valid = request.validate(); !valid) return std::unexpected(valid.error());
  return request;
}

std::vector<SignedLeg> closing_legs(const Position& position) {
  UnitShape shape = position.unit_shape();
  std::vector<SignedLeg> legs;
  for (std::size_t i = 0; i < position.legs().size(); ++i) {
    const PositionLeg& leg = position.legs()[i];
    legs.push_back(SignedLeg{leg.instrument, -shape.ratios[i], leg.mark});
  }
  return legs;
}

}  // namespace nightdesk::portfolio
