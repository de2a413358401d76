#include "engine/settlement_trades.h"

#include <fmt/format.h>

namespace nightdesk::engine {
namespace {

SettlementTrade trade(const std::string& position_id, const market::Instrument& instrument, std::int64_t signed_quantity,
                      Price price, const broker::ExpirySettlement& s, std::string_view what) {
  // Named after the settling option (its OCC symbol carries the expiry, strike and right), so each
  // settlement's trades are unique: a position assigned on a put and later on a call gets two deliveries.
  const std::string tag =
      fmt::format("expiry-{}-{}-{}", what, s.instrument.symbol().value_or(s.instrument.underlying), position_id);
  SettlementTrade t;
  t.order.client_order_id = execution::ClientOrderId(tag);
  t.order.legs = {execution::OrderLeg{instrument, 1, signed_quantity > 0 ? execution::Side::buy : execution::Side::sell}};
  t.order.quantity = Quantity(std::abs(signed_quantity));
  t.order.type = execution::OrderType::market;
  t.order.source = execution::OrderSource::bot_management;
  t.order.parent_position_id = position_id;
  t.order.strategy_tag = "expiry";
  t.fill.client_order_id = t.order.client_order_id;
  t.fill.fill_id = tag;
  t.fill.quantity = t.order.quantity;
  t.fill.price = price;
  t.fill.venue_time = s.time;
  t.fill.engine_time = s.time;
  return t;
}

}  // namespace

std::vector<SettlementTrade> settlement_trades(const broker::ExpirySettlement& s, const portfolio::Portfolio& portfolio) {
  std::vector<SettlementTrade> out;
  const std::int64_t venue_quantity = s.quantity.count();
  for (const auto& [id, position] : portfolio.positions()) {
    const portfolio::PositionLeg* leg = position.leg(s.instrument);
    if (leg == nullptr || leg->quantity.count() == 0) continue;
    const std::int64_t held = leg->quantity.count();
    out.push_back(trade(id, s.instrument, -held, s.intrinsic, s, "close"));
    if (s.stock_quantity.count() != 0 && venue_quantity != 0) {
      const std::int64_t shares = s.stock_quantity.count() * held / venue_quantity;
      if (shares != 0) out.push_back(trade(id, market::Instrument::stock(s.instrument.underlying), shares, s.underlying_price, s, "delivery"));
    }
  }
  return out;
}

}  // namespace nightdesk::engine
