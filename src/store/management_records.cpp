#include "store/management_records.h"

#include "store/payload_fields.h"
#include "store/record_kind.h"

namespace nightdesk::store {
namespace {

using payload::Json;
using portfolio::Percent;

// Every optional as null when unset; percentages in basis points, prices as decimal strings.
Json opt(const std::optional<bool>& v) { return v ? Json(*v) : Json(nullptr); }
Json opt(const std::optional<std::int32_t>& v) { return v ? Json(*v) : Json(nullptr); }
Json opt(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }
Json opt(const std::optional<Percent>& v) { return v ? Json(v->basis_points()) : Json(nullptr); }
Json opt(const std::optional<Price>& v) { return payload::write(v); }
Json opt(const std::optional<Quantity>& v) { return payload::write(v); }

bool present(const Json& o, std::string_view field) { return o.contains(field) && !o.at(field).is_null(); }

void read(const Json& o, std::string_view f, std::optional<bool>& out) {
  if (!present(o, f)) return;
  if (!o.at(f).is_boolean()) throw payload::PayloadError(std::string(f), std::string(f) + ": not a boolean");
  out = o.at(f).get<bool>();
}
void read(const Json& o, std::string_view f, std::optional<std::int32_t>& out) {
  if (present(o, f)) out = static_cast<std::int32_t>(payload::read_int(o, f));
}
void read(const Json& o, std::string_view f, std::optional<double>& out) {
  if (!present(o, f)) return;
  if (!o.at(f).is_number()) throw payload::PayloadError(std::string(f), std::string(f) + ": not a number");
  out = o.at(f).get<double>();
}
void read(const Json& o, std::string_view f, std::optional<Percent>& out) {
  if (present(o, f)) out = Percent::from_basis_points(payload::read_int(o, f));
}
void read(const Json& o, std::string_view f, std::optional<Price>& out) { out = payload::read_optional_price(o, f); }
void read(const Json& o, std::string_view f, std::optional<Quantity>& out) {
  if (present(o, f)) out = payload::read_quantity(o, f);
}

Json write_exits(const portfolio::ExitOverrides& e) {
  Json ladder = nullptr;
  if (e.ladder) {
    ladder = Json::array();
    for (const auto& l : e.ladder->levels) ladder.push_back(Json{{"trigger_bp", l.trigger.basis_points()}, {"take_bp", l.take.basis_points()}});
  }
  return Json{{"ladder", std::move(ladder)},          {"min_close", opt(e.min_close)},
              {"stop_loss_enabled", opt(e.stop_loss_enabled)}, {"stop_loss_bp", opt(e.stop_loss)},
              {"trailing_enabled", opt(e.trailing_enabled)},   {"trailing_bp", opt(e.trailing)},
              {"trailing_activation_bp", opt(e.trailing_activation)}};
}

portfolio::ExitOverrides read_exits(const Json& o) {
  portfolio::ExitOverrides e;
  if (present(o, "ladder")) {
    portfolio::ProfitLadder ladder;
    for (const Json& l : o.at("ladder"))
      ladder.levels.push_back({Percent::from_basis_points(payload::read_int(l, "trigger_bp")), Percent::from_basis_points(payload::read_int(l, "take_bp"))});
    e.ladder = std::move(ladder);
  }
  read(o, "min_close", e.min_close);
  read(o, "stop_loss_enabled", e.stop_loss_enabled);
  read(o, "stop_loss_bp", e.stop_loss);
  read(o, "trailing_enabled", e.trailing_enabled);
  read(o, "trailing_bp", e.trailing);
  read(o, "trailing_activation_bp", e.trailing_activation);
  return e;
}

Json write_roll(const portfolio::RollOverrides& r) {
  return Json{{"enabled", opt(r.enabled)},
              {"min_dte_for_roll", opt(r.min_dte_for_roll)},
              {"target_dte", opt(r.target_dte)},
              {"min_target_dte", opt(r.min_target_dte)},
              {"max_target_dte", opt(r.max_target_dte)},
              {"strike_strategy", r.strike_strategy ? Json(std::string(to_string(*r.strike_strategy))) : Json(nullptr)},
              {"max_strike_adjustment", opt(r.max_strike_adjustment)},
              {"require_credit", opt(r.require_credit)},
              {"execution", r.execution ? Json(std::string(to_string(*r.execution))) : Json(nullptr)},
              {"roll_on_delta_breach", opt(r.roll_on_delta_breach)},
              {"delta_breach", opt(r.delta_breach)},
              {"roll_on_profit_target", opt(r.roll_on_profit_target)},
              {"profit_target_bp", opt(r.profit_target)},
              {"close_first_open_retries", opt(r.close_first_open_retries)},
              {"dry_run", opt(r.dry_run)}};
}

portfolio::RollOverrides read_roll(const Json& o) {
  portfolio::RollOverrides r;
  read(o, "enabled", r.enabled);
  read(o, "min_dte_for_roll", r.min_dte_for_roll);
  read(o, "target_dte", r.target_dte);
  read(o, "min_target_dte", r.min_target_dte);
  read(o, "max_target_dte", r.max_target_dte);
  if (present(o, "strike_strategy")) {
    r.strike_strategy = portfolio::parse_strike_strategy(payload::read_string(o, "strike_strategy"));
    if (!r.strike_strategy) throw payload::PayloadError("strike_strategy", "strike_strategy: unknown value");
  }
  read(o, "max_strike_adjustment", r.max_strike_adjustment);
  read(o, "require_credit", r.require_credit);
  if (present(o, "execution")) {
    r.execution = portfolio::parse_roll_execution_mode(payload::read_string(o, "execution"));
    if (!r.execution) throw payload::PayloadError("execution", "execution: unknown value");
  }
  read(o, "roll_on_delta_breach", r.roll_on_delta_breach);
  read(o, "delta_breach", r.delta_breach);
  read(o, "roll_on_profit_target", r.roll_on_profit_target);
  read(o, "profit_target_bp", r.profit_target);
  read(o, "close_first_open_retries", r.close_first_open_retries);
  read(o, "dry_run", r.dry_run);
  return r;
}

}  // namespace

JournalEntry encode(const ManagementChangeRecord& r) {
  const portfolio::ManagementChange& c = r.change;
  Json j{{"exits", write_exits(c.overrides.exits)},
         {"roll", write_roll(c.overrides.roll)},
         {"clear_overrides", c.clear_overrides},
         {"source", c.source ? Json(std::string(to_string(*c.source))) : Json(nullptr)},
         {"who", r.who}};
  return {r.time, std::string(kinds::kManagementChange), r.position_id, j.dump()};
}

Result<ManagementChangeRecord> decode_management_change(const JournalEntry& entry) {
  return payload::decode_payload<ManagementChangeRecord>(entry, kinds::kManagementChange, [&](const Json& o) {
    ManagementChangeRecord r;
    r.position_id = entry.entity_id;
    r.time = entry.engine_time;
    r.change.overrides.exits = read_exits(o.at("exits"));
    r.change.overrides.roll = read_roll(o.at("roll"));
    r.change.clear_overrides = o.at("clear_overrides").get<bool>();
    if (present(o, "source")) {
      std::string text = payload::read_string(o, "source");
      if (text == to_string(portfolio::PositionSource::manual)) r.change.source = portfolio::PositionSource::manual;
      else if (text == to_string(portfolio::PositionSource::bot_managed)) r.change.source = portfolio::PositionSource::bot_managed;
      else throw payload::PayloadError("source", "source: unknown value '" + text + "'");
    }
    r.who = payload::read_string(o, "who");
    return r;
  });
}

}  // namespace nightdesk::store
