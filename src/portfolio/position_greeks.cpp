#include "portfolio/position_greeks.h"

#include <cmath>

#include <fmt/format.h>

#include "portfolio/leg_greeks.h"

namespace nightdesk::portfolio {

GreekSet greek_set(const pricing::Greeks& g) {
  return GreekSet{g.delta, g.gamma, pricing::theta_in(g, pricing::ThetaConvention::per_calendar_day),
                  pricing::vega_per_vol_point(g)};
}

namespace {

// The leg of `previous` priced from exactly the inputs leg_greeks would get now, if there is one.
const LegRisk* unchanged_leg(const PositionGreeks* previous, std::size_t i, const PositionLeg& leg, double spot, Timestamp now) {
  if (previous == nullptr || previous->as_of != now || previous->spot != spot || i >= previous->legs.size()) return nullptr;
  const LegRisk& before = previous->legs[i];
  if (before.mark != *leg.mark || !(before.instrument == leg.instrument)) return nullptr;
  const bool quoted = leg.quoted_iv && std::isfinite(*leg.quoted_iv) && *leg.quoted_iv > 0;
  // The feed's IV is used as given; without one the IV was solved from this same mark.
  const bool same_iv = quoted ? !before.iv_solved && before.iv == *leg.quoted_iv : before.iv_solved;
  return same_iv ? &before : nullptr;
}

}  // namespace

Result<PositionGreeks> position_greeks(const Position& position, double spot, Timestamp now,
                                       const TradingCalendar& calendar, const PricingAssumptions& assumptions,
                                       const PositionGreeks* previous) {
  if (position.is_flat()) return fail(ErrorCode::invalid_argument, "a flat position has no Greeks", "position");
  PositionGreeks out;
  out.position_id = position.id();
  out.underlying = position.underlying();
  out.as_of = now;
  out.spot = spot;
  UnitShape shape = position.unit_shape();
  out.units = shape.units;
  out.legs.reserve(position.legs().size());
  for (std::size_t i = 0; i < position.legs().size(); ++i) {
    const PositionLeg& leg = position.legs()[i];
    auto field = [i] { return fmt::format("legs[{}]", i); };  // only on an error (this runs on every quote)
    if (!leg.mark) return fail(ErrorCode::unavailable, "no mark yet", field() + ".mark");
    LegRisk risk{leg.instrument, leg.quantity, *leg.mark, spot, 0, false, {}};
    if (const LegRisk* same = leg.instrument.is_option() ? unchanged_leg(previous, i, leg, spot, now) : nullptr) {
      risk.iv = same->iv;
      risk.iv_solved = same->iv_solved;
      risk.per_share = same->per_share;
    } else {
      double years = 0;
      if (leg.instrument.is_option()) {
        auto y = calendar.years_to_expiry(now, leg.instrument.expiry);
        if (!y) return std::unexpected(y.error());
        years = *y;
      }
      auto g = leg_greeks(leg.instrument, *leg.mark, leg.quoted_iv, spot, years, assumptions);
      if (!g) {
        Error e = g.error();
        e.field = field() + "." + e.field;
        return std::unexpected(e);
      }
      risk.iv = g->iv;
      risk.iv_solved = g->iv_solved;
      risk.per_share = g->per_share;
    }
    GreekSet per_share = greek_set(risk.per_share);
    double scale = static_cast<double>(leg.quantity.count()) * leg.multiplier();
    out.per_unit += GreekSet{per_share.delta * shape.ratios[i], per_share.gamma * shape.ratios[i],
                             per_share.theta * shape.ratios[i], per_share.vega * shape.ratios[i]};
    out.position += GreekSet{per_share.delta * scale, per_share.gamma * scale, per_share.theta * scale, per_share.vega * scale};
    out.legs.push_back(std::move(risk));
  }
  out.dollar_delta = out.position.delta * spot;
  out.dollar_gamma_1pct = out.position.gamma * spot * spot * 0.01;
  return out;
}

}  // namespace nightdesk::portfolio
