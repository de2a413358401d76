// P&L attribution by Greek for one position over one period (a trading day): the actual mark-to-mark P&L
// split into delta, gamma, theta and vega terms from the start-of-period Greeks, and the residual that
// they do not explain (higher-order terms, skew moves, model error). Pure; any thread.
//
//   delta = D0 x dS, gamma = 1/2 G0 x dS^2, theta = Theta0 x dt, vega = V0 x d(iv), each x quantity x multiplier;
//   actual = sum (end mark - start mark) x quantity x multiplier (exact money);
//   residual = actual - (delta + gamma + theta + vega), exact once the terms are rounded to money.
#pragma once

#include <map>
#include <span>
#include <string>

#include "common/error.h"
#include "common/fixed_point.h"
#include "portfolio/position_greeks.h"

namespace nightdesk::portfolio {

struct PnlAttribution {
  Money actual;
  Money delta;
  Money gamma;
  Money theta;
  Money vega;
  Money residual;

  PnlAttribution& operator+=(const PnlAttribution& o);
};

// Attributes the P&L of the legs held at `start` through to `end` (quantities from `start`). Errors:
// invalid_argument when the snapshots are of different positions, `end` is before `start`, or a leg of
// `start` is missing from `end` (closed during the period: its P&L is trading P&L, not attribution).
Result<PnlAttribution> attribute_pnl(const PositionGreeks& start, const PositionGreeks& end);

struct DailyAttribution {
  std::map<std::string, PnlAttribution> by_position;
  PnlAttribution total;
  std::vector<std::string> skipped;  // positions not attributed, each "id: reason"
};

// Attributes every position present in both snapshots (matched by id); the others are listed as skipped.
DailyAttribution attribute_day(std::span<const PositionGreeks> start_of_day, std::span<const PositionGreeks> end_of_day);

}  // namespace nightdesk::portfolio
