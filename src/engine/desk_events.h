// Events the trading desk publishes on the loop's bus beside the risk module's own records (the desk also
// publishes risk::BreakerTransition and risk::RiskAlert as they happen). Plain values built on the engine
// thread; safe to copy to any thread (journal, API push).
#pragma once

#include <string>

#include "common/time.h"
#include "execution/order_ids.h"
#include "execution/order_terms.h"
#include "risk/risk_decision.h"

namespace nightdesk::engine {

// The pre-trade check refused an order: it was never handed to the OrderManager.
struct OrderRiskRefused {
  execution::ClientOrderId client_order_id;
  execution::OrderSource source = execution::OrderSource::strategy;
  std::string position_id;
  risk::RiskDecision decision;  // every violated limit with its numbers
  Timestamp time{};
};

// The portfolio took an order's end (Portfolio::on_order_finished): the position's management history may
// have grown (a roll completed, a ladder level re-armed) with no fill or order event that says so.
struct PositionOrderFinished {
  std::string position_id;
  execution::ClientOrderId client_order_id;
  Timestamp time{};
};

// A roll was due but not started (no chain for the underlying, the planner refused, a refused order).
struct RollSkipped {
  std::string position_id;
  std::string reason;
  Timestamp time{};
};

}  // namespace nightdesk::engine
