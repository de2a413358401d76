#include "risk/risk_decision.h"

#include <algorithm>

#include <fmt/format.h>

namespace nightdesk::risk {

std::string_view to_string(RiskRule rule) {
  switch (rule) {
    case RiskRule::order_invalid: return "order_invalid";
    case RiskRule::market_data: return "market_data";
    case RiskRule::circuit_breaker: return "circuit_breaker";
    case RiskRule::daily_loss: return "daily_loss";
    case RiskRule::drawdown: return "drawdown";
    case RiskRule::consecutive_losses: return "consecutive_losses";
    case RiskRule::position_size: return "position_size";
    case RiskRule::risk_per_trade: return "risk_per_trade";
    case RiskRule::buying_power: return "buying_power";
    case RiskRule::delta: return "delta";
    case RiskRule::gamma: return "gamma";
    case RiskRule::vega: return "vega";
  }
  return "unknown";
}

bool RiskDecision::violates(RiskRule rule) const {
  return std::any_of(violations.begin(), violations.end(), [&](const RiskViolation& v) { return v.rule == rule; });
}

std::string RiskDecision::describe() const {
  if (approved()) return fmt::format("approved ({})", to_string(effect.effect));
  std::string out;
  for (const auto& v : violations) out += (out.empty() ? "" : "; ") + v.message;
  return out;
}

Status RiskDecision::status() const {
  if (approved()) return ok();
  return fail(ErrorCode::conflict, describe(), std::string(to_string(violations.front().rule)));
}

}  // namespace nightdesk::risk
