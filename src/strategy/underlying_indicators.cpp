#include "strategy/underlying_indicators.h"

#include "strategy/chain_selection.h"

namespace nightdesk::strategy {

void UnderlyingIndicators::on_quote(const market::OptionChain& chain, const BuildContext& context) {
  // The quotes of a snapshot share one instant: its New York date is looked up (and a new day closed) once.
  if (!dated_at_ || *dated_at_ != context.now) {
    auto today = context.calendar->new_york_date(context.now);
    if (!today) return;
    if (day_ && *today != *day_) {
      if (last_price_) rsi_.add(*last_price_);
      if (latest_iv_) (void)iv_history_.record(*day_, *latest_iv_);
      latest_iv_.reset();
      last_iv_sample_.reset();
    }
    day_ = *today;
    dated_at_ = context.now;
  }
  if (auto spot = spot_of(chain)) last_price_ = *spot;
  if (!last_iv_sample_ || context.now - *last_iv_sample_ >= iv_every_) {
    if (auto iv = atm_iv_30d(chain, context)) {
      latest_iv_ = *iv;
      last_iv_sample_ = context.now;
    }
  }
}

ConditionSnapshot UnderlyingIndicators::snapshot(const market::OptionChain& chain) const {
  ConditionSnapshot s;
  if (latest_iv_) {
    s.iv_rank = iv_history_.rank(*latest_iv_);
    s.iv_percentile = iv_history_.percentile(*latest_iv_);
  }
  s.rsi = rsi_.value();
  if (auto spot = spot_of(chain)) s.underlying_price = *spot;
  return s;
}

}  // namespace nightdesk::strategy
