#include "store/venue_records.h"

#include "store/payload_fields.h"
#include "store/record_kind.h"

namespace nightdesk::store {
namespace {

using payload::Json;

Json write_position(const broker::BrokerPosition& p) {
  return Json{{"instrument", payload::write(p.instrument)}, {"quantity", payload::write(p.quantity)},
              {"cost", payload::write(p.cost)}, {"realized_pnl", payload::write(p.realized_pnl)}};
}

broker::BrokerPosition read_position(const Json& o) {
  return broker::BrokerPosition{payload::read_instrument(o.at("instrument")), payload::read_quantity(o, "quantity"),
                                payload::read_money(o, "cost"), payload::read_money(o, "realized_pnl")};
}

Json write_order(const broker::BrokerOrder& o) {
  return Json{{"request", payload::write(o.request)}, {"order_id", o.order_id.value()}, {"filled", payload::write(o.filled)}};
}

broker::BrokerOrder read_order(const Json& o) {
  return broker::BrokerOrder{payload::read_order_request(o.at("request")), execution::OrderId(payload::read_string(o, "order_id")),
                             payload::read_quantity(o, "filled")};
}

std::uint64_t read_counter(const Json& o, std::string_view field) {
  std::int64_t v = payload::read_int(o, field);
  if (v < 1) throw payload::PayloadError(std::string(field), std::string(field) + ": must be >= 1");
  return static_cast<std::uint64_t>(v);
}

}  // namespace

JournalEntry encode(const VenueSnapshot& s) {
  Json positions = Json::array();
  for (const auto& p : s.state.ledger.positions) positions.push_back(write_position(p));
  Json orders = Json::array();
  for (const auto& o : s.state.open_orders) orders.push_back(write_order(o));
  Json j{{"ledger",
          {{"positions", std::move(positions)},
           {"cash", payload::write(s.state.ledger.cash)},
           {"fees_paid", payload::write(s.state.ledger.fees_paid)},
           {"realized_pnl", payload::write(s.state.ledger.realized_pnl)}}},
         {"open_orders", std::move(orders)},
         {"next_order_number", s.state.next_order_number},
         {"next_fill_number", s.state.next_fill_number}};
  return {s.time, std::string(kinds::kVenueState), s.venue, j.dump()};
}

Result<VenueSnapshot> decode_venue_snapshot(const JournalEntry& entry) {
  return payload::decode_payload<VenueSnapshot>(entry, kinds::kVenueState, [&](const Json& o) {
    VenueSnapshot s{entry.entity_id, entry.engine_time, {}};
    const Json& ledger = o.at("ledger");
    for (const Json& p : ledger.at("positions")) s.state.ledger.positions.push_back(read_position(p));
    s.state.ledger.cash = payload::read_money(ledger, "cash");
    s.state.ledger.fees_paid = payload::read_money(ledger, "fees_paid");
    s.state.ledger.realized_pnl = payload::read_money(ledger, "realized_pnl");
    for (const Json& order : o.at("open_orders")) s.state.open_orders.push_back(read_order(order));
    s.state.next_order_number = read_counter(o, "next_order_number");
    s.state.next_fill_number = read_counter(o, "next_fill_number");
    return s;
  });
}

}  // namespace nightdesk::store
