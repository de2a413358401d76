#include "portfolio/position_greeks.h"

#include <fmt/format.h>

#include "portfolio/leg_greeks.h"

namespace nightdesk::portfolio {

GreekSet greek_set(const pricing::Greeks& g) {
  return GreekSet{g.delta, g.gamma, pricing::theta_in(g, pricing::ThetaConvention::per_calendar_day),
                  pricing::vega_per_vol_point(g)};
}

Result<PositionGreeks> position_greeks(const Position& position, double spot, Timestamp now,
                                       const TradingCalendar& calendar, const PricingAssumptions& assumptions) {
  if (position.is_flat()) return fail(ErrorCode::invalid_argument, "a flat position has no Greeks", "position");
  PositionGreeks out;
  out.position_id = position.id();
  out.underlying = position.underlying();
  out.as_of = now;
  out.spot = spot;
  UnitShape shape = position.unit_shape();
  out.units = shape.units;
  for (std::size_t i = 0; i < position.legs().size(); ++i) {
    const PositionLeg& leg = position.legs()[i];
    std::string field = fmt::format("legs[{}]", i);
    if (!leg.mark) return fail(ErrorCode::unavailable, "no mark yet", field + ".mark");
    double years = 0;
    if (leg.instrument.is_option()) {
      auto y = calendar.years_to_expiry(now, leg.instrument.expiry);
      if (!y) return std::unexpected(y.error());
      years = *y;
    }
    auto g = leg_greeks(leg.instrument, *leg.mark, leg.quoted_iv, spot, years, assumptions);
    if (!g) {
      Error e = g.error();
      e.field = field + "." + e.field;
      return std::unexpected(e);
    }
    GreekSet per_share = greek_set(g->per_share);
    double scale = static_cast<double>(leg.quantity.count()) * leg.multiplier();
    out.per_unit += GreekSet{per_share.delta * shape.ratios[i], per_share.gamma * shape.ratios[i],
                             per_share.theta * shape.ratios[i], per_share.vega * shape.ratios[i]};
    out.position += GreekSet{per_share.delta * scale, per_share.gamma * scale, per_share.theta * scale, per_share.vega * scale};
    out.legs.push_back(LegRisk{leg.instrument, leg.quantity, *leg.mark, spot, g->iv, g->iv_solved, g->per_share});
  }
  out.dollar_delta = out.position.delta * spot;
  out.dollar_gamma_1pct = out.position.gamma * spot * spot * 0.01;
  return out;
}

}  // namespace nightdesk::portfolio
