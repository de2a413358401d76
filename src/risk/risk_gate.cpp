#include "risk/risk_gate.h"

namespace nightdesk::risk {

BreakerActions RiskGate::actions(const BreakerTransition& t, const std::vector<execution::OrderRequest>& open_orders,
                                 const PortfolioView& portfolio) const {
  return breaker_actions(t, open_orders, portfolio.positions, limits().short_put_collateral);
}

std::optional<BreakerActions> RiskGate::on_account(const AccountSnapshot& account,
                                                   const std::vector<execution::OrderRequest>& open_orders,
                                                   const PortfolioView& portfolio, Timestamp now) {
  auto t = breaker_.evaluate(account, now);
  if (!t) return std::nullopt;
  return actions(*t, open_orders, portfolio);
}

Result<BreakerActions> RiskGate::halt(std::string who, std::string reason,
                                      const std::vector<execution::OrderRequest>& open_orders,
                                      const PortfolioView& portfolio, Timestamp now) {
  auto t = breaker_.halt(std::move(who), std::move(reason), now);
  if (!t) return std::unexpected(t.error());
  return actions(*t, open_orders, portfolio);
}

Result<BreakerActions> RiskGate::reduce_only(std::string who, std::string reason,
                                             const std::vector<execution::OrderRequest>& open_orders,
                                             const PortfolioView& portfolio, Timestamp now) {
  auto t = breaker_.reduce_only(std::move(who), std::move(reason), now);
  if (!t) return std::unexpected(t.error());
  return actions(*t, open_orders, portfolio);
}

Result<BreakerActions> RiskGate::reset(std::string who, std::string reason, const AccountSnapshot& account, Timestamp now) {
  auto t = breaker_.reset(std::move(who), std::move(reason), account, now);
  if (!t) return std::unexpected(t.error());
  return actions(*t, {}, PortfolioView{});
}

Result<BuyingPower> RiskGate::buying_power(const AccountSnapshot& account, const PortfolioView& portfolio) const {
  return risk::buying_power(account.equity, portfolio.positions, limits().short_put_collateral);
}

}  // namespace nightdesk::risk
