#include "risk/risk_config.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace nightdesk::risk {
namespace {

const std::string kSection(kConfigSection);

std::optional<double> greek_limit(double configured) {
  if (configured == 0.0) return std::nullopt;
  return configured;
}

std::string where(const Config& config, const std::string& section, const std::string& name) {
  auto origin = config.origin(section, name);
  return origin ? origin->describe() : "?";
}

template <class T>
std::unexpected<Error> key_error(const Config& config, const ConfigKey<T>& key, const Error& cause) {
  return fail(ErrorCode::invalid_argument,
              fmt::format("{}: {}: {}", where(config, key.section(), key.name()), key.path(), cause.message),
              key.path());
}

Result<BasisPoints> read_percent(const Config& config, const ConfigKey<double>& key) {
  auto bp = BasisPoints::from_percent_number(config.get(key));
  if (!bp) return key_error(config, key, bp.error());
  return *bp;
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

Result<std::optional<double>> parse_limit_value(std::string_view text) {
  if (text == "none") return std::optional<double>{};
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value) || value <= 0.0)
    return fail(ErrorCode::invalid_argument, fmt::format("expected a positive number or none, got \"{}\"", text));
  return std::optional<double>{value};
}

}  // namespace

RiskConfigKeys declare_risk_config(ConfigSchema& schema) {
  const RiskLimits d;
  auto pct = [&](const char* name, BasisPoints def, const char* what) -> ConfigKey<double> {
    return schema.number(kSection, name, what).defaults_to(static_cast<double>(def.count()) / 100.0).range(0.01, 100.0);
  };
  auto greek = [&](const char* name, const std::optional<double>& def, const char* what) -> ConfigKey<double> {
    return schema.number(kSection, name, what).defaults_to(def.value_or(0.0)).at_least(0.0);
  };
  return RiskConfigKeys{
      .max_position_size_pct = pct("max_position_size_pct", d.max_position_size,
                                   "largest position requirement, percent of equity"),
      .max_daily_loss_pct = pct("max_daily_loss_pct", d.max_daily_loss,
                                "day's loss (percent of start-of-day equity) that trips the breaker"),
      .max_drawdown_pct = pct("max_drawdown_pct", d.max_drawdown,
                              "drawdown from peak equity (percent) that halts trading"),
      .max_risk_per_trade_pct = pct("max_risk_per_trade_pct", d.max_risk_per_trade,
                                    "largest requirement one order may add, percent of equity"),
      .max_consecutive_losses = schema.integer(kSection, "max_consecutive_losses",
                                               "losing closes in a row that trip the breaker")
                                    .defaults_to(d.max_consecutive_losses)
                                    .range(1, 1'000),
      .max_abs_delta = greek("max_abs_delta", d.greeks.max_abs_delta,
                             "largest |delta| per underlying, share equivalents; 0 = no limit"),
      .max_abs_gamma = greek("max_abs_gamma", d.greeks.max_abs_gamma,
                             "largest |gamma| per underlying, shares per $1; 0 = no limit"),
      .max_abs_vega = greek("max_abs_vega", d.greeks.max_abs_vega,
                            "largest |vega| per underlying, dollars per vol point; 0 = no limit"),
      .greek_limit_overrides = schema.text_list(kSection, "greek_limit_overrides",
                                                "per-underlying Greek limits: \"SPY delta=2000 vega=none\"")
                                   .defaults_to({}),
      .short_put_collateral = schema.choice(kSection, "short_put_collateral", {"reg_t", "cash_secured"},
                                            "margin for an uncovered short put: Reg-T naked or cash-secured")
                                  .defaults_to("reg_t"),
  };
}

Result<std::pair<std::string, GreekLimits>> parse_greek_override(std::string_view text, const GreekLimits& defaults) {
  auto parts = words(text);
  if (parts.empty()) return fail(ErrorCode::invalid_argument, "an override needs an underlying symbol");
  std::pair<std::string, GreekLimits> out{std::string(parts.front()), defaults};
  if (out.first.find('=') != std::string::npos)
    return fail(ErrorCode::invalid_argument, fmt::format("\"{}\" must start with an underlying symbol", text));
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const auto eq = parts[i].find('=');
    if (eq == std::string_view::npos)
      return fail(ErrorCode::invalid_argument, fmt::format("expected greek=value, got \"{}\"", parts[i]));
    const auto name = parts[i].substr(0, eq);
    auto value = parse_limit_value(parts[i].substr(eq + 1));
    if (!value) return std::unexpected(value.error());
    if (name == "delta") out.second.max_abs_delta = *value;
    else if (name == "gamma") out.second.max_abs_gamma = *value;
    else if (name == "vega") out.second.max_abs_vega = *value;
    else return fail(ErrorCode::invalid_argument, fmt::format("unknown greek \"{}\" (delta, gamma, vega)", name));
  }
  return out;
}

Result<RiskLimits> read_risk_limits(const Config& config, const RiskConfigKeys& keys) {
  RiskLimits limits;
  for (auto [key, field] : {std::pair{&keys.max_position_size_pct, &limits.max_position_size},
                            std::pair{&keys.max_daily_loss_pct, &limits.max_daily_loss},
                            std::pair{&keys.max_drawdown_pct, &limits.max_drawdown},
                            std::pair{&keys.max_risk_per_trade_pct, &limits.max_risk_per_trade}}) {
    auto bp = read_percent(config, *key);
    if (!bp) return std::unexpected(bp.error());
    *field = *bp;
  }
  limits.max_consecutive_losses = config.get(keys.max_consecutive_losses);
  limits.greeks = GreekLimits{greek_limit(config.get(keys.max_abs_delta)), greek_limit(config.get(keys.max_abs_gamma)),
                              greek_limit(config.get(keys.max_abs_vega))};
  for (const auto& entry : config.get(keys.greek_limit_overrides)) {
    auto parsed = parse_greek_override(entry, limits.greeks);
    if (!parsed) return key_error(config, keys.greek_limit_overrides, parsed.error());
    if (limits.greek_overrides.contains(parsed->first))
      return key_error(config, keys.greek_limit_overrides,
                       Error{ErrorCode::invalid_argument, fmt::format("{} is listed twice", parsed->first), ""});
    limits.greek_overrides.insert(std::move(*parsed));
  }
  limits.short_put_collateral = config.get(keys.short_put_collateral) == "cash_secured"
                                    ? ShortPutCollateral::cash_secured
                                    : ShortPutCollateral::reg_t;
  if (auto s = limits.validate(); !s)
    return fail(s.error().code, fmt::format("risk.{}: {}", s.error().field, s.error().message),
                fmt::format("risk.{}", s.error().field));
  return limits;
}

}  // namespace nightdesk::risk
