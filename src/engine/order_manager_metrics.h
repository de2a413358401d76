// OrderManagerMetrics: a plain snapshot of the order manager's counters (orders by state, fills,
// rejects by reason, walk steps, replaces, slippage spend, budget stops, rate limiting, illegal
// transitions). Built on the engine thread by OrderManager::metrics(); a copy may go to any thread.
// Counters count since the manager started; orders_by_state and the slippage figures are current values.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/fixed_point.h"
#include "execution/order_state.h"

namespace nightdesk::engine {

struct OrderManagerMetrics {
  std::array<std::uint64_t, execution::kOrderStateCount> orders_by_state{};  // orders held now, by OrderState
  std::uint64_t orders_submitted = 0;   // new parent orders accepted by submit()
  std::uint64_t duplicate_submits = 0;  // resubmissions of a held client id (answered with the held order)
  std::uint64_t fills = 0;              // fill reports applied (one per leg execution)
  std::uint64_t filled_contracts = 0;   // contracts over all legs
  std::map<std::string, std::uint64_t, std::less<>> rejects_by_reason;  // reason key (text before ':')
  std::uint64_t walks_started = 0;
  std::uint64_t walks_refused = 0;      // daily budget spent, no usable quote
  std::uint64_t walk_steps = 0;         // replaces a walk asked for
  std::uint64_t replaces_sent = 0;      // replaces that reached the broker
  std::uint64_t replaces_accepted = 0;
  std::uint64_t cancels_sent = 0;
  Money slippage_spent_today;           // daily budget spend (costs only)
  std::optional<Money> daily_slippage_budget;
  std::uint64_t order_budget_stops = 0; // walks stopped by their per-order slippage budget
  std::uint64_t daily_budget_blocks = 0;// new walks refused because the day's budget is spent
  std::uint64_t rate_limit_queued = 0;
  std::uint64_t rate_limit_released = 0;
  std::uint64_t rate_limit_rejected = 0;
  std::uint64_t illegal_transitions = 0;  // events the state machine refused (logged and published)
  std::uint64_t unknown_order_reports = 0;

  std::uint64_t orders_in(execution::OrderState state) const { return orders_by_state[static_cast<std::size_t>(state)]; }
  std::uint64_t rejects(std::string_view reason) const {
    auto it = rejects_by_reason.find(reason);
    return it == rejects_by_reason.end() ? 0 : it->second;
  }
};

// The metric label of a reject reason: the text before the first ':' ("off_tick: limit 1.23 ..." ->
// "off_tick"), or the whole text when it has none; "unspecified" when empty.
std::string reject_reason_key(std::string_view reason);

}  // namespace nightdesk::engine
