#include "broker/fill_model.h"

#include <algorithm>

namespace nightdesk::broker {

std::string_view to_string(FillModel model) {
  switch (model) {
    case FillModel::touch: return "touch";
    case FillModel::probabilistic: return "probabilistic";
    case FillModel::displayed_size: return "displayed_size";
    case FillModel::half_spread: return "half_spread";
  }
  return "unknown";
}

Status FillModelConfig::validate() const {
  if (!(probability_at_mid >= 0.0 && probability_at_mid <= 1.0))
    return fail(ErrorCode::out_of_range, "must be in [0, 1]", "probability_at_mid");
  if (probability_interval.count() <= 0) return fail(ErrorCode::out_of_range, "must be > 0", "probability_interval");
  if (half_spread_fraction_by_legs.empty())
    return fail(ErrorCode::invalid_argument, "needs at least the one-leg fraction", "half_spread_fraction_by_legs");
  for (double f : half_spread_fraction_by_legs)
    if (!(f >= 0.0 && f <= 1.0)) return fail(ErrorCode::out_of_range, "each fraction must be in [0, 1]", "half_spread_fraction_by_legs");
  return ok();
}

double FillModelConfig::half_spread_fraction(std::size_t legs) const {
  std::size_t i = std::min(std::max<std::size_t>(legs, 1), half_spread_fraction_by_legs.size()) - 1;
  return half_spread_fraction_by_legs[i];
}

double fill_probability(double position, double probability_at_mid) {
  double x = std::clamp(position, -1.0, 1.0);
  if (x >= 0) return probability_at_mid + (1.0 - probability_at_mid) * x;
  return probability_at_mid * (1.0 + x);
}

}  // namespace nightdesk::broker
