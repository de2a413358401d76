// Slippage against the arrival mid, the per-order slippage budget that bounds a walk, and the daily dollar
// budget that blocks new walks once spent. Sign: slippage is POSITIVE when it costs (a buy above the
// arrival mid, a sell below it; a combo's net price counts as a buy) and negative for price improvement.
// Pure functions; DailySlippageBudget is owned by the engine thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/error.h"
#include "common/fixed_point.h"
#include "execution/execution_events.h"
#include "execution/order_terms.h"

namespace nightdesk::execution {

struct Slippage {
  Price per_share;                    // side-adjusted distance from the arrival mid (per share / net per unit)
  double ticks = 0.0;                 // per_share / tick
  Money dollars;                      // per_share x quantity x multiplier
  std::optional<double> pct_of_spread;  // per_share / arrival spread x 100; none when the spread was <= 0
};

// Slippage of `quantity` units done at `price` by an order priced on `side`, against `arrival_mid` and
// `arrival_spread`. Errors: tick <= 0, multiplier <= 0, overflow.
Result<Slippage> measure_slippage(Side side, Price price, Price arrival_mid, Price arrival_spread, Quantity quantity,
                                  std::int64_t multiplier, Price tick);

// A cap on one order's slippage, as a percent of its arrival spread (50 = half the spread, i.e. the
// arrival far touch when starting from mid). A walk stops when its NEXT price would slip more.
struct OrderSlippageBudget {
  double pct_of_arrival_spread = 50.0;
  WalkEndAction on_hit = WalkEndAction::rest;  // rest at the last allowed price, or cancel

  Status validate() const;
  // Whether a limit at `price` stays within the budget (slippage <= budget; a zero or crossed arrival
  // spread allows no cost at all).
  bool allows(Side side, Price price, Price arrival_mid, Price arrival_spread) const;
};

// The day's slippage spend across all orders against a dollar limit. Only costs are spent: price
// improvement on one order does not refund the budget for the next.
class DailySlippageBudget {
 public:
  // No limit: nothing is ever refused, spend is still tracked.
  explicit DailySlippageBudget(std::optional<Money> limit = std::nullopt) : limit_(limit) {}

  // Starts a new trading day with nothing spent (the engine calls it at each session open).
  void start_day() { spent_ = Money(); }
  // Adds a fill's slippage in dollars; negative values (improvement) spend nothing.
  void record(Money slippage);
  Money spent() const { return spent_; }
  std::optional<Money> limit() const { return limit_; }
  // What is left (never negative); none when there is no limit.
  std::optional<Money> remaining() const;
  // ok while spend is below the limit; conflict with "daily slippage budget spent: $X of $Y" otherwise.
  Status admit_new_walk() const;

 private:
  std::optional<Money> limit_;
  Money spent_;
};

}  // namespace nightdesk::execution
