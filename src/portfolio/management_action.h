// ManagementAction: one entry of a position's management history: what the bot (or the engine on its
// behalf) did or decided not to do, why, and the numbers it acted on. Plain value; safe to copy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/fixed_point.h"
#include "common/time.h"
#include "portfolio/percent.h"

namespace nightdesk::portfolio {

enum class ManagementActionKind : std::uint8_t {
  opened,                // first fill of the position
  take_profit,           // a ladder level fired: `quantity` units to close
  take_profit_skipped,   // a ladder level was reached but its close quantity rounded below min_close
  take_profit_rearmed,   // the level's close order ended with nothing filled: the level is pending again
  stop_loss,             // P&L % at or below the stop: close everything
  trailing_stop,         // P&L % fell `trail` points from its high-water mark: close everything
  roll_proposed,         // a roll was planned (dry run or before execution)
  roll_refused,          // a roll was wanted but could not be planned (no expiry, debit, ...)
  roll_step,             // one order of a roll finished (filled or not); the note says which step
  roll_recovery,         // close_first: step two failed and the recovery path acted
  roll_completed,        // the roll finished (success or failure; see the roll result)
  closed,                // every leg is flat
  // A person's commands (API); `who` names the person.
  manual_close,          // a person asked to close `quantity` units (order_id: the closing order)
  management_changed,    // a person changed this position's management settings (reason lists them)
  handed_to_manual,      // a person took the position over: the bot no longer acts on it
  handed_to_bot,         // a person handed the position (back) to the bot
};

std::string_view to_string(ManagementActionKind kind);

struct ManagementAction {
  Timestamp time{};
  ManagementActionKind kind = ManagementActionKind::opened;
  std::string reason;                 // one human sentence with the numbers ("P&L +52% >= +50%: close 3 of 10")
  std::optional<Percent> pnl_pct;     // P&L % of entry cost when the decision was taken
  std::optional<Percent> threshold;   // the level, stop or trail it was compared with
  Quantity quantity;                  // units to close / closed; 0 when none
  std::optional<Money> amount;        // money the action is about (roll net credit, realized P&L)
  std::optional<std::size_t> level;   // ladder level index, for take_profit*
  std::string order_id;               // the client order id the action produced, if any
  std::string who;                    // the person who asked; empty for the bot's own decisions
};

}  // namespace nightdesk::portfolio
