// The close-quantity rule of the profit-taking ladder (spec A7; the original bot's P0 bug rounded a
// partial level up to a full close). Pure function; any thread.
#pragma once

#include "common/fixed_point.h"
#include "portfolio/percent.h"

namespace nightdesk::portfolio {

// Units to close for a level that takes `take` of `held` units:
//   take >= 100%      -> everything held;
//   q = floor(held x take); q < min_close -> 0 (skip the level; never round up to a full close);
//   never more than held. held <= 0 or take <= 0 -> 0.
// Pinned: (1, 30%) -> 0, (1, 100%) -> 1, (10, 30%) -> 3, (2, 30%) -> 0, (4, 50%) -> 2.
Quantity close_quantity(Quantity held, Percent take, Quantity min_close = Quantity(1));

}  // namespace nightdesk::portfolio
