// Typed events that execution emits for the engine's message bus (journal, API push, metrics):
// immutable plain structs, one per thing that happened. Built on the engine thread; safe to copy.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/fixed_point.h"
#include "common/time.h"
#include "execution/fill.h"
#include "execution/order.h"
#include "execution/order_ids.h"
#include "execution/order_state.h"

namespace nightdesk::execution {

// An order moved from one state to another (every transition, journaled).
struct OrderStateChanged {
  ClientOrderId client_order_id;
  OrderId order_id;
  OrderTransition transition;
};

// An event the state machine refused (an illegal transition): logged, counted and surfaced.
struct OrderTransitionRefused {
  ClientOrderId client_order_id;
  OrderState state = OrderState::new_order;
  OrderEvent event = OrderEvent::submit;
  std::string reason;
  Timestamp time{};
};

// A fill was applied to an order.
struct OrderFilled {
  Fill fill;
  Quantity order_filled;  // units filled after this fill
  Quantity order_leaves;  // units left after this fill
  OrderState state_after = OrderState::partially_filled;
};

// The walk moved an order's limit price (a replace it asks the engine to send).
struct WalkStep {
  ClientOrderId client_order_id;
  std::int32_t attempt = 0;  // 1 for the first step after the opening price
  Price from_price;
  Price to_price;
  Price anchor_mid;      // the mid of the quote this step was anchored on (net mid for a combo)
  Price anchor_spread;   // that quote's spread (net spread for a combo)
  std::int32_t position_bps = 0;  // where to_price sits in that spread: 0 near touch, 5000 mid, 10000 far touch
  Quantity leaves;       // units the replaced order will work
  Timestamp time{};
};

// Why a walk stopped stepping.
enum class WalkStopReason : std::uint8_t {
  filled,           // the order filled completely
  far_touch,        // at max_walk_pct_of_spread (100% = the far touch); nothing further to walk to
  max_attempts,     // max_attempts steps taken
  slippage_budget,  // the next step would exceed the order's slippage budget
  order_closed,     // the order was cancelled, rejected or expired by someone else
  limit_price,      // the next step would pass the trader's own limit (the worst price accepted)
  person_replaced,  // a person replaced the order's terms: it works at them, the walk steps no more
};
std::string_view to_string(WalkStopReason reason);

// What a stopped walk leaves behind.
enum class WalkEndAction : std::uint8_t { rest, cancel };
std::string_view to_string(WalkEndAction action);

struct WalkStopped {
  ClientOrderId client_order_id;
  WalkStopReason reason = WalkStopReason::filled;
  WalkEndAction action = WalkEndAction::rest;  // rest at `last_price`, or the engine cancels the order
  Price last_price;
  std::int32_t attempts = 0;
  std::string detail;  // human-readable numbers, e.g. "next 1.37 would slip 60% of arrival spread > 50%"
  Timestamp time{};
};

// A slippage budget stopped something: one order's walk (scope order) or new walks for the day (daily).
enum class SlippageBudgetScope : std::uint8_t { order, daily };
struct SlippageBudgetHit {
  SlippageBudgetScope scope = SlippageBudgetScope::order;
  ClientOrderId client_order_id;  // the order concerned (the refused one, for daily)
  Money budget;                   // daily: dollars; order: the budget in dollars for that order
  Money spent;                    // daily: spent so far today; order: what the next step would cost
  std::string detail;
  Timestamp time{};
};

// A new walk was refused before it started (daily budget spent, no two-sided quote, bad config).
struct WalkRefused {
  ClientOrderId client_order_id;
  std::string reason;
  Timestamp time{};
};

// The rate limiter queued or rejected an order request (it never drops one silently).
enum class ThrottleOutcome : std::uint8_t { queued, rejected, released };
struct OrderRequestThrottled {
  ClientOrderId client_order_id;
  ThrottleOutcome outcome = ThrottleOutcome::queued;
  std::string account;
  std::string reason;
  Timestamp time{};
};

}  // namespace nightdesk::execution
