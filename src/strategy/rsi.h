// WilderRsi: the Relative Strength Index with Wilder's smoothing over `period` closes (14 by default): the
// first average gain/loss is the simple mean of the first `period` changes, later ones
// avg = (avg * (period - 1) + change) / period. Fed one close per bar (daily closes for the templates'
// "rsi" condition). One owner (the engine thread).
#pragma once

#include <optional>

namespace nightdesk::strategy {

class WilderRsi {
 public:
  explicit WilderRsi(int period = 14) : period_(period < 1 ? 1 : period) {}

  // Adds the next close; returns the RSI once `period` changes have been seen (period + 1 closes), else
  // nullopt. 100 when there were no losses, 50 when nothing moved at all.
  std::optional<double> add(double close);
  std::optional<double> value() const { return value_; }
  int period() const { return period_; }

 private:
  int period_;
  std::optional<double> previous_close_;
  int changes_ = 0;
  double avg_gain_ = 0;
  double avg_loss_ = 0;
  std::optional<double> value_;
};

}  // namespace nightdesk::strategy
