// RiskGate: the one object the engine holds for risk: limits, circuit breaker, pre-trade check, trip actions and
// buying power behind the calls the engine makes. Owned by the engine thread; not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/time.h"
#include "execution/order_request.h"
#include "risk/account_snapshot.h"
#include "risk/breaker_actions.h"
#include "risk/buying_power.h"
#include "risk/candidate_order.h"
#include "risk/circuit_breaker.h"
#include "risk/pre_trade_check.h"
#include "risk/risk_decision.h"
#include "risk/risk_limits.h"

namespace nightdesk::risk {

class RiskGate {
 public:
  // `limits` must pass RiskLimits::validate (read_risk_limits ensures it).
  explicit RiskGate(RiskLimits limits) : breaker_(std::move(limits)) {}

  // Before every order is sent.
  RiskDecision check(const CandidateOrder& order, const AccountSnapshot& account, const PortfolioView& portfolio) const {
    return check_order(order, account, portfolio, breaker_);
  }

  // On every account update (fills, marks, closed trades). Returns what to do when the breaker tripped.
  std::optional<BreakerActions> on_account(const AccountSnapshot& account, const std::vector<execution::OrderRequest>& open_orders,
                                           const PortfolioView& portfolio, Timestamp now);

  // A person's halt, reduce-only and reset (the API supplies the admin's identity and reason).
  Result<BreakerActions> halt(std::string who, std::string reason, const std::vector<execution::OrderRequest>& open_orders,
                              const PortfolioView& portfolio, Timestamp now);
  Result<BreakerActions> reduce_only(std::string who, std::string reason,
                                     const std::vector<execution::OrderRequest>& open_orders,
                                     const PortfolioView& portfolio, Timestamp now);
  Result<BreakerActions> reset(std::string who, std::string reason, const AccountSnapshot& account, Timestamp now);

  // Equity less each position's requirement, each visible.
  Result<BuyingPower> buying_power(const AccountSnapshot& account, const PortfolioView& portfolio) const;

  const CircuitBreaker& breaker() const { return breaker_; }
  const RiskLimits& limits() const { return breaker_.limits(); }

 private:
  BreakerActions actions(const BreakerTransition& t, const std::vector<execution::OrderRequest>& open_orders,
                         const PortfolioView& portfolio) const;

  CircuitBreaker breaker_;
};

}  // namespace nightdesk::risk
