#include "engine/account_tracker.h"

#include <algorithm>

namespace nightdesk::engine {

Money marked_value(const portfolio::Portfolio& portfolio) {
  Money total;
  for (const auto& [id, position] : portfolio.positions()) {
    if (position.is_flat()) continue;
    auto value = position.market_value();
    total = total + (value ? *value : position.open_cost());
  }
  return total;
}

Money realized_net_of_fees(const portfolio::Portfolio& portfolio) {
  Money total;
  for (const auto& [id, position] : portfolio.positions()) total = total + position.realized_pnl() - position.fees();
  return total;
}

void AccountTracker::count_closed(const portfolio::Portfolio& portfolio) {
  for (const auto& [id, position] : portfolio.positions()) {
    if (!position.is_flat() || counted_closed_.contains(id)) continue;
    counted_closed_.insert(id);
    Money result = position.realized_pnl() - position.fees();
    consecutive_losses_ = result < Money{} ? consecutive_losses_ + 1 : 0;
  }
}

risk::AccountSnapshot AccountTracker::update(Money cash, const portfolio::Portfolio& portfolio, Timestamp now, bool* new_day) {
  const Money equity = cash + marked_value(portfolio);
  const Money realized = realized_net_of_fees(portfolio);
  auto today = calendar_.new_york_date(now);
  const bool day_changed = !started_ || (today && *today != day_);
  if (day_changed) {
    if (today) day_ = *today;
    start_of_day_equity_ = equity;
    realized_at_day_start_ = realized;
    if (!started_) peak_equity_ = equity;
    started_ = true;
  }
  if (new_day != nullptr) *new_day = day_changed;
  peak_equity_ = std::max(peak_equity_, equity);
  count_closed(portfolio);

  risk::AccountSnapshot s;
  s.equity = equity;
  s.start_of_day_equity = start_of_day_equity_;
  s.peak_equity = peak_equity_;
  s.realized_pnl_today = realized - realized_at_day_start_;
  s.unrealized_pnl_today = (equity - start_of_day_equity_) - s.realized_pnl_today;
  s.consecutive_losses = consecutive_losses_;
  last_ = s;
  return s;
}

}  // namespace nightdesk::engine
