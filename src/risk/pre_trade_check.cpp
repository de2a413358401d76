#include "risk/pre_trade_check.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "risk/buying_power.h"
#include "risk/margin_requirement.h"

namespace nightdesk::risk {
namespace {

void add(RiskDecision& d, RiskRule rule, std::string message) { d.violations.push_back({rule, std::move(message)}); }

// Problems that stop the check before any number can be measured.
bool check_shape(const CandidateOrder& order, RiskDecision& d) {
  if (auto s = order.request.validate(); !s) {
    add(d, RiskRule::order_invalid, fmt::format("order invalid: {}", s.error().describe()));
    return false;
  }
  const auto& legs = order.request.legs;
  const bool one_underlying = std::all_of(legs.begin(), legs.end(), [&](const execution::OrderLeg& l) {
    return l.instrument.underlying == legs.front().instrument.underlying;
  });
  if (!one_underlying) {
    add(d, RiskRule::order_invalid, "order invalid: legs on more than one underlying");
    return false;
  }
  if (order.legs.size() != legs.size()) {
    add(d, RiskRule::market_data, fmt::format("market data for {} of {} legs", order.legs.size(), legs.size()));
    return false;
  }
  return true;
}

void check_breaker(const CircuitBreaker& breaker, RiskDecision& d) {
  if (breaker.allows_opening()) return;
  std::string last;
  if (!breaker.audit_log().empty()) {
    const auto& t = breaker.audit_log().back();
    last = fmt::format(" since {} ({})", to_string(t.trigger), t.numbers.empty() ? t.reason : t.numbers);
  }
  add(d, RiskRule::circuit_breaker,
      fmt::format("circuit breaker {}{}: only risk-reducing orders", to_string(breaker.state()), last));
}

void check_losses(const AccountSnapshot& account, const CircuitBreaker& breaker, RiskDecision& d) {
  const RiskLimits& limits = breaker.limits();
  const LossMeasure day = daily_loss(account);
  if (day.reached(limits.max_daily_loss) && !breaker.acknowledged(BreakerTrigger::daily_loss, account))
    add(d, RiskRule::daily_loss, day.describe("daily loss", limits.max_daily_loss));
  const LossMeasure dd = drawdown(account);
  if (dd.reached(limits.max_drawdown) && !breaker.acknowledged(BreakerTrigger::drawdown, account))
    add(d, RiskRule::drawdown, dd.describe("drawdown", limits.max_drawdown));
  if (account.consecutive_losses >= limits.max_consecutive_losses &&
      !breaker.acknowledged(BreakerTrigger::consecutive_losses, account))
    add(d, RiskRule::consecutive_losses, fmt::format("consecutive losses {} >= {}", account.consecutive_losses,
                                                     limits.max_consecutive_losses));
}

// `amount` against `limit` x equity; a violation names `what` with both percentages and the money.
void check_share(RiskDecision& d, RiskRule rule, std::string_view what, Money amount, Money equity, BasisPoints limit) {
  if (compare_ratio(amount, equity, limit) <= 0) return;
  const BasisPoints measured = ratio(amount, equity, Rounding::up).value_or(BasisPoints(INT64_MAX));
  add(d, rule, fmt::format("{} {} > {} ({} of equity {})", what, measured.to_string(), limit.to_string(),
                           amount.to_string(), equity.to_string()));
}

void check_margin(const CandidateOrder& order, const AccountSnapshot& account, const PortfolioView& portfolio,
                  const RiskLimits& limits, RiskDecision& d) {
  if (account.equity <= Money{}) {
    add(d, RiskRule::buying_power, fmt::format("equity {} is not positive", account.equity.to_string()));
    return;
  }
  const PositionView target = target_position(order.request, portfolio.positions);
  const Price underlying = order.underlying_price > Price{} ? order.underlying_price : target.underlying_price;
  auto before = margin_requirement(target.legs, underlying, limits.short_put_collateral);
  auto after_legs = target.legs;
  for (auto& l : order_legs(order.request, order.leg_prices())) after_legs.push_back(std::move(l));
  auto after = margin_requirement(std::move(after_legs), underlying, limits.short_put_collateral);
  auto in_use = buying_power(account.equity, portfolio.positions, limits.short_put_collateral);
  for (const Error* e : {before ? nullptr : &before.error(), after ? nullptr : &after.error(),
                         in_use ? nullptr : &in_use.error()}) {
    if (e == nullptr) continue;
    add(d, RiskRule::market_data, fmt::format("cannot price the requirement: {}", e->describe()));
    return;
  }
  d.requirement_before = before->buying_power_effect;
  d.requirement_after = after->buying_power_effect;
  d.requirement_added = d.requirement_after - d.requirement_before;
  check_share(d, RiskRule::risk_per_trade, "risk per trade", d.requirement_added, account.equity, limits.max_risk_per_trade);
  check_share(d, RiskRule::position_size, fmt::format("position size ({})", to_string(after->structure)),
              d.requirement_after, account.equity, limits.max_position_size);
  if (d.requirement_added > in_use->available)
    add(d, RiskRule::buying_power,
        fmt::format("buying power: order needs {}, {} available (equity {} - {} in use)", d.requirement_added.to_string(),
                    in_use->available.to_string(), account.equity.to_string(), in_use->in_use.to_string()));
}

void check_greek(RiskDecision& d, RiskRule rule, const std::string& underlying, double before, double added,
                 const std::optional<double>& limit) {
  const double after = before + added;
  if (!limit || std::fabs(after) <= *limit || std::fabs(after) < std::fabs(before)) return;
  add(d, rule, fmt::format("{} {} |{:.1f}| > {:.1f} (now {:.1f})", to_string(rule), underlying, after, *limit, before));
}

void check_greeks(const CandidateOrder& order, const PortfolioView& portfolio, const RiskLimits& limits, RiskDecision& d) {
  std::vector<LegGreeks> greeks;
  for (const auto& l : order.legs) greeks.push_back(l.greeks);
  for (const auto& [underlying, added] : order_greeks(order.request, greeks)) {
    auto it = portfolio.greeks.find(underlying);
    const GreekExposure now = it == portfolio.greeks.end() ? GreekExposure{} : it->second;
    const GreekLimits& g = limits.greeks_for(underlying);
    check_greek(d, RiskRule::delta, underlying, now.delta, added.delta, g.max_abs_delta);
    check_greek(d, RiskRule::gamma, underlying, now.gamma, added.gamma, g.max_abs_gamma);
    check_greek(d, RiskRule::vega, underlying, now.vega, added.vega, g.max_abs_vega);
  }
}

}  // namespace

RiskDecision check_order(const CandidateOrder& order, const AccountSnapshot& account, const PortfolioView& portfolio,
                         const CircuitBreaker& breaker) {
  RiskDecision d;
  if (!check_shape(order, d)) return d;
  const RiskLimits& limits = breaker.limits();
  d.effect = classify_order_effect(order.request, portfolio.positions, limits.short_put_collateral);
  if (d.effect.effect == OrderEffect::risk_reducing) return d;
  check_breaker(breaker, d);
  check_losses(account, breaker, d);
  check_margin(order, account, portfolio, limits, d);
  check_greeks(order, portfolio, limits, d);
  return d;
}

}  // namespace nightdesk::risk
