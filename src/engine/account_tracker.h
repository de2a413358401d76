// AccountTracker: the account figures the risk module reads (risk::AccountSnapshot), from the venue's cash
// and the portfolio's marked positions: equity, the day's start, the high-water mark, realized P&L today
// and the run of losing closed positions. The one place these are computed. Engine thread only.
//
// equity = cash + each open position's market value (its open cost while a leg has no mark, i.e. flat P&L).
// The day is the New York date of `now`; its first snapshot fixes start-of-day equity. Day P&L is
// equity - start-of-day equity (fees included); realized today is the change in the positions' realized
// P&L net of fees since then, and unrealized today is the rest.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "common/fixed_point.h"
#include "common/time.h"
#include "common/trading_calendar.h"
#include "portfolio/portfolio.h"
#include "risk/account_snapshot.h"

namespace nightdesk::engine {

class AccountTracker {
 public:
  explicit AccountTracker(const TradingCalendar& calendar) : calendar_(calendar) {}

  // The snapshot at `now` with `cash` (the venue's balance). Moves the day, the peak and the loss run.
  // Returns true in `new_day` when this call started a trading day (the caller marks start-of-day Greeks).
  risk::AccountSnapshot update(Money cash, const portfolio::Portfolio& portfolio, Timestamp now, bool* new_day = nullptr);
  // The last snapshot update() returned (zeros before the first).
  const risk::AccountSnapshot& last() const { return last_; }

 private:
  // Counts positions that went flat since the last call: a loser extends the run, a winner ends it.
  void count_closed(const portfolio::Portfolio& portfolio);

  const TradingCalendar& calendar_;
  Date day_{};
  bool started_ = false;
  Money start_of_day_equity_;
  Money peak_equity_;
  Money realized_at_day_start_;
  std::int64_t consecutive_losses_ = 0;
  std::set<std::string, std::less<>> counted_closed_;
  risk::AccountSnapshot last_;
};

// Open positions' market value (open cost where a leg has no mark) and all positions' realized P&L net of fees.
Money marked_value(const portfolio::Portfolio& portfolio);
Money realized_net_of_fees(const portfolio::Portfolio& portfolio);

}  // namespace nightdesk::engine
