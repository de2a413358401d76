// PositionGreeks: one position's Greeks, per unit of its structure and for the whole position (legs x
// signed quantity x multiplier), with each leg's inputs kept for P&L attribution. Computed on the engine
// thread from the position's marks; the function is pure and callable from any thread on values it owns.
//
// Units (stated once): delta in shares (share-equivalents), gamma in shares per $1 of the underlying, theta
// in $ per calendar day, vega in $ per vol point (20% -> 21%). per_unit is per share of one structure unit;
// position is in dollars (x quantity x multiplier).
#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "common/time.h"
#include "common/trading_calendar.h"
#include "pricing/greeks.h"
#include "portfolio/position.h"
#include "portfolio/pricing_assumptions.h"

namespace nightdesk::portfolio {

struct GreekSet {
  double delta = 0;
  double gamma = 0;
  double theta = 0;  // per calendar day
  double vega = 0;   // per vol point

  GreekSet& operator+=(const GreekSet& o) {
    delta += o.delta, gamma += o.gamma, theta += o.theta, vega += o.vega;
    return *this;
  }
};

// A leg as it was priced: enough to attribute its P&L later.
struct LegRisk {
  market::Instrument instrument;
  Quantity quantity;  // signed contracts
  Price mark;
  double spot = 0;
  double iv = 0;
  bool iv_solved = false;
  pricing::Greeks per_share;  // pricing units (greeks.h); first order only for American legs (leg_greeks.h)
};

struct PositionGreeks {
  std::string position_id;
  std::string underlying;
  Timestamp as_of{};
  double spot = 0;
  Quantity units;
  GreekSet per_unit;
  GreekSet position;
  double dollar_delta = 0;       // position delta x spot
  double dollar_gamma_1pct = 0;  // change of dollar delta for a 1% move of the underlying
  std::vector<LegRisk> legs;
};

// The per-share Greeks converted to GreekSet units (theta per calendar day, vega per vol point).
GreekSet greek_set(const pricing::Greeks& per_share);

// Greeks of every leg at its mark and `spot`, time to expiry from `calendar` at `now`. unavailable when a
// leg has no mark; the pricing error (field "price") when a mark has no implied volatility; invalid_argument
// for a flat position or a bad spot. `previous` (optional): the same position's last Greeks under the same
// assumptions; a leg whose inputs are unchanged since (instrument, mark, IV source, spot, `now`) keeps its
// per-share Greeks instead of being priced again, so a quote of one leg prices that leg only. The result
// is the same as without it.
Result<PositionGreeks> position_greeks(const Position& position, double spot, Timestamp now,
                                       const TradingCalendar& calendar, const PricingAssumptions& assumptions,
                                       const PositionGreeks* previous = nullptr);

}  // namespace nightdesk::portfolio
