#include "store/position_records.h"

#include "store/payload_fields.h"
#include "store/record_kind.h"

namespace nightdesk::store {
namespace {

using payload::Json;

constexpr int kManagementActionKinds = static_cast<int>(portfolio::ManagementActionKind::handed_to_bot) + 1;

Json write_percent(const std::optional<portfolio::Percent>& p) { return p ? Json(p->basis_points()) : Json(nullptr); }

std::optional<portfolio::Percent> read_percent(const Json& o, std::string_view field) {
  if (!o.contains(field) || o.at(field).is_null()) return std::nullopt;
  return portfolio::Percent::from_basis_points(payload::read_int(o, field));
}

portfolio::PositionSource read_source(const Json& o) {
  std::string text = payload::read_string(o, "source");
  if (text == to_string(portfolio::PositionSource::manual)) return portfolio::PositionSource::manual;
  if (text == to_string(portfolio::PositionSource::bot_managed)) return portfolio::PositionSource::bot_managed;
  throw payload::PayloadError("source", "source: unknown value '" + text + "'");
}

}  // namespace

bool operator==(const ManagementRecord& a, const ManagementRecord& b) {
  const auto &x = a.action, &y = b.action;
  return a.position_id == b.position_id && x.time == y.time && x.kind == y.kind && x.reason == y.reason && x.pnl_pct == y.pnl_pct &&
         x.threshold == y.threshold && x.quantity == y.quantity && x.amount == y.amount && x.level == y.level &&
         x.order_id == y.order_id && x.who == y.who;
}

PositionChange position_change(const portfolio::Position& position, Timestamp time, std::string cause) {
  PositionChange c{position.id(), position.underlying(), position.source(), position.opened_time(), time, std::move(cause), {},
                   position.entry_cost(), position.realized_pnl(), position.fees()};
  for (const portfolio::PositionLeg& leg : position.legs()) c.legs.push_back({leg.instrument, leg.quantity, leg.open_cost()});
  return c;
}

JournalEntry encode(const PositionChange& c) {
  Json legs = Json::array();
  for (const auto& leg : c.legs)
    legs.push_back(Json{{"instrument", payload::write(leg.instrument)}, {"quantity", payload::write(leg.quantity)},
                        {"open_cost", payload::write(leg.open_cost)}});
  Json j{{"underlying", c.underlying},
         {"source", to_string(c.source)},
         {"opened", payload::write(c.opened)},
         {"cause", c.cause},
         {"legs", std::move(legs)},
         {"entry_cost", payload::write(c.entry_cost)},
         {"realized_pnl", payload::write(c.realized_pnl)},
         {"fees", payload::write(c.fees)}};
  return {c.time, std::string(kinds::kPositionChange), c.position_id, j.dump()};
}

JournalEntry encode(const ManagementRecord& r) {
  const portfolio::ManagementAction& a = r.action;
  Json j{{"kind", to_string(a.kind)},
         {"reason", a.reason},
         {"pnl_pct_bp", write_percent(a.pnl_pct)},
         {"threshold_bp", write_percent(a.threshold)},
         {"quantity", payload::write(a.quantity)},
         {"amount", payload::write(a.amount)},
         {"level", a.level ? Json(*a.level) : Json(nullptr)},
         {"order_id", a.order_id},
         {"who", a.who}};
  return {a.time, std::string(kinds::kManagementAction), r.position_id, j.dump()};
}

Result<PositionChange> decode_position_change(const JournalEntry& entry) {
  return payload::decode_payload<PositionChange>(entry, kinds::kPositionChange, [&](const Json& o) {
    PositionChange c;
    c.position_id = entry.entity_id;
    c.time = entry.engine_time;
    c.underlying = payload::read_string(o, "underlying");
    c.source = read_source(o);
    c.opened = payload::read_time(o, "opened");
    c.cause = payload::read_string(o, "cause");
    for (const Json& leg : o.at("legs"))
      c.legs.push_back({payload::read_instrument(leg.at("instrument")), payload::read_quantity(leg, "quantity"),
                        payload::read_money(leg, "open_cost")});
    c.entry_cost = payload::read_money(o, "entry_cost");
    c.realized_pnl = payload::read_money(o, "realized_pnl");
    c.fees = payload::read_money(o, "fees");
    return c;
  });
}

Result<ManagementRecord> decode_management_action(const JournalEntry& entry) {
  return payload::decode_payload<ManagementRecord>(entry, kinds::kManagementAction, [&](const Json& o) {
    ManagementRecord r;
    r.position_id = entry.entity_id;
    portfolio::ManagementAction& a = r.action;
    a.time = entry.engine_time;
    a.kind = payload::read_named_enum<portfolio::ManagementActionKind>(o, "kind", kManagementActionKinds);
    a.reason = payload::read_string(o, "reason");
    a.pnl_pct = read_percent(o, "pnl_pct_bp");
    a.threshold = read_percent(o, "threshold_bp");
    a.quantity = payload::read_quantity(o, "quantity");
    if (!o.at("amount").is_null()) a.amount = payload::read_money(o, "amount");
    if (!o.at("level").is_null()) {
      std::int64_t level = payload::read_int(o, "level");
      if (level < 0) throw payload::PayloadError("level", "level: must be >= 0");
      a.level = static_cast<std::size_t>(level);
    }
    a.order_id = payload::read_string(o, "order_id");
    if (o.contains("who")) a.who = payload::read_string(o, "who");  // records before people's commands had none
    return r;
  });
}

}  // namespace nightdesk::store
