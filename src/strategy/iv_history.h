// IvHistory: an underlying's daily 30-day ATM implied volatility over the last 252 trading days, and the IV
// rank and IV percentile of a current value against it; plus atm_iv_30d(), the value recorded each day.
// One owner (the engine thread); persisted by the caller.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>

#include "common/error.h"
#include "common/time.h"
#include "market/option_chain.h"
#include "strategy/build_context.h"

namespace nightdesk::strategy {

struct IvObservation {
  Date day{};
  double iv = 0;  // annualised, 0.20 = 20%
  bool operator==(const IvObservation&) const = default;
};

class IvHistory {
 public:
  static constexpr std::size_t kTradingYear = 252;

  // Rank and percentile need at least `min_days` observations (fewer says too little about the range).
  explicit IvHistory(std::size_t window = kTradingYear, std::size_t min_days = 20)
      : window_(window < 1 ? 1 : window), min_days_(min_days < 1 ? 1 : min_days) {}

  // Records one day's value. The same day again replaces it (the latest snapshot wins); an earlier day than
  // the last one is refused (conflict); iv must be finite and > 0. Keeps the last `window` days.
  Status record(Date day, double iv);

  // (current - min) / (max - min) x 100 over the window, clamped to [0, 100]; nullopt with fewer than
  // min_days observations or when every value is the same (no range to rank in).
  std::optional<double> rank(double current) const;
  // The share of the window's days whose IV was below `current`, x 100; nullopt with fewer than min_days.
  std::optional<double> percentile(double current) const;

  const std::deque<IvObservation>& observations() const { return days_; }
  std::size_t window() const { return window_; }

 private:
  std::size_t window_;
  std::size_t min_days_;
  std::deque<IvObservation> days_;
};

// The chain's 30-calendar-day ATM IV: each expiry's ATM IV (mean of the call and put IV at the ATM strike,
// from the quote or solved from the mid) interpolated linearly in total variance (iv^2 x T) between the two
// expiries around 30 days; the nearest expiry's when all are on one side. Expiries with no ATM IV are skipped.
// unavailable when no expiry has one.
Result<double> atm_iv_30d(const market::OptionChain& chain, const BuildContext& context);

}  // namespace nightdesk::strategy
