// Tick-size rules for option prices and direction-aware rounding onto the tick grid.
// Plain values; safe to share read-only across threads.
#pragma once

#include <map>
#include <string>

#include "common/fixed_point.h"

namespace nightdesk {

// Rounds `price` onto multiples of `tick` (> 0) in the given direction. Works for negative
// (credit) prices too: down is toward negative infinity.
Result<Price> round_to_tick(Price price, Price tick, Rounding rounding);

// The minimum price increment of an option series: `below` under `threshold`, `above` at or over it.
// Standard classes: $0.05 under $3.00, $0.10 above; penny-pilot classes: $0.01 under $3.00, $0.05 above.
struct TickRule {
  Price threshold = Price::from_units(30'000);
  Price below = Price::from_units(500);
  Price above = Price::from_units(1'000);

  static TickRule standard();
  static TickRule penny_pilot();
  // A single increment at every price (stock, or a combo's net price).
  static TickRule flat(Price tick);

  // The increment that applies at `price` (by its magnitude, so a credit of -3.20 uses `above`).
  Price tick_at(Price price) const;
  bool is_on_tick(Price price) const;
  // The nearest valid price in the given direction. Where the grids meet (at the threshold) the result
  // is valid under the rule that applies to it: rounding 3.03 down on the standard rule gives 3.00,
  // rounding 2.98 up gives 3.00, rounding 3.01 up gives 3.10.
  Result<Price> round(Price price, Rounding rounding) const;
  // Validates the rule itself (positive ticks, threshold a multiple of the lower tick).
  Status validate() const;
};

// Tick rules per underlying, with a default for the rest (configurable per underlying).
class TickTable {
 public:
  explicit TickTable(TickRule default_rule = TickRule::standard()) : default_(default_rule) {}
  void set(const std::string& underlying, TickRule rule) { rules_[underlying] = rule; }
  const TickRule& rule_for(const std::string& underlying) const;

 private:
  TickRule default_;
  std::map<std::string, TickRule, std::less<>> rules_;
};

}  // namespace nightdesk
