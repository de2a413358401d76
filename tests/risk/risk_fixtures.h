// Small builders for risk tests: instruments, legs and prices in dollars.
#pragma once

#include <chrono>
#include <string>

#include "common/fixed_point.h"
#include "market/instrument.h"
#include "risk/position_view.h"

namespace nightdesk::risk::testing {

inline Price dollars(double d) { return *Price::from_double(d, Rounding::nearest); }
inline Money usd(double d) { return *Money::from_double(d, Rounding::nearest); }

inline Date near_expiry() { return std::chrono::year(2025) / std::chrono::January / 17; }
inline Date far_expiry() { return std::chrono::year(2025) / std::chrono::February / 21; }

inline market::Instrument option(const std::string& underlying, double strike, OptionRight right,
                                 Date expiry = near_expiry()) {
  return market::Instrument::option(underlying, expiry, dollars(strike), right);
}
inline market::Instrument call(double strike, Date expiry = near_expiry()) {
  return option("XYZ", strike, OptionRight::call, expiry);
}
inline market::Instrument put(double strike, Date expiry = near_expiry()) {
  return option("XYZ", strike, OptionRight::put, expiry);
}
inline market::Instrument shares() { return market::Instrument::stock("XYZ"); }

inline HeldLeg leg(market::Instrument instrument, std::int64_t quantity, double mark) {
  return HeldLeg{std::move(instrument), Quantity(quantity), dollars(mark)};
}

inline PositionView position(std::string id, double underlying_price, std::vector<HeldLeg> legs) {
  return PositionView{std::move(id), "XYZ", dollars(underlying_price), std::move(legs)};
}

}  // namespace nightdesk::risk::testing

#include "execution/order_request.h"

namespace nightdesk::risk::testing {

inline execution::OrderLeg order_leg(market::Instrument instrument, execution::Side side, std::int32_t ratio = 1) {
  return execution::OrderLeg{std::move(instrument), ratio, side};
}

// A limit order; `net` is the leg's price for one leg, the combo's net price (debit positive) otherwise.
inline execution::OrderRequest limit_order(std::string id, std::vector<execution::OrderLeg> legs, std::int64_t quantity,
                                           double net, std::string parent = {}) {
  execution::OrderRequest r;
  r.client_order_id = execution::ClientOrderId(std::move(id));
  r.legs = std::move(legs);
  r.quantity = Quantity(quantity);
  r.limit_price = dollars(net);
  r.parent_position_id = std::move(parent);
  return r;
}

}  // namespace nightdesk::risk::testing
