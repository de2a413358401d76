#include "api/position_command_body.h"

#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/json_fields.h"
#include "api/snapshot_json.h"
#include "strategy/json_fields.h"

namespace nightdesk::api {
namespace {

using nlohmann::json;
using portfolio::Percent;

constexpr JsonField kCloseFields[] = {{"quantity", JsonType::integer}, {"pct", JsonType::number}};

// The roll keys a person's roll and PATCH share (dry_run is the roll command's own; roll_enabled and
// roll_dry_run only make sense as standing settings, so only PATCH takes them).
#define ND_ROLL_FIELDS                                                                                                    \
  {"min_dte_for_roll", JsonType::integer}, {"target_dte", JsonType::integer}, {"min_target_dte", JsonType::integer},   \
      {"max_target_dte", JsonType::integer}, {"strike_strategy", JsonType::string},                                   \
      {"max_strike_adjustment", JsonType::any}, {"require_credit", JsonType::boolean},                                \
      {"roll_execution", JsonType::string}, {"roll_on_delta_breach", JsonType::boolean},                              \
      {"delta_breach", JsonType::number}, {"roll_on_profit_target", JsonType::boolean},                               \
      {"roll_profit_target_pct", JsonType::number}, {"close_first_open_retries", JsonType::integer}

constexpr JsonField kRollFields[] = {{"dry_run", JsonType::boolean}, ND_ROLL_FIELDS};
constexpr JsonField kManagementFields[] = {
    ND_ROLL_FIELDS,
    {"roll_enabled", JsonType::boolean},
    {"roll_dry_run", JsonType::boolean},
    {"ladder_preset", JsonType::string},
    {"ladder_levels", JsonType::array},
    {"min_close", JsonType::integer},
    {"stop_loss_enabled", JsonType::boolean},
    {"stop_loss_pct", JsonType::number},
    {"trailing_stop_enabled", JsonType::boolean},
    {"trailing_stop_pct", JsonType::number},
    {"trailing_activation_pct", JsonType::number},
    {"clear_overrides", JsonType::boolean},
    {"source", JsonType::string},
};
#undef ND_ROLL_FIELDS

std::unexpected<Error> invalid(std::string message, std::string_view field) {
  return fail(ErrorCode::invalid_argument, std::move(message), std::string(field));
}

// Readers of one optional field each: nothing when absent. check_fields has vouched for the JSON type.
class FieldReader {
 public:
  explicit FieldReader(const json& body) : body_(body) {}
  bool failed() const { return error_.has_value(); }
  Status status() const { return error_ ? Status(std::unexpected(*error_)) : ok(); }

  void flag(std::string_view key, std::optional<bool>& out) {
    if (const json* v = find(key)) out = v->get<bool>();
  }
  void days(std::string_view key, std::optional<std::int32_t>& out) {
    const json* v = find(key);
    if (v == nullptr) return;
    const auto n = v->get<std::int64_t>();
    if (n < 0 || n > 3650) return note(invalid(fmt::format("expected 0 to 3650, got {}", n), key));
    out = static_cast<std::int32_t>(n);
  }
  void count(std::string_view key, std::optional<std::int32_t>& out) { days(key, out); }
  void percent(std::string_view key, std::optional<Percent>& out) {
    const json* v = find(key);
    if (v == nullptr) return;
    auto p = Percent::from_points(v->get<double>());
    if (!p) return note(invalid(p.error().message, key));
    out = *p;
  }
  void number(std::string_view key, std::optional<double>& out) {
    if (const json* v = find(key)) out = v->get<double>();
  }
  void price(std::string_view key, std::optional<Price>& out) {
    if (const json* v = find(key)) note(strategy::read_json(*v, out, std::string(key)));
  }
  template <class T, class Parse>
  void name(std::string_view key, std::optional<T>& out, Parse parse, std::string_view names) {
    const json* v = find(key);
    if (v == nullptr) return;
    auto parsed = parse(v->get<std::string>());
    if (!parsed) return note(invalid(fmt::format("expected one of {}, got '{}'", names, v->get<std::string>()), key));
    out = *parsed;
  }

