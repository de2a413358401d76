#include "common/tick_rule.h"

#include <algorithm>

namespace nightdesk {

Result<Price> round_to_tick(Price price, Price tick, Rounding rounding) {
  if (tick.units() <= 0) return fail(ErrorCode::invalid_argument, "tick must be positive, got " + tick.to_string(), "tick");
  auto ticks = fixed_point::divide(price.units(), tick.units(), rounding);
  if (!ticks) return std::unexpected(ticks.error());
  return Price::from_units(*ticks).checked_times(tick.units());
}

TickRule TickRule::standard() { return {}; }

TickRule TickRule::penny_pilot() {
  return {Price::from_units(30'000), Price::from_units(100), Price::from_units(500)};
}

TickRule TickRule::flat(Price tick) { return {Price::from_units(0), tick, tick}; }

Price TickRule::tick_at(Price price) const {
  Price magnitude = price.units() < 0 ? Price::from_units(-price.units()) : price;
  return magnitude < threshold ? below : above;
}

bool TickRule::is_on_tick(Price price) const { return price.units() % tick_at(price).units() == 0; }

Result<Price> TickRule::round(Price price, Rounding rounding) const {
  if (auto valid = validate(); !valid) return std::unexpected(valid.error());
  // Round on the grid of the price's own side of the threshold; if that lands on the other side,
  // the threshold itself is the nearest valid price in that direction (it is on both grids).
  auto rounded = round_to_tick(price, tick_at(price), rounding);
  if (!rounded) return rounded;
  if (tick_at(price) == tick_at(*rounded)) return rounded;
  Price edge = price.units() < 0 ? -threshold : threshold;
  if (rounding != Rounding::nearest) return edge;
  // Nearest: the candidates are the threshold and the neighbour on the price's own side.
  Rounding back = price < edge ? Rounding::down : Rounding::up;
  auto own_side = round_to_tick(price, tick_at(price), back);
  if (!own_side) return own_side;
  std::int64_t to_edge = edge.units() - price.units();
  std::int64_t to_own = own_side->units() - price.units();
  if (to_edge < 0) to_edge = -to_edge;
  if (to_own < 0) to_own = -to_own;
  if (to_edge == to_own) return std::max(edge, *own_side);  // an exact half goes up
  return to_edge < to_own ? edge : *own_side;
}

Status TickRule::validate() const {
  if (below.units() <= 0 || above.units() <= 0)
    return fail(ErrorCode::invalid_argument, "tick sizes must be positive", "tick_rule");
  if (threshold.units() < 0) return fail(ErrorCode::invalid_argument, "threshold must not be negative", "tick_rule.threshold");
  if (threshold.units() % below.units() != 0 || threshold.units() % above.units() != 0)
    return fail(ErrorCode::invalid_argument, "threshold must lie on both tick grids", "tick_rule.threshold");
  return ok();
}

const TickRule& TickTable::rule_for(const std::string& underlying) const {
  auto it = rules_.find(underlying);
  return it == rules_.end() ? default_ : it->second;
}

}  // namespace nightdesk
