// BuildContext: what an order template needs besides its parameters and the chain: the instant, the trading
// calendar and the assumptions for computing Greeks. Plain value; built and used on the engine thread.
#pragma once

#include "common/tick_rule.h"
#include "common/time.h"
#include "common/trading_calendar.h"
#include "pricing/option_types.h"

namespace nightdesk::strategy {

// Rates for Greeks (continuously compounded, per year). The model prices European BSM by default: delta
// targeting needs a consistent ranking of strikes, not an exercise premium.
struct PricingAssumptions {
  pricing::Model model = pricing::Model::bsm;
  double rate = 0.04;
  double dividend_yield = 0.0;
};

struct BuildContext {
  const TradingCalendar* calendar = nullptr;  // required; must outlive the build call
  Timestamp now{};                            // the chain's instant; "today" is its New York date
  PricingAssumptions pricing;
  // A default limit price (the net mid) is rounded onto these grids in the favourable direction:
  // a combo's net price down (pay less / receive more), a single leg down to buy and up to sell.
  TickRule combo_ticks = TickRule::flat(Price::from_units(100));
  TickRule option_ticks = TickRule::penny_pilot();
};

}  // namespace nightdesk::strategy
