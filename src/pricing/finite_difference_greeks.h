// Greeks of any pricer by central finite differences, for models without closed-form Greeks
// (American). Pure; any thread. 17 price evaluations per call; 7 without the second-order Greeks.
#pragma once

#include <algorithm>

#include "pricing/greeks.h"
#include "pricing/option_types.h"

namespace nightdesk::pricing {

// Bump sizes. Spot is bumped relatively (h = spot * spot_relative), the rest absolutely. Near a
// boundary the stencil shrinks or turns one-sided: years < 2 h uses h = years / 2; vol < h uses
// forward differences in vol.
struct FiniteDifferenceBumps {
  double spot_relative = 1e-4;
  double vol_absolute = 1e-4;
  double years_absolute = 1e-4;
  double rate_absolute = 1e-5;
};

// Bumps for the closed-form Bjerksund-Stensland price (smooth; truncation error ~1e-8 relative).
constexpr FiniteDifferenceBumps kClosedFormBumps{1e-4, 1e-4, 1e-4, 1e-5};
// Bumps for the binomial tree: large enough that the tree's discretization wiggle (about 1e-6
// relative at 201 steps) does not swamp gamma, small enough for ~1e-4 relative truncation error.
constexpr FiniteDifferenceBumps kTreeBumps{5e-3, 5e-3, 1.0 / 365.0, 1e-4};

// `price(const OptionInputs&) -> double`. At years == 0 only price and delta are set (the same
// convention as the closed forms: nothing is left to decay). `second_order` false leaves vanna, charm and
// rho at 0 (10 of the 17 prices); every other Greek is computed exactly as with it.
template <class PriceFn>
Greeks finite_difference_greeks(PriceFn&& price, const OptionInputs& in, const FiniteDifferenceBumps& bumps,
                                bool second_order = true) {
  auto with = [&in](auto change) {
    OptionInputs bumped = in;
    change(bumped);
    return bumped;
  };
  const double hs = in.spot_or_forward * bumps.spot_relative;
  auto spot_delta = [&](const OptionInputs& at) {
    return (price(with([&](OptionInputs& x) { x = at; x.spot_or_forward += hs; })) -
            price(with([&](OptionInputs& x) { x = at; x.spot_or_forward -= hs; }))) / (2.0 * hs);
  };

  Greeks g;
  g.price = price(in);
  const double up = price(with([&](OptionInputs& x) { x.spot_or_forward += hs; }));
  const double down = price(with([&](OptionInputs& x) { x.spot_or_forward -= hs; }));
  g.delta = (up - down) / (2.0 * hs);
  if (in.years <= 0.0) return g;
  g.gamma = (up - 2.0 * g.price + down) / (hs * hs);

  const double hv = bumps.vol_absolute;
  const bool central_vol = in.vol >= hv;
  const OptionInputs vol_hi = with([&](OptionInputs& x) { x.vol += hv; });
  const OptionInputs vol_lo = with([&](OptionInputs& x) { x.vol = central_vol ? x.vol - hv : x.vol + 2.0 * hv; });
  const double v_hi = price(vol_hi);
  const double v_lo = price(vol_lo);
  if (central_vol) {
    g.vega = (v_hi - v_lo) / (2.0 * hv);
    g.volga = (v_hi - 2.0 * g.price + v_lo) / (hv * hv);
    if (second_order) g.vanna = (spot_delta(vol_hi) - spot_delta(vol_lo)) / (2.0 * hv);
  } else {  // v_lo holds vol + 2h here
    g.vega = (-3.0 * g.price + 4.0 * v_hi - v_lo) / (2.0 * hv);
    g.volga = (g.price - 2.0 * v_hi + v_lo) / (hv * hv);
    if (second_order) g.vanna = (spot_delta(vol_hi) - g.delta) / hv;
  }

  const double ht = std::min(bumps.years_absolute, in.years / 2.0);
  const OptionInputs later = with([&](OptionInputs& x) { x.years -= ht; });   // time has passed
  const OptionInputs earlier = with([&](OptionInputs& x) { x.years += ht; });
  g.theta = (price(later) - price(earlier)) / (2.0 * ht);
  if (!second_order) return g;
  g.charm = (spot_delta(later) - spot_delta(earlier)) / (2.0 * ht);

  const double hr = bumps.rate_absolute;
  g.rho = (price(with([&](OptionInputs& x) { x.rate += hr; })) - price(with([&](OptionInputs& x) { x.rate -= hr; }))) /
          (2.0 * hr);
  return g;
}

}  // namespace nightdesk::pricing
