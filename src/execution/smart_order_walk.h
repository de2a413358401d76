// SmartOrderWalk: works one limit order from the mid toward the far touch by cancel/replace, re-anchored
// on the current quote at every step (spec A6). Pure logic driven by the engine thread's clock, quotes and
// the order's state; it never sends anything itself, it says what to send. Engine thread only.
//
// Engine loop: begin() -> submit at opening_price(); then on every quote, report and timer call poll()
// and do what it says: replace -> request_replace(order, *decision.replace) and send it (through the rate
// limiter); cancel -> request_cancel and send it; wait -> poll again at wake_at or on the next event.
// The walk steps only while the order is working (accepted / partially_filled), so there is never more
// than one request in flight and never two live orders for one parent.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "common/error.h"
#include "common/fixed_point.h"
#include "common/tick_rule.h"
#include "common/time.h"
#include "execution/execution_events.h"
#include "execution/net_quote.h"
#include "execution/order.h"
#include "execution/order_request.h"
#include "execution/slippage_budget.h"

namespace nightdesk::execution {

// Defaults are the original bot's settings. Percentages place a price inside the CURRENT spread measured
// from the near touch: 0% = near touch (bid for a buy), 50% = mid, 100% = far touch (ask for a buy).
struct SmartExecutionConfig {
  bool use_mid_price = true;                          // open at 50% (the mid); false: at the near touch
  Nanoseconds cancel_after = std::chrono::seconds(30);  // time at one price, without a complete fill, before a step
  double step_pct_of_spread = 10.0;                   // each step moves this far, in percent of the current spread
  std::int32_t max_attempts = 10;                     // replaces at most
  double max_walk_pct_of_spread = 100.0;              // never priced past this position (100% = the far touch)
  WalkEndAction on_exhausted = WalkEndAction::rest;   // at the far touch / after max_attempts: rest or cancel
  std::optional<OrderSlippageBudget> slippage_budget; // none: only the far touch bounds the walk

  // Errors name the key: step in (0, 100], max walk in [0, 100], attempts >= 0, cancel_after > 0.
  Status validate() const;
};

enum class WalkAction : std::uint8_t { wait, replace, cancel };

// What the engine should do after a poll, and the events to publish.
struct WalkDecision {
  WalkAction action = WalkAction::wait;
  std::optional<ReplaceTerms> replace;       // action == replace (quantity is the order's total, unchanged)
  std::optional<Timestamp> wake_at;          // wait: poll again at this time even if nothing else happens
  std::optional<WalkStep> step;              // action == replace
  std::optional<WalkStopped> stopped;        // the walk ended in this poll (published once)
  std::optional<SlippageBudgetHit> budget_hit;
};

class SmartOrderWalk {
 public:
  // Plans the opening price of `request` (a limit order; for a combo, priced on its net quote) against
  // the arrival quote, rounded to `tick_rule` passively (a buy down, a sell up). Refused (conflict) when
  // `daily` says the day's slippage budget is spent; invalid_argument for a bad config or a non-limit order.
  static Result<SmartOrderWalk> begin(const SmartExecutionConfig& config, const OrderRequest& request,
                                      const NetQuote& arrival, TickRule tick_rule,
                                      const DailySlippageBudget* daily = nullptr);

  Price opening_price() const { return opening_price_; }
  const NetQuote& arrival() const { return arrival_; }
  Side side() const { return side_; }
  std::int32_t attempts() const { return attempts_; }
  bool stopped() const { return stopped_; }

  // Decides the next move for `order` (the walked order, as the registry holds it) given the current
  // quote (nullptr when none is usable: the walk waits, it never steps blind) at engine time `now`.
  WalkDecision poll(const Order& order, const NetQuote* quote, Timestamp now);

 private:
  SmartOrderWalk() = default;
  // The limit at `position_bps` of `quote`'s spread, rounded toward the far side and never past the cap.
  Result<Price> walk_price(const NetQuote& quote, std::int32_t position_bps) const;
  WalkDecision stop(const Order& order, WalkStopReason reason, WalkEndAction action, std::string detail, Timestamp now);

  SmartExecutionConfig config_;
  TickRule tick_rule_;
  ClientOrderId client_order_id_;
  Side side_ = Side::buy;
  bool single_leg_ = true;
  NetQuote arrival_;
  Price opening_price_;
  std::int32_t start_bps_ = 5'000;
  std::int32_t step_bps_ = 1'000;
  std::int32_t max_bps_ = 10'000;
  std::int32_t steps_ = 0;     // spread positions advanced (a step that rounds onto the same tick moves on)
  std::int32_t attempts_ = 0;  // replaces asked for
  bool stopped_ = false;
};

}  // namespace nightdesk::execution
