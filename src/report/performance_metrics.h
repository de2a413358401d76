// Performance figures of a backtest from its daily returns, equity curve and closed trades. Conventions
// (stated once): daily returns are day P&L / previous close equity; Sharpe and Sortino are annualised by
// sqrt(252) with a risk-free rate of 0; Sharpe uses the sample standard deviation (n - 1); Sortino's
// downside deviation is sqrt(sum(min(r, 0)^2) / n) (target 0). Pure functions; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "common/fixed_point.h"

namespace nightdesk::report {

inline constexpr double kTradingDaysPerYear = 252.0;

// mean / sample stdev x sqrt(252). None with fewer than two returns or a zero deviation.
std::optional<double> sharpe_ratio(std::span<const double> daily_returns);
// mean / downside deviation x sqrt(252). None with fewer than two returns or no losing day.
std::optional<double> sortino_ratio(std::span<const double> daily_returns);

struct DrawdownFigure {
  Money amount;       // the largest peak - equity seen (>= 0)
  double ratio = 0;   // that drop over its peak (the largest ratio, which may be at another point)
};
// The largest fall from a running peak, in money and as a fraction of the peak (peaks <= 0 give ratio 0).
DrawdownFigure max_drawdown(std::span<const Money> equity);

struct TradeStats {
  std::int64_t closed = 0;
  std::int64_t winners = 0;      // net P&L > 0
  std::int64_t losers = 0;       // net P&L < 0 (a flat trade is neither)
  Money gross_profit;            // sum of winners
  Money gross_loss;              // sum of losers, as a positive amount
  std::optional<double> win_rate;       // winners / closed; none without closed trades
  std::optional<double> profit_factor;  // gross profit / gross loss; none without a losing trade
  std::optional<Money> average_trade;   // net / closed, rounded to nearest 1e-4; none without trades
};
// Over the net P&L (after fees) of closed trades.
TradeStats trade_stats(std::span<const Money> closed_trade_pnls);

struct PerformanceSummary {
  Money total_pnl;               // ending - starting equity
  std::optional<double> total_return;  // total_pnl / starting equity; none when that is <= 0
  std::optional<double> sharpe;
  std::optional<double> sortino;
  DrawdownFigure max_drawdown;
  TradeStats trades;
  std::int64_t trading_days = 0;
};

}  // namespace nightdesk::report
