// ExitState: what the exit rules remember about one position between quotes: which ladder levels have
// fired or been skipped, the high-water P&L % for the trailing stop, and the exit order still working (one at a time).
// Plain value owned by its Position (engine thread).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "portfolio/percent.h"

namespace nightdesk::portfolio {

enum class LevelStatus : std::uint8_t { pending, fired, skipped };

// An exit order the bot (or a person) asked for and the engine has not finished yet; no new exit is planned
// meanwhile.
struct WorkingExit {
  std::string client_order_id;
  std::vector<std::size_t> levels;  // ladder levels this order closes (empty for a stop)
  bool full_close = false;          // stop loss or trailing stop
  std::string requested_by;         // a person's close (the API's who); empty for the bot's own exits
};

struct ExitState {
  std::vector<LevelStatus> levels;     // one per ladder level, sized on first use
  std::optional<Percent> high_water;   // highest P&L % seen while open
  std::optional<WorkingExit> working;  // at most one exit order at a time
};

}  // namespace nightdesk::portfolio
