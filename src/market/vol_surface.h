// VolSurface: the synthetic market's implied volatility by log-moneyness and time: a skew that steepens
// for short expiries, a smile, and an ATM term structure that reverts from the current level to a long-run one.
// Plain value; safe to share read-only.
#pragma once

namespace nightdesk::market {

struct VolSurface {
  double atm_short = 0.16;   // ATM vol at T -> 0 (the current level; Heston sets it from sqrt(v))
  double atm_long = 0.20;    // ATM vol for long expiries
  double term_years = 0.25;  // how fast short-term ATM vol reverts to the long-run level
  double skew = -0.12;       // d(vol)/d(log-moneyness per sqrt(T)): negative = puts richer (equity skew)
  double smile = 0.35;       // curvature in log-moneyness per sqrt(T)
  double floor = 0.05;

  // Implied vol for strike K against forward F at `years` to expiry (> 0).
  double implied_vol(double strike, double forward, double years) const;
  double atm(double years) const;
};

}  // namespace nightdesk::market
