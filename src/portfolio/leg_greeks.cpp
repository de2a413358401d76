#include "portfolio/leg_greeks.h"

#include <cmath>

#include "pricing/option_implied_volatility.h"
#include "pricing/option_pricer.h"

namespace nightdesk::portfolio {

Result<LegGreeks> leg_greeks(const market::Instrument& instrument, Price mark, std::optional<double> quoted_iv,
                             double spot, double years, const PricingAssumptions& assumptions) {
  if (!(spot > 0) || !std::isfinite(spot)) return fail(ErrorCode::invalid_argument, "the underlying price must be > 0", "spot");
  if (!instrument.is_option()) {
    LegGreeks g;
    g.per_share.price = spot;
    g.per_share.delta = 1.0;
    return g;
  }
  pricing::Model model = assumptions.honour_exercise_style && instrument.style == market::ExerciseStyle::american
                             ? pricing::Model::american
                             : pricing::Model::bsm;
  pricing::OptionInputs in{spot, instrument.strike.to_double(), years, assumptions.rate,
                           assumptions.dividend_for(instrument.underlying), 0.0};
  LegGreeks out;
  if (quoted_iv && std::isfinite(*quoted_iv) && *quoted_iv > 0) {
    in.vol = *quoted_iv;
  } else {
    auto iv = pricing::implied_volatility(model, instrument.right, mark.to_double(), in);
    if (!iv) return std::unexpected(iv.error());
    in.vol = *iv;
    out.iv_solved = true;
  }
  // Only the first-order Greeks are used here (GreekSet, attribution, risk): skip the rest (17 -> 7 prices).
  pricing::AmericanSettings american;
  american.second_order = false;
  auto greeks = pricing::price_and_greeks(model, instrument.right, in, american);
  if (!greeks) return std::unexpected(greeks.error());
  out.per_share = *greeks;
  out.iv = in.vol;
  return out;
}

}  // namespace nightdesk::portfolio
