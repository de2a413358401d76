#include "portfolio/ladder_climb.h"

#include "portfolio/close_quantity.h"

namespace nightdesk::portfolio {

bool reaches_pending_level(const ProfitLadder& ladder, const std::vector<LevelStatus>& status, Percent pnl) {
  for (std::size_t i = 0; i < ladder.levels.size(); ++i)
    if ((i >= status.size() || status[i] == LevelStatus::pending) && pnl >= ladder.levels[i].trigger) return true;
  return false;
}

std::vector<LadderStep> climb_ladder(const ProfitLadder& ladder, std::vector<LevelStatus>& status, Percent pnl,
                                     Quantity held, Quantity min_close) {
  status.resize(ladder.levels.size(), LevelStatus::pending);
  std::vector<LadderStep> steps;
  Quantity remaining = held;
  for (std::size_t i = 0; i < ladder.levels.size(); ++i) {
    const ProfitLevel& level = ladder.levels[i];
    if (status[i] != LevelStatus::pending || pnl < level.trigger) continue;
    Quantity q = close_quantity(remaining, level.take, min_close);
    status[i] = q.count() > 0 ? LevelStatus::fired : LevelStatus::skipped;
    steps.push_back(LadderStep{i, status[i], q, remaining});
    remaining = remaining - q;
  }
  return steps;
}

}  // namespace nightdesk::portfolio
