#include "risk/order_effect.h"

#include <algorithm>

#include <fmt/format.h>

#include "risk/margin_requirement.h"

namespace nightdesk::risk {
namespace {

std::string leg_name(const market::Instrument& i) {
  auto symbol = i.symbol();
  return symbol ? *symbol : i.underlying;
}

std::int64_t held_quantity(const PositionView& position, const market::Instrument& instrument) {
  std::int64_t held = 0;
  for (const auto& l : position.legs)
    if (l.instrument == instrument) held += l.quantity.count();
  return held;
}

std::optional<Price> held_mark(const PositionView& position, const market::Instrument& instrument) {
  for (const auto& l : position.legs)
    if (l.instrument == instrument) return l.mark;
  return std::nullopt;
}

// Why a leg is not a pure close, or empty when it is.
std::string leg_opens(const HeldLeg& traded, std::int64_t held, std::size_t index) {
  const std::int64_t q = traded.quantity.count();
  const bool against = (q > 0 && held < 0) || (q < 0 && held > 0);
  if (against && (q < 0 ? -q : q) <= (held < 0 ? -held : held)) return {};
  return fmt::format("leg {} {} {} of {} with {} held", index + 1, q > 0 ? "buys" : "sells", q < 0 ? -q : q,
                     leg_name(traded.instrument), held);
}

Money effect_of(std::vector<HeldLeg> legs, Price underlying, ShortPutCollateral short_puts, bool& priced) {
  auto m = margin_requirement(std::move(legs), underlying, short_puts);
  priced = priced && m.has_value();
  return m ? m->buying_power_effect : Money{};
}

}  // namespace

std::string_view to_string(OrderEffect e) { return e == OrderEffect::opening ? "opening" : "risk_reducing"; }

std::vector<HeldLeg> order_legs(const execution::OrderRequest& order, const std::vector<Price>& marks) {
  std::vector<HeldLeg> out;
  for (std::size_t i = 0; i < order.legs.size(); ++i) {
    const auto& leg = order.legs[i];
    const std::int64_t q = order.leg_quantity(i).count() * execution::direction(leg.side);
    out.push_back(HeldLeg{leg.instrument, Quantity(q), i < marks.size() ? marks[i] : Price{}});
  }
  return out;
}

PositionView target_position(const execution::OrderRequest& order, const std::vector<PositionView>& holdings) {
  if (!order.parent_position_id.empty()) {
    for (const auto& p : holdings)
      if (p.position_id == order.parent_position_id) return p;
  }
  PositionView out;
  out.position_id = order.parent_position_id;
  if (!order.legs.empty()) out.underlying = order.legs.front().instrument.underlying;
  for (const auto& p : holdings) {
    for (const auto& l : p.legs) {
      const bool traded = std::any_of(order.legs.begin(), order.legs.end(),
                                      [&](const execution::OrderLeg& o) { return o.instrument == l.instrument; });
      if (!traded) continue;
      out.legs.push_back(l);
      out.underlying_price = p.underlying_price;
    }
  }
  return out;
}

OrderEffectReport classify_order_effect(const execution::OrderRequest& order, const std::vector<PositionView>& holdings,
                                        ShortPutCollateral short_puts) {
  if (order.legs.empty() || order.quantity.count() <= 0) return {OrderEffect::opening, "the order trades nothing"};
  const PositionView target = target_position(order, holdings);
  std::vector<Price> marks;
  for (std::size_t i = 0; i < order.legs.size(); ++i) {
    marks.push_back(held_mark(target, order.legs[i].instrument).value_or(Price{}));
  }
  const auto traded = order_legs(order, marks);
  for (std::size_t i = 0; i < traded.size(); ++i) {
    if (auto why = leg_opens(traded[i], held_quantity(target, traded[i].instrument), i); !why.empty())
      return {OrderEffect::opening, why};
  }
  bool priced = true;
  const Money before = effect_of(target.legs, target.underlying_price, short_puts, priced);
  auto after_legs = target.legs;
  after_legs.insert(after_legs.end(), traded.begin(), traded.end());
  const Money after = effect_of(std::move(after_legs), target.underlying_price, short_puts, priced);
  if (!priced) return {OrderEffect::opening, "the position's requirement cannot be priced"};
  if (after > before)
    return {OrderEffect::opening, fmt::format("closes held quantity but raises the requirement from {} to {}",
                                              before.to_string(), after.to_string())};
  return {OrderEffect::risk_reducing, "closes held quantity"};
}

std::vector<execution::ClientOrderId> opening_orders(const std::vector<execution::OrderRequest>& open_orders,
                                                     const std::vector<PositionView>& holdings,
                                                     ShortPutCollateral short_puts) {
  std::vector<execution::ClientOrderId> out;
  for (const auto& order : open_orders)
    if (classify_order_effect(order, holdings, short_puts).effect == OrderEffect::opening)
      out.push_back(order.client_order_id);
  return out;
}

}  // namespace nightdesk::risk
