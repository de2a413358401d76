// The vocabulary shared by every pricer: which right, which model, and the inputs of one option.
// Plain value types; any thread.
#pragma once

#include <cstdint>

namespace nightdesk::pricing {

enum class OptionRight : std::uint8_t { call, put };

// bsm: spot with continuous dividend yield q, European exercise.
// black76: futures/forward price, European exercise; dividend_yield is unused.
// american: spot with yield q, early exercise (Bjerksund-Stensland 2002 or a binomial tree).
enum class Model : std::uint8_t { bsm, black76, american };

// Units: prices in the underlying's currency; years as year fractions (ACT/365 is the caller's
// choice); rate and dividend_yield continuously compounded per year (0.05 = 5%); vol per year
// (0.20 = 20%).
struct OptionInputs {
  double spot_or_forward = 0;
  double strike = 0;
  double years = 0;
  double rate = 0;
  double dividend_yield = 0;  // q; ignored by black76
  double vol = 0;
};

}  // namespace nightdesk::pricing
