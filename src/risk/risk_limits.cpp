#include "risk/risk_limits.h"

#include <fmt/format.h>

namespace nightdesk::risk {
namespace {

Status check_percent(BasisPoints value, std::string_view field) {
  if (value.count() <= 0 || value > BasisPoints::from_percent(100))
    return fail(ErrorCode::out_of_range, fmt::format("must be in (0%, 100%], got {}", value.to_string()),
                std::string(field));
  return ok();
}

Status check_greek(const std::optional<double>& limit, std::string_view field) {
  if (limit && !(*limit > 0.0 && *limit < 1e15))
    return fail(ErrorCode::out_of_range, fmt::format("must be a positive number, got {}", *limit), std::string(field));
  return ok();
}

Status check_greeks(const GreekLimits& g, std::string_view prefix) {
  if (auto s = check_greek(g.max_abs_delta, fmt::format("{}max_abs_delta", prefix)); !s) return s;
  if (auto s = check_greek(g.max_abs_gamma, fmt::format("{}max_abs_gamma", prefix)); !s) return s;
  return check_greek(g.max_abs_vega, fmt::format("{}max_abs_vega", prefix));
}

}  // namespace

const GreekLimits& RiskLimits::greeks_for(std::string_view underlying) const {
  auto it = greek_overrides.find(underlying);
  return it == greek_overrides.end() ? greeks : it->second;
}

Status RiskLimits::validate() const {
  if (auto s = check_percent(max_position_size, "max_position_size_pct"); !s) return s;
  if (auto s = check_percent(max_daily_loss, "max_daily_loss_pct"); !s) return s;
  if (auto s = check_percent(max_drawdown, "max_drawdown_pct"); !s) return s;
  if (auto s = check_percent(max_risk_per_trade, "max_risk_per_trade_pct"); !s) return s;
  if (max_consecutive_losses < 1)
    return fail(ErrorCode::out_of_range, fmt::format("must be at least 1, got {}", max_consecutive_losses),
                "max_consecutive_losses");
  if (auto s = check_greeks(greeks, ""); !s) return s;
  for (const auto& [underlying, g] : greek_overrides)
    if (auto s = check_greeks(g, fmt::format("greek_limit_overrides.{}.", underlying)); !s) return s;
  return ok();
}

}  // namespace nightdesk::risk
