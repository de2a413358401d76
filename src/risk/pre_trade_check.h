// The pre-trade check (spec A8): every order (strategy, bot management, roll, manual) is measured against the
// account's limits and the circuit breaker before it is sent. Pure function of its inputs; any thread, as long
// as the breaker is not being changed at the same time (the engine thread owns both).
//
// A risk-reducing order (order_effect.h) is approved whatever the breaker state and the loss limits, so a
// position can always be closed. An opening order must pass, all reported together:
//   breaker active; daily loss, drawdown, consecutive losses below their limits (or acknowledged by a reset);
//   risk per trade:  requirement the order adds  <= max_risk_per_trade x equity;
//   position size:   the position's requirement after the order <= max_position_size x equity;
//   buying power:    requirement the order adds <= equity - requirements in use;
//   Greeks:          per underlying, |exposure after| <= limit, unless the order makes |exposure| smaller.
// "Requirement" is the buying-power effect (margin_requirement.h). For defined-risk structures it is the
// trade's maximum loss; for undefined-risk ones (naked) the Reg-T requirement net of premium stands in for it.
#pragma once

#include <vector>

#include "risk/account_snapshot.h"
#include "risk/candidate_order.h"
#include "risk/circuit_breaker.h"
#include "risk/greek_exposure.h"
#include "risk/position_view.h"
#include "risk/risk_decision.h"

namespace nightdesk::risk {

// What the account holds, as the engine feeds it.
struct PortfolioView {
  std::vector<PositionView> positions;
  GreeksByUnderlying greeks;  // current exposure per underlying; a missing underlying counts as zero
};

// Checks `order` with the breaker's limits and state.
RiskDecision check_order(const CandidateOrder& order, const AccountSnapshot& account, const PortfolioView& portfolio,
                         const CircuitBreaker& breaker);

}  // namespace nightdesk::risk
