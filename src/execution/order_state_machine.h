// The order state machine: a transition table over (OrderState, OrderEvent) and the functions that move
// an Order through it, recording every transition. Engine thread only, except the refusal counter, which
// any thread (metrics) may read.
// An event the table forbids, or a report whose content does not fit the order (overfill, unknown leg,
// replayed fill id, another order's id), changes nothing and returns an error (conflict or invalid_argument)
// that the caller logs and surfaces; each one is also counted process-wide.
#pragma once

#include <cstdint>
#include <string>

#include "common/error.h"
#include "common/time.h"
#include "execution/execution_report.h"
#include "execution/order.h"
#include "execution/order_state.h"

namespace nightdesk::execution {

// What the table says an event does in a state.
enum class TransitionRule : std::uint8_t {
  illegal,  // refused
  to_state, // moves to the table's target state
  stay,     // allowed, state unchanged (a partial fill while a cancel/replace is in flight; a late refusal
            // of a cancel/replace that raced with the order's end)
  working,  // back to working: accepted if nothing is filled, partially_filled otherwise (filled if the
            // accepted replace lowered the quantity to what is already filled)
};

struct TransitionEntry {
  TransitionRule rule = TransitionRule::illegal;
  OrderState target = OrderState::new_order;  // meaningful for to_state only
};

// The table. Pure; safe from any thread.
TransitionEntry transition(OrderState from, OrderEvent event);

// Engine actions. `now` is the engine clock.
Status submit(Order& order, Timestamp now);
// Refuses an order before it reaches a broker (pre-trade risk, rate limiter): new -> rejected.
Status reject_before_submit(Order& order, std::string reason, Timestamp now);
Status request_cancel(Order& order, Timestamp now);
// Asks the venue for new terms; `terms.quantity` is the new TOTAL and must exceed what is filled.
Status request_replace(Order& order, ReplaceTerms terms, Timestamp now);

// Applies one broker report received at `engine_time`. A fill is added to its leg (exact average) and
// moves the order to partially_filled, or filled once every leg is complete; a fill while a cancel or
// replace is in flight keeps the pending state (a replace then works whatever is left).
Status apply(Order& order, const ExecutionReport& report, Timestamp engine_time);

// Events refused since the process started (for metrics). Any thread.
std::uint64_t refused_transition_count();

}  // namespace nightdesk::execution
