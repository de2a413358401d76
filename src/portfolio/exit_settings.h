// Exit settings of bot-managed positions: the profit-taking ladder (two presets), the stop loss and the
// trailing stop. Every percentage is of the position's open cost (entry cost), the unit of P&L % (position.h).
// Plain values; safe to copy across threads.
#pragma once

#include <vector>

#include "common/error.h"
#include "common/fixed_point.h"
#include "portfolio/percent.h"

namespace nightdesk::portfolio {

// When P&L % reaches `trigger`, close `take` of the units held at that moment (100% = all the rest).
struct ProfitLevel {
  Percent trigger;
  Percent take;

  bool operator==(const ProfitLevel&) const = default;
};

struct ProfitLadder {
  std::vector<ProfitLevel> levels;

  // The engine's default: (+50%, 30%), (+100%, 50%), (+200%, 20%).
  static ProfitLadder standard();
  // The original bot's "aggressive": (+100%, 50%), (+200%, 25%), (+400%, 15%), (+1000%, 100% of the rest).
  static ProfitLadder aggressive();
  // Triggers > 0 and strictly ascending; takes in (0%, 100%]. The error names "levels[i].trigger"/".take".
  Status validate() const;

  bool operator==(const ProfitLadder&) const = default;
};

struct StopLossSettings {
  bool enabled = true;
  Percent stop = Percent::points(-200);  // close everything at or below this P&L % (< 0)
};

// Close everything when P&L % falls `trail` percentage points below its high-water mark, once the
// high-water mark has reached `activation` (so a position is not stopped out of a +3% wiggle).
// Example: trail 25, high water +80% -> close at +55% or lower.
struct TrailingStopSettings {
  bool enabled = false;
  Percent trail = Percent::points(25);
  Percent activation = Percent::points(50);
};

struct ExitSettings {
  ProfitLadder ladder = ProfitLadder::standard();
  StopLossSettings stop_loss;
  TrailingStopSettings trailing;
  Quantity min_close{1};  // a ladder level closing fewer units than this is skipped

  Status validate() const;
};

}  // namespace nightdesk::portfolio
