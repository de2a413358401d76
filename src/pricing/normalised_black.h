// The normalised Black function b(x, s) of Jäckel's "By Implication" / "Let's Be Rational" and an accurate
// undiscounted Black price built on it. Pure functions; any thread.
//
// Units: x = ln(F/K) (log-moneyness), s = sigma * sqrt(T) (total volatility, > 0). The normalised price is the
// undiscounted option price divided by sqrt(F K), so b(x, s) = theta [e^{x/2} Phi(theta(x/s + s/2))
// - e^{-x/2} Phi(theta(x/s - s/2))] with theta = +1 for a call, -1 for a put.
#pragma once

namespace nightdesk::pricing {

// Time value of the out-of-the-money call, b(x, s) for x <= 0 (for a put at x >= 0 pass -x). Accurate to a
// few 1e-16 relative (a few 1e-14 near h = x/s = -10 with small s), evaluated in four regions: asymptotic
// expansion for large negative h, small-s Taylor expansion, erfcx form, and Phi form. 0 when s <= 0.
double normalised_otm_black(double x, double s);

// e^{x/2} - b(x, s) for x <= 0, computed without cancellation (the call's distance to its upper bound F).
double normalised_otm_black_complement(double x, double s);

// A normalised price together with db/ds, sharing the exponential both need (for the solver's iterations).
struct PriceAndVega {
  double price;
  double vega;
};
PriceAndVega normalised_otm_black_and_vega(double x, double s);
PriceAndVega normalised_otm_black_complement_and_vega(double x, double s);

// db/ds = exp(-(x^2/s^2 + s^2/4) / 2) / sqrt(2 pi): the normalised vega, the same for calls and puts.
double normalised_vega(double x, double s);

// b(x, s) for any x: intrinsic value max(theta (e^{x/2} - e^{-x/2}), 0) plus the out-of-the-money time value.
double normalised_black(double x, double s, bool is_call);

// Undiscounted Black price of a European option on a forward: intrinsic + sqrt(F K) b(-|x|, sigma sqrt(T)).
// Inputs are not validated: forward, strike > 0, volatility, years >= 0 are the caller's responsibility.
double undiscounted_black_price(double forward, double strike, double volatility, double years, bool is_call);

}  // namespace nightdesk::pricing
