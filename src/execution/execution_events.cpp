#include "execution/execution_events.h"

namespace nightdesk::execution {

std::string_view to_string(WalkStopReason reason) {
  switch (reason) {
    case WalkStopReason::filled: return "filled";
    case WalkStopReason::far_touch: return "far_touch";
    case WalkStopReason::max_attempts: return "max_attempts";
    case WalkStopReason::slippage_budget: return "slippage_budget";
    case WalkStopReason::order_closed: return "order_closed";
    case WalkStopReason::limit_price: return "limit_price";
    case WalkStopReason::person_replaced: return "person_replaced";
  }
  return "unknown";
}

std::string_view to_string(WalkEndAction action) { return action == WalkEndAction::rest ? "rest" : "cancel"; }

}  // namespace nightdesk::execution
