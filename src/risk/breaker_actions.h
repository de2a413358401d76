// BreakerActions: what the engine must do after a circuit-breaker transition: cancel the open orders that
// would open risk, and send the alert. Pure function; any thread.
#pragma once

#include <string>
#include <vector>

#include "execution/order_ids.h"
#include "execution/order_request.h"
#include "risk/circuit_breaker.h"
#include "risk/position_view.h"

namespace nightdesk::risk {

enum class AlertSeverity : std::uint8_t { info, critical };

// An event for the bus, the API's WebSocket and notifications.
struct RiskAlert {
  Timestamp time;
  AlertSeverity severity = AlertSeverity::critical;
  BreakerState state = BreakerState::active;
  BreakerTrigger trigger = BreakerTrigger::reset;
  std::string message;  // "circuit breaker halted by drawdown: drawdown 10.4% >= 10.0% (...)"
};

struct BreakerActions {
  BreakerTransition transition;
  std::vector<execution::ClientOrderId> cancel;  // open opening orders; risk-reducing closes are kept
  RiskAlert alert;
};

// A trip (to reducing or halted) cancels every opening order in `open_orders` and raises a critical alert;
// a reset cancels nothing and raises an info alert naming who reset it and why.
BreakerActions breaker_actions(const BreakerTransition& transition, const std::vector<execution::OrderRequest>& open_orders,
                               const std::vector<PositionView>& holdings, ShortPutCollateral short_puts);

}  // namespace nightdesk::risk
