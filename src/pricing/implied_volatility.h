// Implied volatility of European options (Black on a forward, Black-Scholes-Merton, Black-76) by Jäckel's
// "Let's Be Rational". Pure functions; any thread. No exceptions, never NaN: a price without a solution
// is an explicit IvFailure.
//
// Units: prices in currency per unit of underlying, years as an act/365 year fraction, rates and dividend
// yield continuously compounded per year, volatility per sqrt(year) (0.2 = 20%).
// A price exactly at intrinsic value (within 4 ulp of max(F, K), so that discounting round-off does not turn
// it into below_intrinsic) has implied volatility 0.
#pragma once

#include <expected>
#include <span>
#include <string_view>

#include "common/error.h"

namespace nightdesk::pricing {

enum class IvFailure {
  below_intrinsic,     // price < intrinsic value: no volatility reaches it
  above_upper_bound,   // price >= F (call) or K (put), undiscounted: only infinite volatility reaches it
  zero_time,           // years <= 0
  invalid_input,       // NaN, infinite, or non-positive price/forward/spot/strike (price may be 0)
  no_convergence,      // the solver did not settle; a bug if it ever happens (tests drive it to zero)
};

std::string_view to_string(IvFailure failure);

// Black implied volatility from an undiscounted option price on forward F.
std::expected<double, IvFailure> black_implied_volatility(double price, double forward, double strike,
                                                          double years, bool is_call);

// The same solve started from `volatility_guess`, e.g. the option's implied volatility at its previous quote:
// when the guess is close (a quote refresh) about a third of the evaluations are saved. Any guess gives the
// same accuracy; one that is not finite and positive means no guess.
std::expected<double, IvFailure> black_implied_volatility(double price, double forward, double strike,
                                                          double years, bool is_call, double volatility_guess);

// One option of a batch for black_implied_volatilities: the arguments of black_implied_volatility (a
// volatility_guess that is not finite and positive means a cold solve).
struct BlackIvQuote {
  double price, forward, strike, years;
  bool is_call;
  double volatility_guess;
};

// black_implied_volatility for every quote (out.size() >= quotes.size(); a shorter out gets the first out.size()
// quotes only), the same results bit for bit, in less time than one at a time: the solves are serial chains
// bounded by latency, and these advance eight side by side.
void black_implied_volatilities(std::span<const BlackIvQuote> quotes,
                                std::span<std::expected<double, IvFailure>> out);

// Black-Scholes-Merton: discounted price on spot S with rate r and dividend yield q; F = S e^{(r-q)T} and the
// undiscounted price is price e^{rT}.
std::expected<double, IvFailure> bsm_implied_volatility(double price, double spot, double strike, double years,
                                                        double rate, double dividend_yield, bool is_call);

// Black-76 on a futures price F: discounted price, undiscounted price = price e^{rT}.
std::expected<double, IvFailure> black76_implied_volatility(double price, double futures_price, double strike,
                                                            double years, double rate, bool is_call);

// The same solves as Result<double>, the Error naming the field at fault ("price", "strike", "years", ...).
Result<double> black_implied_volatility_result(double price, double forward, double strike, double years,
                                               bool is_call);
Result<double> bsm_implied_volatility_result(double price, double spot, double strike, double years, double rate,
                                             double dividend_yield, bool is_call);
Result<double> black76_implied_volatility_result(double price, double futures_price, double strike, double years,
                                                 double rate, bool is_call);

}  // namespace nightdesk::pricing
