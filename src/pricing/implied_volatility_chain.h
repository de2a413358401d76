// Implied volatilities of a whole chain from quoted prices (e.g. mids), structure-of-arrays in and out, the
// same solve as bsm_implied_volatility / black76_implied_volatility per option. No allocation. Pure; any
// thread (callers own the arrays).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/error.h"
#include "pricing/implied_volatility.h"
#include "pricing/option_types.h"

namespace nightdesk::pricing {

// One entry per option, all spans the same length; units of implied_volatility.h. price is the discounted
// option price. dividend_yield may be empty for black76. is_call: 1 for a call, 0 for a put.
// previous_vol (optional, empty for none): each option's volatility at its previous quote, the solve's
// starting point on a refresh (an entry that is not finite and positive means no guess for that option).
// It changes how fast, not what: the answer is the same to the solver's accuracy. It may be out.vol itself.
struct ChainQuotes {
  std::span<const double> price;
  std::span<const double> spot_or_forward;
  std::span<const double> strike;
  std::span<const double> years;
  std::span<const double> rate;
  std::span<const double> dividend_yield;
  std::span<const std::uint8_t> is_call;
  std::span<const double> previous_vol = {};
};

// Caller-owned outputs, each the length of the inputs. For an option without a solution vol is 0 (never
// NaN) and failure says why; for a solved one failure is empty.
struct ChainVols {
  std::span<double> vol;
  std::span<std::optional<IvFailure>> failure;
};

// Solves every option of the chain for Model::bsm or Model::black76; returns how many have no solution.
// Returns invalid_argument when a span has the wrong length (field = the span's name) or for
// Model::american (field "model"); nothing is written then. Per-option bad inputs are IvFailure values.
// Consecutive options with the same (years, rate, dividend_yield) share the discount and forward factors,
// so a chain laid out by expiry pays two exponentials per expiry rather than per option. The solves run eight
// at a time side by side (black_implied_volatilities), with the same results as one at a time, bit for bit.
Result<std::size_t> implied_volatility_chain(Model model, const ChainQuotes& in, const ChainVols& out);

}  // namespace nightdesk::pricing
