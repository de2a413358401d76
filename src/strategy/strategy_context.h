// StrategyContext: what a strategy may see and do, handed to its callbacks by the StrategyHost: engine time,
// the desk's chains, positions and portfolio Greeks, option analytics, timers, and orders that go only
// through TradingDesk::submit (risk-checked; a strategy cannot reach the venue or the OrderManager's submit).
// Owned by the host, one per strategy; engine thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/scheduler.h"
#include "common/trading_calendar.h"
#include "engine/order_manager.h"
#include "execution/order.h"
#include "market/chain_book.h"
#include "portfolio/portfolio.h"
#include "portfolio/portfolio_greeks.h"
#include "risk/circuit_breaker.h"
#include "strategy/build_context.h"
#include "strategy/option_analytics.h"

namespace nightdesk::strategy {

class StrategyHost;

class StrategyContext {
 public:
  StrategyContext(const StrategyContext&) = delete;
  StrategyContext& operator=(const StrategyContext&) = delete;

  const std::string& strategy_name() const;
  Timestamp now() const;
  const TradingCalendar& calendar() const;

  // --- market and positions (the TradingDesk's own state) ---
  const market::ChainBook& chains() const;
  // nullptr when nothing was quoted for `underlying` yet.
  const market::OptionChain* chain(std::string_view underlying) const;
  const portfolio::Portfolio& portfolio() const;
  // The desk's circuit breaker (its state and transitions; see breaker_hold.h).
  const risk::CircuitBreaker& breaker() const;
  // The desk's Greeks summed per underlying and in total (units of portfolio/position_greeks.h).
  portfolio::PortfolioGreeks portfolio_greeks() const;
  // The instant, calendar and the portfolio's rate and dividend yield for `underlying`: what order templates
  // and option_analytics need.
  BuildContext build_context(std::string_view underlying) const;
  // IV and per-share Greeks of one quoted option of `chain` (src/pricing under build_context()).
  Result<OptionAnalytics> analyse(const market::OptionChain& chain, Date expiry, Price strike, OptionRight right) const;

  // --- orders ---
  // Sends `request` through TradingDesk::submit. The host stamps it as this strategy's (strategy_tag = name,
  // source = strategy) and gives it a client id "<name>-<n>" when it has none. A risk refusal comes back as
  // the desk's conflict (field: the first violated rule) and is counted; nothing reaches the venue.
  Result<const execution::Order*> submit(execution::OrderRequest request,
                                         engine::ExecutionStyle style = engine::ExecutionStyle::smart);
  // Cancels one of this strategy's working orders. not_found for an order that is not its own.
  Status cancel(const execution::ClientOrderId& id);
  // One of this strategy's orders (nullptr when unknown or another's).
  const execution::Order* order(const execution::ClientOrderId& id) const;
  // This strategy's orders that have not ended.
  std::vector<const execution::Order*> working_orders() const;

  // --- timers (engine time: simulated in a backtest, real when live) ---
  // on_timer(tag) runs at `when` (at once on the next turn when it has passed).
  TimerId set_timer(Timestamp when, std::uint64_t tag);
  bool cancel_timer(TimerId id);

  // Records that the strategy declined to act and why (counted; the last reason is kept and logged).
  void skip(std::string reason);

 private:
  friend class StrategyHost;
  StrategyContext(StrategyHost& host, std::size_t slot) : host_(host), slot_(slot) {}

  StrategyHost& host_;
  std::size_t slot_;
};

}  // namespace nightdesk::strategy
