// FillModel: how the paper venue decides whether and at what price an order fills against the quote.
// Plain values and pure functions; safe anywhere.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/time.h"

namespace nightdesk::broker {

enum class FillModel : std::uint8_t {
  touch,          // marketable fills at the far touch; resting fills at its limit once the far touch reaches it
  probabilistic,  // as touch, plus a limit inside the spread fills with a probability per interval that
                  // grows from the near touch (0) through the mid (probability_at_mid) to the far touch (1)
  displayed_size, // as touch, but each quote's displayed size at the far touch caps what fills; the rest waits
  half_spread,    // options convention: a marketable order fills at mid + fraction x half-spread toward the
                  // far touch (fraction 0.75 for one leg falling to 0.56 for four); resting as touch
};
std::string_view to_string(FillModel model);

struct FillModelConfig {
  FillModel model = FillModel::touch;
  double probability_at_mid = 0.3;                            // probabilistic: per interval at the mid
  Nanoseconds probability_interval = std::chrono::seconds(1); // probabilistic: one draw per order per interval
  std::vector<double> half_spread_fraction_by_legs = {0.75, 0.69, 0.62, 0.56};  // [n-1]; the last beyond
  std::uint64_t seed = 1;                                     // probabilistic draws

  Status validate() const;
  // The fraction of the half-spread a marketable order of `legs` legs crosses under half_spread.
  double half_spread_fraction(std::size_t legs) const;
};

// Probabilistic model: the chance a limit at `position` fills in one interval. position is where the limit
// sits in the spread: -1 at the near touch, 0 at the mid, +1 at the far touch (clamped). Piecewise linear.
double fill_probability(double position, double probability_at_mid);

}  // namespace nightdesk::broker
