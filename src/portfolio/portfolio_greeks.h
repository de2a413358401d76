// PortfolioGreeks: position Greeks summed by underlying and in total, with an optional beta-weighted delta
// expressed in shares of a reference (e.g. SPY). Pure aggregation; any thread on values it owns.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>

#include "portfolio/position_greeks.h"

namespace nightdesk::portfolio {

struct UnderlyingGreeks {
  double spot = 0;
  GreekSet greeks;           // dollar units of position_greeks.h
  double dollar_delta = 0;
  double dollar_gamma_1pct = 0;
  int positions = 0;
};

// Beta weighting: delta_ref_shares = sum over underlyings of delta_shares x spot x beta / reference_price.
struct BetaReference {
  std::string symbol = "SPY";
  double price = 0;                                     // the reference's current price, > 0
  std::map<std::string, double, std::less<>> betas;     // per underlying; a missing one counts as 1.0
};

struct PortfolioGreeks {
  std::map<std::string, UnderlyingGreeks, std::less<>> by_underlying;
  GreekSet total;
  double dollar_delta = 0;
  double dollar_gamma_1pct = 0;
  std::optional<double> beta_weighted_delta;  // shares of the reference; set when a reference was given
};

// Sums `positions`; `reference` (optional, price > 0) adds the beta-weighted delta.
PortfolioGreeks aggregate_greeks(std::span<const PositionGreeks> positions, const BetaReference* reference = nullptr);

}  // namespace nightdesk::portfolio
