// exp(x) for the implied volatility solver's exponentials (on its dependency chain, once or twice per evaluation of
// the normalised Black function): table-driven, 12 dependent operations instead of branchless_exp's 16. Pure,
// inline, any thread. Internal to src/pricing.
#pragma once

#include <bit>
#include <cstdint>

#include "pricing/exp_table.h"

namespace nightdesk::pricing {

// exp(x) for -708 < x < 709 only (the caller's range guarantees it; no check). x = (128 e + j) ln2/128 + r with
// |r| <= ln2/256: exp(x) = 2^e 2^(j/128) e^r, 2^(j/128) from exp_table.h as a head and a tail
// (tools/make_exp_table.py), e^r - 1 by its Taylor polynomial of degree 5 (truncation < 6e-19 relative). Within
// ~0.51 ulp: the last addition's rounding and a little (tests/pricing/table_exp_test.cpp).
[[gnu::always_inline]] inline double table_exp_in_range(double x) {
  constexpr double kScaledLog2e = 184.66496523378731;  // 128 / ln 2
  // ln2 / 128 split so that k * kLn2Hi is exact for |k| < 2^21 (Cody-Waite range reduction).
  constexpr double kLn2Hi = 6.93147180369123816490e-01 / 128;
  constexpr double kLn2Lo = 1.90821492927058770002e-10 / 128;
  constexpr double kRoundMagic = 6755399441055744.0;  // 1.5 * 2^52: adding it rounds to an integer
  const double t = x * kScaledLog2e + kRoundMagic;
  const double k = t - kRoundMagic;
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  // k is the integer in t's low mantissa bits: j = k mod 128 picks the table entry, e = floor(k / 128) the power.
  const std::int64_t ki = std::bit_cast<std::int64_t>(t) - std::bit_cast<std::int64_t>(kRoundMagic);
  const double* entry = exp_table::kExpTable[ki & (exp_table::kSize - 1)];
  const double scale = std::bit_cast<double>(static_cast<std::uint64_t>((ki >> 7) + 1023) << 52);
  const double head = entry[0] * scale;  // exact: a power of 2
  const double tail = entry[1] * scale;
  const double r2 = r * r;
  const double expm1_r = r + r2 * ((0.5 + r * (1.0 / 6.0)) + r2 * (1.0 / 24.0 + r * (1.0 / 120.0)));
  return head + (head * expm1_r + tail);
}

}  // namespace nightdesk::pricing