 private:
  const json* find(std::string_view key) {
    if (error_) return nullptr;
    auto it = body_.find(std::string(key));
    return it == body_.end() ? nullptr : &*it;
  }
  void note(Status s) {
    if (!s && !error_) error_ = s.error();
  }
  const json& body_;
  std::optional<Error> error_;
};

void read_roll(FieldReader& r, portfolio::RollOverrides& o) {
  r.days("min_dte_for_roll", o.min_dte_for_roll);
  r.days("target_dte", o.target_dte);
  r.days("min_target_dte", o.min_target_dte);
  r.days("max_target_dte", o.max_target_dte);
  r.name("strike_strategy", o.strike_strategy, portfolio::parse_strike_strategy, "same_strikes, atm_adjust, delta_maintain");
  r.price("max_strike_adjustment", o.max_strike_adjustment);
  r.flag("require_credit", o.require_credit);
  r.name("roll_execution", o.execution, portfolio::parse_roll_execution_mode, "combo, close_first");
  r.flag("roll_on_delta_breach", o.roll_on_delta_breach);
  r.number("delta_breach", o.delta_breach);
  r.flag("roll_on_profit_target", o.roll_on_profit_target);
  r.percent("roll_profit_target_pct", o.profit_target);
  r.count("close_first_open_retries", o.close_first_open_retries);
}

// "+50%:30%": at +50% P&L close 30% of the units held.
Result<portfolio::ProfitLevel> parse_level(const json& item, const std::string& field) {
  if (!item.is_string()) return invalid(fmt::format("expected \"trigger:take\" text, got {}", describe_json_type(item)), field);
  const std::string text = item.get<std::string>();
  const auto colon = text.find(':');
  if (colon == std::string::npos) return invalid(fmt::format("expected \"trigger:take\" such as \"+50%:30%\", got '{}'", text), field);
  auto trigger = Percent::parse(text.substr(0, colon));
  if (!trigger) return invalid(trigger.error().message, field + ".trigger");
  auto take = Percent::parse(text.substr(colon + 1));
  if (!take) return invalid(take.error().message, field + ".take");
  return portfolio::ProfitLevel{*trigger, *take};
}

Status read_ladder(const json& body, portfolio::ExitOverrides& exits) {
  const bool preset = body.contains("ladder_preset"), levels = body.contains("ladder_levels");
  if (preset && levels) return invalid("give ladder_preset or ladder_levels, not both", "ladder_levels");
  if (preset) {
    const std::string name = body["ladder_preset"].get<std::string>();
    if (name == "standard") exits.ladder = portfolio::ProfitLadder::standard();
    else if (name == "aggressive") exits.ladder = portfolio::ProfitLadder::aggressive();
    else return invalid(fmt::format("expected standard or aggressive (or give ladder_levels), got '{}'", name), "ladder_preset");
  }
  if (levels) {
    portfolio::ProfitLadder ladder;
    const json& items = body["ladder_levels"];
    if (items.empty()) return invalid("expected at least one level", "ladder_levels");
    for (std::size_t i = 0; i < items.size(); ++i) {
      auto level = parse_level(items[i], fmt::format("ladder_levels[{}]", i));
      if (!level) return std::unexpected(level.error());
      ladder.levels.push_back(*level);
    }
    exits.ladder = std::move(ladder);
  }
  return ok();
}

json percent_json(Percent p) { return p.fraction() * 100; }

}  // namespace

Result<portfolio::CloseAmount> parse_close_body(const nlohmann::json& body) {
  if (auto checked = check_fields(body, kCloseFields); !checked) return std::unexpected(checked.error());
  portfolio::CloseAmount amount;
  if (body.contains("quantity")) {
    const auto q = body["quantity"].get<std::int64_t>();
    if (q < 1) return invalid(fmt::format("must be at least 1, got {}", q), "quantity");
    amount.units = Quantity(q);
  }
  if (body.contains("pct")) {
    auto p = Percent::from_points(body["pct"].get<double>());
    if (!p) return invalid(p.error().message, "pct");
    amount.percent = *p;
  }
  if (amount.units.has_value() == amount.percent.has_value()) return invalid("give exactly one of quantity or pct", "quantity");
  return amount;
}

Result<RollRequest> parse_roll_body(const nlohmann::json& body) {
  RollRequest out;
  if (body.is_null()) return out;
  if (auto checked = check_fields(body, kRollFields); !checked) return std::unexpected(checked.error());
  FieldReader r(body);
  read_roll(r, out.overrides);
  if (auto s = r.status(); !s) return std::unexpected(s.error());
  out.dry_run = body.value("dry_run", false);
  return out;
}

Result<portfolio::ManagementChange> parse_management_body(const nlohmann::json& body) {
  if (auto checked = check_fields(body, kManagementFields); !checked) return std::unexpected(checked.error());
  portfolio::ManagementChange change;
  portfolio::ExitOverrides& exits = change.overrides.exits;
  if (auto s = read_ladder(body, exits); !s) return std::unexpected(s.error());
  FieldReader r(body);
  std::optional<std::int32_t> min_close;
  r.count("min_close", min_close);
  if (min_close) exits.min_close = Quantity(*min_close);
  r.flag("stop_loss_enabled", exits.stop_loss_enabled);
  r.percent("stop_loss_pct", exits.stop_loss);
  r.flag("trailing_stop_enabled", exits.trailing_enabled);
  r.percent("trailing_stop_pct", exits.trailing);
  r.percent("trailing_activation_pct", exits.trailing_activation);
  read_roll(r, change.overrides.roll);
  r.flag("roll_enabled", change.overrides.roll.enabled);
  r.flag("roll_dry_run", change.overrides.roll.dry_run);
  if (auto s = r.status(); !s) return std::unexpected(s.error());
  change.clear_overrides = body.value("clear_overrides", false);
  if (body.contains("source")) {
    const std::string source = body["source"].get<std::string>();
    if (source == "manual") change.source = portfolio::PositionSource::manual;
    else if (source == "bot_managed") change.source = portfolio::PositionSource::bot_managed;
    else return invalid(fmt::format("expected manual or bot_managed, got '{}'", source), "source");
  }
  if (change.empty()) return invalid("nothing to change", "");
  return change;
}

nlohmann::json management_settings_json(const portfolio::ManagementSettings& s) {
  json levels = json::array();
  for (const auto& l : s.exits.ladder.levels) {
    std::string take = l.take.to_string();  // "+30%": a take is never negative, so as written in the config
    if (take.starts_with('+')) take.erase(0, 1);
    levels.push_back(l.trigger.to_string() + ":" + take);
  }
  const portfolio::RollSettings& r = s.roll;
  return {{"ladder_levels", std::move(levels)},
          {"min_close", s.exits.min_close.count()},
          {"stop_loss_enabled", s.exits.stop_loss.enabled},
          {"stop_loss_pct", percent_json(s.exits.stop_loss.stop)},
          {"trailing_stop_enabled", s.exits.trailing.enabled},
          {"trailing_stop_pct", percent_json(s.exits.trailing.trail)},
          {"trailing_activation_pct", percent_json(s.exits.trailing.activation)},
          {"roll_enabled", r.enabled},
          {"min_dte_for_roll", r.min_dte_for_roll},
          {"target_dte", r.target_dte},
          {"min_target_dte", r.min_target_dte},
          {"max_target_dte", r.max_target_dte},
          {"strike_strategy", std::string(portfolio::to_string(r.strike_strategy))},
          {"max_strike_adjustment", r.max_strike_adjustment.to_string()},
          {"require_credit", r.require_credit},
          {"roll_execution", std::string(portfolio::to_string(r.execution))},
          {"roll_on_delta_breach", r.roll_on_delta_breach},
          {"delta_breach", r.delta_breach},
          {"roll_on_profit_target", r.roll_on_profit_target},
          {"roll_profit_target_pct", percent_json(r.profit_target)},
          {"close_first_open_retries", r.close_first_open_retries},
          {"roll_dry_run", r.dry_run}};
}

nlohmann::json roll_start_json(const portfolio::RollStart& start) {
  const portfolio::RollPlan& p = start.plan;
  auto legs = [](const std::vector<portfolio::RollLeg>& in) {
    json out = json::array();
    for (const auto& l : in)
      out.push_back({{"instrument", instrument_json(l.instrument)},
                     {"contracts_per_unit", l.contracts_per_unit},
                     {"bid", l.bid.to_string()},
                     {"ask", l.ask.to_string()},
                     {"mid", l.mid.to_string()}});
    return out;
  };
  json plan = {{"position_id", p.position_id},
               {"reason", std::string(portfolio::to_string(p.reason))},
               {"strike_strategy", std::string(portfolio::to_string(p.strategy))},
               {"roll_execution", std::string(portfolio::to_string(p.execution))},
               {"from_expiry", format_date(p.from_expiry)},
               {"to_expiry", format_date(p.to_expiry)},
               {"to_dte", p.to_dte},
               {"units", p.units.count()},
               {"old_legs", legs(p.old_legs)},
               {"new_legs", legs(p.new_legs)},
               {"net_price", p.net_price.to_string()},
               {"net_credit", p.net_credit.to_string()},
               {"note", p.note}};
  json order = nullptr;
  if (start.order) order = order_json(execution::Order(*start.order, Timestamp{}));
  return {{"plan", std::move(plan)}, {"order", std::move(order)}};
}

}  // namespace nightdesk::api
