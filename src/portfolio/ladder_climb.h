// Climbing the profit-taking ladder: which pending levels a P&L % reaches, and how many units each closes
// under the close-quantity rule. Each level fires once; a reached level whose quantity rounds below
// min_close is marked skipped (and stays skipped). Pure function over the caller's level statuses; any thread.
#pragma once

#include <vector>

#include "common/fixed_point.h"
#include "portfolio/exit_settings.h"
#include "portfolio/exit_state.h"
#include "portfolio/percent.h"

namespace nightdesk::portfolio {

struct LadderStep {
  std::size_t level = 0;
  LevelStatus outcome = LevelStatus::fired;  // fired or skipped
  Quantity quantity;                          // units to close (0 when skipped)
  Quantity held_before;                       // units held when the level was computed
};

// True when climb_ladder(ladder, status, pnl, ...) would return a step: some level still pending (or
// beyond `status`) has trigger <= pnl. No allocation; the desk asks this after every quote.
bool reaches_pending_level(const ProfitLadder& ladder, const std::vector<LevelStatus>& status, Percent pnl);

// Walks the levels in order; every pending level with trigger <= pnl is decided against the units still
// held after the earlier levels of this same call (a jump over two levels closes both, in order).
// `status` is resized to the ladder and updated in place.
std::vector<LadderStep> climb_ladder(const ProfitLadder& ladder, std::vector<LevelStatus>& status, Percent pnl,
                                     Quantity held, Quantity min_close);

}  // namespace nightdesk::portfolio
