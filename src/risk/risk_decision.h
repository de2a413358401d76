// RiskDecision: the pre-trade check's answer for one order: approved, or every limit it would break, each
// named with its numbers ("risk per trade 2.6% > 2.0% (520.00 of equity 20000.00)"). Plain value; any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/fixed_point.h"
#include "risk/order_effect.h"

namespace nightdesk::risk {

enum class RiskRule : std::uint8_t {
  order_invalid,       // the request itself is incomplete or incoherent
  market_data,         // the check lacks what it needs to price the order (marks, underlying price)
  circuit_breaker,     // the breaker is reducing or halted and the order opens risk
  daily_loss,
  drawdown,
  consecutive_losses,
  position_size,
  risk_per_trade,
  buying_power,
  delta,
  gamma,
  vega,
};

std::string_view to_string(RiskRule rule);

struct RiskViolation {
  RiskRule rule = RiskRule::order_invalid;
  std::string message;
};

struct RiskDecision {
  OrderEffectReport effect;
  std::vector<RiskViolation> violations;
  // Buying-power effect of the order's position before and after the order, and their difference (what the
  // order adds; negative when it frees buying power). Zero when the check stopped before margin.
  Money requirement_before;
  Money requirement_after;
  Money requirement_added;

  bool approved() const { return violations.empty(); }
  bool violates(RiskRule rule) const;
  // "approved (opening)" or the violations' messages joined by "; ".
  std::string describe() const;
  // ok() when approved; otherwise a conflict error whose field is the first violated rule's name and whose
  // message is describe().
  Status status() const;
};

}  // namespace nightdesk::risk
