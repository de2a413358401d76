#include "portfolio/management_config.h"

#include <map>

#include <fmt/format.h>

#include "common/config_loader.h"

namespace nightdesk::portfolio {
namespace {

using Text = std::string;
using TextList = std::vector<std::string>;
using Int = std::int64_t;

std::string key_path(std::string_view name) { return fmt::format("{}.{}", kManagementSection, name); }

// Settings field (from validate()) -> configuration key.
std::string key_for_field(std::string_view field) {
  static const std::map<std::string, std::string, std::less<>> names = {
      {"stop_loss", "stop_loss_pct"},         {"trailing.trail", "trailing_stop_pct"},
      {"min_close", "min_close"},             {"min_dte_for_roll", "min_dte_for_roll"},
      {"target_dte", "target_dte"},           {"min_target_dte", "min_target_dte"},
      {"max_strike_adjustment", "max_strike_adjustment"}, {"delta_breach", "delta_breach"},
      {"close_first_open_retries", "close_first_open_retries"}};
  if (field.starts_with("ladder.levels[")) {
    auto close = field.find(']');
    return key_path("ladder_levels") + std::string(field.substr(13, close - 12));
  }
  auto it = names.find(field);
  return key_path(it == names.end() ? field : std::string_view(it->second));
}

Result<ProfitLevel> parse_level(const std::string& item, std::size_t index) {
  std::string field = fmt::format("{}[{}]", key_path("ladder_levels"), index);
  auto colon = item.find(':');
  if (colon == std::string::npos)
    return fail(ErrorCode::parse_error, fmt::format("expected \"trigger:take\" like \"+50%:30%\", got \"{}\"", item), field);
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  auto trigger = Percent::parse(trim(std::string_view(item).substr(0, colon)));
  auto take = Percent::parse(trim(std::string_view(item).substr(colon + 1)));
  if (!trigger || !take)
    return fail(ErrorCode::parse_error, fmt::format("expected \"trigger:take\" like \"+50%:30%\", got \"{}\"", item), field);
  return ProfitLevel{*trigger, *take};
}

Result<ProfitLadder> read_ladder(const std::string& preset, const TextList& items) {
  if (preset == "standard" || preset == "aggressive") {
    if (!items.empty())
      return fail(ErrorCode::invalid_argument, fmt::format("levels are given but ladder_preset is {}; use custom", preset),
                  key_path("ladder_levels"));
    return preset == "standard" ? ProfitLadder::standard() : ProfitLadder::aggressive();
  }
  if (items.empty())
    return fail(ErrorCode::invalid_argument, "ladder_preset custom needs at least one level", key_path("ladder_levels"));
  ProfitLadder ladder;
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto level = parse_level(items[i], i);
    if (!level) return std::unexpected(level.error());
    ladder.levels.push_back(*level);
  }
  return ladder;
}

}  // namespace

Status ManagementSettings::validate() const {
  if (auto e = exits.validate(); !e) return fail(e.error().code, e.error().message, key_for_field(e.error().field));
  if (auto r = roll.validate(); !r) return fail(r.error().code, r.error().message, key_for_field(r.error().field));
  return ok();
}

