#include "report/performance_metrics.h"

#include <algorithm>
#include <cmath>

namespace nightdesk::report {
namespace {

double mean(std::span<const double> values) {
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

}  // namespace

std::optional<double> sharpe_ratio(std::span<const double> daily_returns) {
  if (daily_returns.size() < 2) return std::nullopt;
  const double m = mean(daily_returns);
  double squares = 0;
  for (double r : daily_returns) squares += (r - m) * (r - m);
  const double stdev = std::sqrt(squares / static_cast<double>(daily_returns.size() - 1));
  if (!(stdev > 0)) return std::nullopt;
  return m / stdev * std::sqrt(kTradingDaysPerYear);
}

std::optional<double> sortino_ratio(std::span<const double> daily_returns) {
  if (daily_returns.size() < 2) return std::nullopt;
  double squares = 0;
  for (double r : daily_returns) squares += r < 0 ? r * r : 0.0;
  const double downside = std::sqrt(squares / static_cast<double>(daily_returns.size()));
  if (!(downside > 0)) return std::nullopt;
  return mean(daily_returns) / downside * std::sqrt(kTradingDaysPerYear);
}

DrawdownFigure max_drawdown(std::span<const Money> equity) {
  DrawdownFigure worst;
  if (equity.empty()) return worst;
  Money peak = equity.front();
  for (Money e : equity) {
    peak = std::max(peak, e);
    const Money drop = peak - e;
    worst.amount = std::max(worst.amount, drop);
    if (peak > Money{}) worst.ratio = std::max(worst.ratio, drop.to_double() / peak.to_double());
  }
  return worst;
}

TradeStats trade_stats(std::span<const Money> closed_trade_pnls) {
  TradeStats s;
  Money net;
  for (Money pnl : closed_trade_pnls) {
    ++s.closed;
    net += pnl;
    if (pnl > Money{}) {
      ++s.winners;
      s.gross_profit += pnl;
    } else if (pnl < Money{}) {
      ++s.losers;
      s.gross_loss -= pnl;
    }
  }
  if (s.closed == 0) return s;
  s.win_rate = static_cast<double>(s.winners) / static_cast<double>(s.closed);
  if (s.gross_loss > Money{}) s.profit_factor = s.gross_profit.to_double() / s.gross_loss.to_double();
  s.average_trade = Money::from_units(*fixed_point::divide(net.units(), s.closed, Rounding::nearest));
  return s;
}

}  // namespace nightdesk::report
