// European price and first-order Greeks for a whole chain at once, structure-of-arrays in and out.
// The loop is branch-free and vectorized (AVX-512, AVX2+FMA or SSE2, chosen at run time); no allocation.
// Pure; any thread (callers own the arrays). Results equal black_scholes_greeks / black76_greeks to the
// last bit on the SSE2 loop and within FMA rounding (~1e-14 relative) on the others.
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

// The same on a chosen loop (tests and benchmarks compare them); best = what price_chain uses.
// chain_isa_supported says whether this CPU can run a loop; price_chain_on refuses the others (field "isa").
enum class ChainIsa : std::uint8_t { best, sse2, avx2_fma, avx512 };
bool chain_isa_supported(ChainIsa isa);
Status price_chain_on(ChainIsa isa, Model model, const ChainInputs& in, const ChainGreeks& out);

}  // namespace nightdesk::pricing
