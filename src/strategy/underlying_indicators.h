// UnderlyingIndicators: the market figures a recurring template's entry conditions read for one underlying,
// kept current from its quotes: the daily closes' Wilder RSI, the daily 30-day ATM IV history (rank and
// percentile over 252 trading days) and today's latest ATM IV sample. Engine thread only.
#pragma once

#include <chrono>
#include <optional>

#include "common/trading_calendar.h"
#include "market/option_chain.h"
#include "strategy/build_context.h"
#include "strategy/entry_condition.h"
#include "strategy/iv_history.h"
#include "strategy/rsi.h"

namespace nightdesk::strategy {

class UnderlyingIndicators {
 public:
  // `iv_every`: engine time between ATM IV samples (each solves a few IVs on the chain).
  explicit UnderlyingIndicators(std::chrono::minutes iv_every = std::chrono::minutes(15)) : iv_every_(iv_every) {}

  // Books a quote of the underlying (or one of its options) against `chain` as it stands after it. A new New
  // York date closes the previous one: its last price feeds the RSI and its last IV sample the IV history.
  void on_quote(const market::OptionChain& chain, const BuildContext& context);

  // The market part of a condition snapshot: iv_rank, iv_percentile (of the latest sample against the
  // history), rsi (of daily closes up to yesterday) and underlying_price (the chain's spot).
  ConditionSnapshot snapshot(const market::OptionChain& chain) const;

  const IvHistory& iv_history() const { return iv_history_; }
  std::optional<double> latest_iv() const { return latest_iv_; }
  std::optional<double> rsi() const { return rsi_.value(); }

 private:
  std::chrono::minutes iv_every_;
  WilderRsi rsi_;
  IvHistory iv_history_;
  std::optional<Date> day_;
  std::optional<Timestamp> dated_at_;  // the instant day_ was looked up for
  std::optional<double> last_price_;
  std::optional<double> latest_iv_;
  std::optional<Timestamp> last_iv_sample_;
};

}  // namespace nightdesk::strategy
