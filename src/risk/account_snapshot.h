// AccountSnapshot: the account figures the engine feeds the risk module (from the portfolio and the venue),
// and the loss measures the circuit breaker and the pre-trade check read from them. Plain values and pure
// functions; any thread.
#pragma once

#include <cstdint>
#include <string>

#include "common/fixed_point.h"
#include "risk/basis_points.h"

namespace nightdesk::risk {

struct AccountSnapshot {
  Money equity;                // cash + marked value of every position, now
  Money start_of_day_equity;   // equity at the session's open; the daily loss is measured against it
  Money peak_equity;           // highest equity seen (high-water mark); drawdown is measured from it
  Money realized_pnl_today;    // profit positive
  Money unrealized_pnl_today;  // change in open positions' marked value since the open, profit positive
  std::int64_t consecutive_losses = 0;  // losing closed trades in a row (a winner resets it)
};

// A loss against a base: the day's loss against start-of-day equity, or the drawdown against peak equity.
struct LossMeasure {
  Money loss;  // positive when money was lost; a gain is a negative loss
  Money base;

  // Whether loss/base >= limit, exactly. A base <= 0 with any loss >= 0 counts as reached (fail safe).
  bool reached(BasisPoints limit) const;
  // loss/base rounded down to the basis point (a reached limit never prints as less than it); 100% for a
  // base <= 0.
  BasisPoints percent() const;
  // "daily loss 3.2% >= 3.0% (640.00 of 20000.00)".
  std::string describe(std::string_view what, BasisPoints limit) const;
};

// -(realized + unrealized today) against start-of-day equity.
LossMeasure daily_loss(const AccountSnapshot& account);
// peak - equity against peak equity.
LossMeasure drawdown(const AccountSnapshot& account);

}  // namespace nightdesk::risk
