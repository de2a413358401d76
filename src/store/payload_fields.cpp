#include "store/payload_fields.h"

#include <array>

#include <fmt/format.h>

namespace nightdesk::store::payload {
namespace {

using execution::OrderEvent;
using execution::OrderState;

[[noreturn]] void bad(std::string_view field, const std::string& message) {
  throw PayloadError(std::string(field), fmt::format("{}: {}", field, message));
}

const Json& member(const Json& object, std::string_view field) {
  auto it = object.find(field);
  if (it == object.end()) bad(field, "missing");
  return *it;
}

template <class Enum, std::size_t N>
Enum read_enum(const Json& object, std::string_view field, const std::array<Enum, N>& values) {
  std::string text = read_string(object, field);
  for (Enum v : values)
    if (to_string(v) == text) return v;
  bad(field, fmt::format("unknown value '{}'", text));
}

template <class Enum, int N>
constexpr std::array<Enum, N> all_values() {
  std::array<Enum, N> out{};
  for (int i = 0; i < N; ++i) out[static_cast<std::size_t>(i)] = static_cast<Enum>(i);
  return out;
}

std::string_view name_of(market::InstrumentKind k) { return k == market::InstrumentKind::option ? "option" : "underlying"; }
std::string_view name_of(market::ExerciseStyle s) { return s == market::ExerciseStyle::european ? "european" : "american"; }
std::string_view name_of(market::Settlement s) { return s == market::Settlement::cash ? "cash" : "physical"; }

template <class Enum>
Enum read_named(const Json& object, std::string_view field, Enum first, Enum second) {
  std::string text = read_string(object, field);
  if (text == name_of(first)) return first;
  if (text == name_of(second)) return second;
  bad(field, fmt::format("unknown value '{}'", text));
}

template <class T, class Parse>
T read_parsed(const Json& object, std::string_view field, Parse parse) {
  std::string text = read_string(object, field);
  std::optional<T> value = parse(text);
  if (!value) bad(field, fmt::format("unknown value '{}'", text));
  return *value;
}

template <class Decimal>
Decimal read_decimal(const Json& object, std::string_view field) {
  auto value = Decimal::parse(read_string(object, field));
  if (!value) bad(field, value.error().message);
  return *value;
}

}  // namespace

Json write(Price p) { return fixed_point::format_units(p.units(), 0); }
Json write(Money m) { return fixed_point::format_units(m.units(), 0); }
Json write(Quantity q) { return q.count(); }
Json write(Timestamp t) { return to_unix_nanos(t); }
Json write(Date d) { return d.ok() ? Json(format_date(d)) : Json(nullptr); }

Json write(const market::Instrument& i) {
  return Json{{"kind", name_of(i.kind)},         {"underlying", i.underlying},
              {"expiry", write(i.expiry)},       {"strike", write(i.strike)},
              {"right", to_string(i.right)},     {"style", name_of(i.style)},
              {"settlement", name_of(i.settlement)}, {"multiplier", i.multiplier}};
}

Json write(const execution::OrderRequest& r) {
  Json legs = Json::array();
  for (const auto& leg : r.legs)
    legs.push_back(Json{{"instrument", write(leg.instrument)}, {"ratio", leg.ratio}, {"side", to_string(leg.side)}});
  return Json{{"client_order_id", r.client_order_id.value()},
              {"legs", std::move(legs)},
              {"quantity", write(r.quantity)},
              {"type", to_string(r.type)},
              {"tif", to_string(r.tif)},
              {"limit_price", write(r.limit_price)},
              {"stop_price", write(r.stop_price)},
              {"source", to_string(r.source)},
              {"parent_position_id", r.parent_position_id},
              {"strategy_tag", r.strategy_tag}};
}

Json write(const execution::Fill& f) {
  return Json{{"order_id", f.order_id.value()},     {"client_order_id", f.client_order_id.value()},
              {"fill_id", f.fill_id},               {"leg", f.leg},
              {"quantity", write(f.quantity)},      {"price", write(f.price)},
              {"fees", write(f.fees)},              {"venue_time", write(f.venue_time)},
              {"engine_time", write(f.engine_time)}};
}

Json write(const execution::OrderTransition& t) {
  return Json{{"from", to_string(t.from)},         {"to", to_string(t.to)},
              {"event", to_string(t.event)},       {"engine_time", write(t.engine_time)},
              {"venue_time", write(t.venue_time)}, {"reason", t.reason}};
}

std::string read_string(const Json& object, std::string_view field) {
  const Json& v = member(object, field);
  if (!v.is_string()) bad(field, "expected a string");
  return v.get<std::string>();
}

std::int64_t read_int(const Json& object, std::string_view field) {
  const Json& v = member(object, field);
  if (!v.is_number_integer()) bad(field, "expected an integer");
  return v.get<std::int64_t>();
}

Price read_price(const Json& object, std::string_view field) { return read_decimal<Price>(object, field); }
Money read_money(const Json& object, std::string_view field) { return read_decimal<Money>(object, field); }
Quantity read_quantity(const Json& object, std::string_view field) { return Quantity(read_int(object, field)); }
Timestamp read_time(const Json& object, std::string_view field) { return from_unix_nanos(read_int(object, field)); }

std::optional<Timestamp> read_optional_time(const Json& object, std::string_view field) {
  if (member(object, field).is_null()) return std::nullopt;
  return read_time(object, field);
}

std::optional<Price> read_optional_price(const Json& object, std::string_view field) {
  if (member(object, field).is_null()) return std::nullopt;
  return read_price(object, field);
}

Date read_date(const Json& object, std::string_view field) {
  if (member(object, field).is_null()) return Date{};
  auto d = parse_date(read_string(object, field));
  if (!d) bad(field, d.error().message);
  return *d;
}

market::Instrument read_instrument(const Json& o) {
  market::Instrument i;
  i.kind = read_named(o, "kind", market::InstrumentKind::underlying, market::InstrumentKind::option);
  i.underlying = read_string(o, "underlying");
  i.expiry = read_date(o, "expiry");
  i.strike = read_price(o, "strike");
  i.right = read_parsed<OptionRight>(o, "right", [](std::string_view t) { return parse_option_right(t); });
  i.style = read_named(o, "style", market::ExerciseStyle::american, market::ExerciseStyle::european);
  i.settlement = read_named(o, "settlement", market::Settlement::physical, market::Settlement::cash);
  i.multiplier = static_cast<std::int32_t>(read_int(o, "multiplier"));
  return i;
}

execution::OrderRequest read_order_request(const Json& o) {
  execution::OrderRequest r;
  r.client_order_id = execution::ClientOrderId(read_string(o, "client_order_id"));
  const Json& legs = member(o, "legs");
  if (!legs.is_array()) bad("legs", "expected an array");
  for (const Json& leg : legs) {
    execution::OrderLeg l;
    l.instrument = read_instrument(member(leg, "instrument"));
    l.ratio = static_cast<std::int32_t>(read_int(leg, "ratio"));
    l.side = read_parsed<execution::Side>(leg, "side", execution::parse_side);
    r.legs.push_back(std::move(l));
  }
  r.quantity = read_quantity(o, "quantity");
  r.type = read_parsed<execution::OrderType>(o, "type", execution::parse_order_type);
  r.tif = read_parsed<execution::TimeInForce>(o, "tif", execution::parse_time_in_force);
  r.limit_price = read_optional_price(o, "limit_price");
  r.stop_price = read_optional_price(o, "stop_price");
  r.source = read_parsed<execution::OrderSource>(o, "source", execution::parse_order_source);
  r.parent_position_id = read_string(o, "parent_position_id");
  r.strategy_tag = read_string(o, "strategy_tag");
  return r;
}

execution::Fill read_fill(const Json& o) {
  execution::Fill f;
  f.order_id = execution::OrderId(read_string(o, "order_id"));
  f.client_order_id = execution::ClientOrderId(read_string(o, "client_order_id"));
  f.fill_id = read_string(o, "fill_id");
  std::int64_t leg = read_int(o, "leg");
  if (leg < 0) bad("leg", "must be >= 0");
  f.leg = static_cast<std::size_t>(leg);
  f.quantity = read_quantity(o, "quantity");
  f.price = read_price(o, "price");
  f.fees = read_money(o, "fees");
  f.venue_time = read_time(o, "venue_time");
  f.engine_time = read_time(o, "engine_time");
  return f;
}

execution::OrderState read_order_state(const Json& o, std::string_view field) {
  return read_enum(o, field, all_values<OrderState, execution::kOrderStateCount>());
}

execution::OrderTransition read_transition(const Json& o) {
  execution::OrderTransition t;
  t.from = read_order_state(o, "from");
  t.to = read_order_state(o, "to");
  t.event = read_enum(o, "event", all_values<OrderEvent, execution::kOrderEventCount>());
  t.engine_time = read_time(o, "engine_time");
  t.venue_time = read_optional_time(o, "venue_time");
  t.reason = read_string(o, "reason");
  return t;
}

Error decode_error(const JournalEntry& entry, std::string_view field, std::string_view message) {
  return Error{ErrorCode::parse_error,
               fmt::format("journal record {} for '{}': {}", entry.kind, entry.entity_id, message), std::string(field)};
}

}  // namespace nightdesk::store::payload
