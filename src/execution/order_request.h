// OrderRequest: what a strategy, the bot or a person asks the engine to trade; a single instrument
// (one leg) or a combo (several legs filled atomically at a net price). Plain value; safe to copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/fixed_point.h"
#include "execution/order_ids.h"
#include "execution/order_terms.h"
#include "market/instrument.h"

namespace nightdesk::execution {

// One leg: `ratio` contracts of `instrument` per unit of the order, bought or sold.
struct OrderLeg {
  market::Instrument instrument;
  std::int32_t ratio = 1;  // >= 1; a 1x2 ratio spread has legs with ratios 1 and 2
  Side side = Side::buy;

  bool operator==(const OrderLeg&) const = default;
};

// Price conventions (per share, Price = 1e-4 USD):
//  - single leg: `limit_price` is the instrument's price, > 0; the leg's side says buy or sell.
//  - combo (2+ legs): `limit_price` is the NET price per unit of the combo,
//        net = sum over legs of ratio * leg price * (+1 buy, -1 sell),
//    so a DEBIT (you pay) is POSITIVE and a CREDIT (you receive) is NEGATIVE. Raising a combo's net
//    price is always the less favourable direction, so a combo behaves like a buy of its net price.
// `quantity` counts units: contracts for a single leg, combos for a combo (leg i trades quantity*ratio_i).
struct OrderRequest {
  ClientOrderId client_order_id;
  std::vector<OrderLeg> legs;  // exactly one for a single-instrument order
  Quantity quantity;           // > 0
  OrderType type = OrderType::limit;
  TimeInForce tif = TimeInForce::day;
  std::optional<Price> limit_price;  // required for limit and stop_limit, absent otherwise
  std::optional<Price> stop_price;   // required for stop and stop_limit (single leg only), absent otherwise
  OrderSource source = OrderSource::strategy;
  std::string parent_position_id;  // the position this order opens, adjusts or closes; empty for a new one
  std::string strategy_tag;        // the strategy (or "manual") that asked, for attribution and metrics

  bool is_combo() const { return legs.size() > 1; }
  // The side of the order's price: the leg's side for a single leg; buy for a combo (debit positive).
  Side price_side() const { return is_combo() || legs.empty() ? Side::buy : legs.front().side; }
  // Contracts of leg `leg` the whole order trades (quantity * ratio).
  Quantity leg_quantity(std::size_t leg) const { return Quantity(quantity.count() * legs.at(leg).ratio); }
  // Checks the request is complete and coherent; the error names the offending field.
  Status validate() const;

  bool operator==(const OrderRequest&) const = default;
};

// The largest number of legs a combo may have (venues accept up to four; a few allow more).
inline constexpr std::size_t kMaxComboLegs = 6;

}  // namespace nightdesk::execution
