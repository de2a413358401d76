#include "strategy/rsi.h"

#include <algorithm>

namespace nightdesk::strategy {

std::optional<double> WilderRsi::add(double close) {
  if (!previous_close_) {
    previous_close_ = close;
    return std::nullopt;
  }
  double change = close - *previous_close_;
  previous_close_ = close;
  double gain = std::max(change, 0.0), loss = std::max(-change, 0.0);
  ++changes_;
  if (changes_ <= period_) {
    // Seed: accumulate the simple mean of the first `period` changes.
    avg_gain_ += gain / period_;
    avg_loss_ += loss / period_;
    if (changes_ < period_) return std::nullopt;
  } else {
    avg_gain_ = (avg_gain_ * (period_ - 1) + gain) / period_;
    avg_loss_ = (avg_loss_ * (period_ - 1) + loss) / period_;
  }
  if (avg_loss_ == 0) value_ = avg_gain_ == 0 ? 50.0 : 100.0;
  else value_ = 100.0 - 100.0 / (1.0 + avg_gain_ / avg_loss_);
  return value_;
}

}  // namespace nightdesk::strategy
