// DeskMetrics: a plain snapshot of the trading desk's counters (risk refusals by rule, breaker state and
// transitions, exits and rolls produced, positions by source). Built on the engine thread by
// TradingDesk::metrics(); a copy may go to any thread. Counters count since the desk started.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "risk/circuit_breaker.h"

namespace nightdesk::engine {

struct DeskMetrics {
  std::uint64_t orders_checked = 0;   // orders the pre-trade check saw
  std::uint64_t orders_refused = 0;   // refused by risk (never reached the OrderManager)
  std::uint64_t submit_errors = 0;    // approved but refused by the OrderManager (invalid, conflict)
  std::map<std::string, std::uint64_t, std::less<>> refusals_by_rule;  // a refusal counts once per violated rule
  risk::BreakerState breaker_state = risk::BreakerState::active;
  std::uint64_t breaker_transitions = 0;
  std::uint64_t breaker_cancels = 0;  // opening orders cancelled on a trip
  std::uint64_t exits_produced = 0;   // exit orders the portfolio planned (ladder, stop, trailing)
  std::uint64_t rolls_started = 0;    // rolls whose first order was produced
  std::uint64_t roll_followups = 0;   // later orders of a roll (close_first step two, recovery)
  std::uint64_t rolls_skipped = 0;    // due but not started (RollSkipped)
  std::uint64_t fills_applied = 0;    // fills booked on positions
  std::uint64_t fill_errors = 0;      // fills the portfolio refused (logged)
  std::uint64_t settlements_applied = 0;  // expiry settlements booked on positions
  std::uint64_t account_updates = 0;  // breaker evaluations
  std::uint64_t positions_bot_managed = 0;  // open (non-flat) positions now
  std::uint64_t positions_manual = 0;

  std::uint64_t refusals(std::string_view rule) const {
    auto it = refusals_by_rule.find(rule);
    return it == refusals_by_rule.end() ? 0 : it->second;
  }
};

}  // namespace nightdesk::engine
