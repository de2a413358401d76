// European price and first-order Greeks for a whole chain at once, structure-of-arrays in and out.
// The loop is branch-free and auto-vectorizes; no allocation. Pure; any thread (callers own the
// arrays). Results are bit-identical to black_scholes_greeks / black76_greeks for the same inputs.
#pragma once

#include <cstdint>
#include <span>

#include "common/error.h"
#include "pricing/option_types.h"

namespace nightdesk::pricing {

// One entry per option; all spans the same length. dividend_yield may be empty for black76.
// is_call: 1 for a call, 0 for a put.
struct ChainInputs {
  std::span<const double> spot_or_forward;
  std::span<const double> strike;
  std::span<const double> years;
  std::span<const double> rate;
  std::span<const double> dividend_yield;
  std::span<const double> vol;
  std::span<const std::uint8_t> is_call;
};

// Caller-owned outputs, each the length of the inputs; units as in greeks.h.
struct ChainGreeks {
  std::span<double> price;
  std::span<double> delta;
  std::span<double> gamma;
  std::span<double> vega;
  std::span<double> theta;
  std::span<double> rho;
};

// Fills `out` for Model::bsm or Model::black76. Returns invalid_argument when a span has the wrong
// length (field = the span's name), when an input is invalid (field = "vol[17]", same rules as
// validate_option_inputs; nothing is written then), or for Model::american (field "model").
Status price_chain(Model model, const ChainInputs& in, const ChainGreeks& out);

}  // namespace nightdesk::pricing