ManagementKeys declare_management_keys(ConfigSchema& s) {
  const std::string m(kManagementSection);
  return ManagementKeys{
      s.choice(m, "ladder_preset", {"standard", "aggressive", "custom"},
               "Profit-taking ladder: standard (+50%:30%, +100%:50%, +200%:20%), aggressive, or custom levels")
          .defaults_to("standard"),
      s.text_list(m, "ladder_levels", "Custom ladder levels \"trigger:take\" in P&L % of entry cost, e.g. \"+50%:30%\"")
          .defaults_to({}),
      s.integer(m, "min_close", "A ladder level closing fewer units than this is skipped").defaults_to(1).range(1, 1'000'000),
      s.boolean(m, "stop_loss_enabled", "Close everything at stop_loss_pct").defaults_to(true),
      s.number(m, "stop_loss_pct", "Stop loss in P&L % of entry cost (negative)").defaults_to(-200).range(-100'000, -0.01),
      s.boolean(m, "trailing_stop_enabled", "Close everything when P&L % falls trailing_stop_pct points below its high")
          .defaults_to(false),
      s.number(m, "trailing_stop_pct", "Trailing stop distance in P&L % points below the high-water P&L %")
          .defaults_to(25).range(0.01, 100'000),
      s.number(m, "trailing_activation_pct", "The trailing stop arms once the high-water P&L % reaches this")
          .defaults_to(50).range(-100'000, 100'000),
      s.boolean(m, "roll_enabled", "Roll bot-managed positions before expiry").defaults_to(true),
      s.integer(m, "min_dte_for_roll", "Roll when the nearest leg has this many calendar days or fewer left")
          .defaults_to(7).range(0, 3650),
      s.integer(m, "target_dte", "Roll into the listed expiry nearest this DTE").defaults_to(30).range(0, 3650),
      s.integer(m, "min_target_dte", "Earliest acceptable roll expiry, in DTE").defaults_to(21).range(0, 3650),
      s.integer(m, "max_target_dte", "Latest acceptable roll expiry, in DTE").defaults_to(60).range(0, 3650),
      s.choice(m, "strike_strategy", {"same_strikes", "atm_adjust", "delta_maintain"}, "How new strikes are chosen")
          .defaults_to("same_strikes"),
      s.number(m, "max_strike_adjustment", "No new strike further than this many dollars from the old one")
          .defaults_to(10.0).range(0, 100'000),
      s.boolean(m, "require_credit", "Only roll for a net credit at the mids").defaults_to(true),
      s.choice(m, "roll_execution", {"combo", "close_first"}, "One combo order, or close then open")
          .defaults_to("combo"),
      s.boolean(m, "roll_on_delta_breach", "Also roll when a short leg's |delta| reaches delta_breach").defaults_to(false),
      s.number(m, "delta_breach", "Short-leg |delta| per share that triggers a roll").defaults_to(0.5).range(0.01, 1),
      s.boolean(m, "roll_on_profit_target", "Also roll when P&L % reaches roll_profit_target_pct").defaults_to(false),
      s.number(m, "roll_profit_target_pct", "P&L % of entry cost that triggers a roll").defaults_to(50).range(0.01, 100'000),
      s.integer(m, "close_first_open_retries", "close_first: re-priced retries of step two before leaving it flat")
          .defaults_to(2).range(0, 20),
      s.boolean(m, "roll_dry_run", "Plan and record rolls without sending orders").defaults_to(false),
      s.number(m, "risk_free_rate", "Continuously compounded rate for Greeks and implied volatility").defaults_to(0.04)
          .range(-0.2, 1),
      s.number(m, "dividend_yield", "Default continuous dividend yield for Greeks").defaults_to(0.0).range(-0.2, 1),
      s.boolean(m, "american_exercise", "Price American-style contracts with the American model (else European BSM)")
          .defaults_to(true),
  };
}

Result<ManagementSettings> read_management_settings(const Config& c, const ManagementKeys& k) {
  ManagementSettings s;
  auto ladder = read_ladder(c.get(k.ladder_preset), c.get(k.ladder_levels));
  if (!ladder) return std::unexpected(ladder.error());
  s.exits.ladder = std::move(*ladder);
  s.exits.min_close = Quantity(c.get(k.min_close));
  s.exits.stop_loss.enabled = c.get(k.stop_loss_enabled);
  auto pct = [&](const ConfigKey<double>& key) -> Result<Percent> {
    auto p = Percent::from_points(c.get(key));
    if (!p) return fail(ErrorCode::invalid_argument, p.error().message, key.path());
    return *p;
  };
  auto stop = pct(k.stop_loss_pct), trail = pct(k.trailing_stop_pct), activation = pct(k.trailing_activation_pct),
       target = pct(k.roll_profit_target_pct);
  for (auto* r : {&stop, &trail, &activation, &target})
    if (!*r) return std::unexpected(r->error());
  s.exits.stop_loss.stop = *stop;
  s.exits.trailing = TrailingStopSettings{c.get(k.trailing_stop_enabled), *trail, *activation};

  RollSettings& r = s.roll;
  r.enabled = c.get(k.roll_enabled);
  r.min_dte_for_roll = static_cast<std::int32_t>(c.get(k.min_dte_for_roll));
  r.target_dte = static_cast<std::int32_t>(c.get(k.target_dte));
  r.min_target_dte = static_cast<std::int32_t>(c.get(k.min_target_dte));
  r.max_target_dte = static_cast<std::int32_t>(c.get(k.max_target_dte));
  r.strike_strategy = *parse_strike_strategy(c.get(k.strike_strategy));  // the schema's choices are exactly these
  auto adjustment = Price::from_double(c.get(k.max_strike_adjustment), Rounding::nearest);
  if (!adjustment) return fail(ErrorCode::invalid_argument, adjustment.error().message, k.max_strike_adjustment.path());
  r.max_strike_adjustment = *adjustment;
  r.require_credit = c.get(k.require_credit);
  r.execution = *parse_roll_execution_mode(c.get(k.roll_execution));
  r.roll_on_delta_breach = c.get(k.roll_on_delta_breach);
  r.delta_breach = c.get(k.delta_breach);
  r.roll_on_profit_target = c.get(k.roll_on_profit_target);
  r.profit_target = *target;
  r.close_first_open_retries = static_cast<std::int32_t>(c.get(k.close_first_open_retries));
  r.dry_run = c.get(k.roll_dry_run);

  s.pricing.rate = c.get(k.risk_free_rate);
  s.pricing.dividend_yield = c.get(k.dividend_yield);
  s.pricing.honour_exercise_style = c.get(k.american_exercise);
  if (auto valid = s.validate(); !valid) return std::unexpected(valid.error());
  return s;
}

Result<ManagementSettings> load_management_settings_text(std::string_view yaml, std::string_view source_name,
                                                        const EnvLookup& env) {
  ConfigSchema schema;
  ManagementKeys keys = declare_management_keys(schema);
  auto config = load_config_text(schema, yaml, source_name, "NIGHTDESK", env);
  if (!config) return std::unexpected(config.error());
  return read_management_settings(*config, keys);
}

Result<ManagementSettings> load_management_settings_text(std::string_view yaml, std::string_view source_name) {
  return load_management_settings_text(yaml, source_name, process_environment());
}

}  // namespace nightdesk::portfolio
