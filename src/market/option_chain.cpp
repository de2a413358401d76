#include "market/option_chain.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nightdesk::market {

int calendar_days_between(Date from, Date to) {
  return static_cast<int>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}

const StrikeRow* ExpirySlice::find(Price strike) const {
  auto it = std::lower_bound(rows_.begin(), rows_.end(), strike,
                             [](const StrikeRow& r, Price k) { return r.strike < k; });
  return it != rows_.end() && it->strike == strike ? &*it : nullptr;
}

StrikeRow& ExpirySlice::row(Price strike) {
  // Quotes arrive strike by strike, so the new one usually goes at the end.
  if (rows_.empty() || rows_.back().strike < strike) return rows_.emplace_back(StrikeRow{strike, {}, {}});
  auto it = std::lower_bound(rows_.begin(), rows_.end(), strike,
                             [](const StrikeRow& r, Price k) { return r.strike < k; });
  if (it != rows_.end() && it->strike == strike) return *it;
  return *rows_.insert(it, StrikeRow{strike, {}, {}});
}

std::optional<Price> ExpirySlice::atm_strike(Price spot) const {
  if (rows_.empty()) return std::nullopt;
  auto it = std::lower_bound(rows_.begin(), rows_.end(), spot,
                             [](const StrikeRow& r, Price k) { return r.strike < k; });
  if (it == rows_.end()) return rows_.back().strike;
  if (it == rows_.begin()) return it->strike;
  auto below = std::prev(it);
  return (spot - below->strike) <= (it->strike - spot) ? below->strike : it->strike;
}

const StrikeRow* ExpirySlice::strike_nearest_delta(OptionRight right, double target) const {
  const StrikeRow* best = nullptr;
  double best_gap = std::numeric_limits<double>::infinity();
  for (const auto& row : rows_) {
    const auto& side = row.side(right);
    if (!side || !side->delta) continue;
    double gap = std::fabs(*side->delta - target);
    if (gap < best_gap) {
      best_gap = gap;
      best = &row;
    }
  }
  return best;
}

std::optional<Price> OptionChain::spot() const {
  if (!underlying_quote_) return std::nullopt;
  return underlying_quote_->mark();
}

const ExpirySlice* OptionChain::expiry(Date date) const {
  auto it = expiries_.find(date);
  return it == expiries_.end() ? nullptr : &it->second;
}

std::size_t OptionChain::option_count() const {
  std::size_t n = 0;
  for (const auto& [date, slice] : expiries_)
    for (const auto& row : slice.strikes()) n += row.call.has_value() + row.put.has_value();
  return n;
}

void OptionChain::apply(const QuoteEvent& event) {
  if (event.time() > as_of_) as_of_ = event.time();
  if (!event.is_option()) {
    underlying_quote_ = event.quote;
    return;
  }
  auto it = expiries_.try_emplace(event.expiry, event.expiry).first;
  it->second.row(event.strike).side(event.right) =
      OptionQuote{event.quote, event.volume, event.open_interest, event.iv, event.delta};
}

void OptionChain::drop_expired(Date today) {
  expiries_.erase(expiries_.begin(), expiries_.lower_bound(today));
}

const ExpirySlice* OptionChain::expiry_nearest_dte(Date today, int target_dte) const {
  const ExpirySlice* best = nullptr;
  int best_gap = std::numeric_limits<int>::max();
  for (auto it = expiries_.lower_bound(today); it != expiries_.end(); ++it) {
    int gap = std::abs(calendar_days_between(today, it->first) - target_dte);
    if (gap < best_gap) {  // strict: the earlier expiry wins a tie
      best_gap = gap;
      best = &it->second;
    }
  }
  return best;
}

std::optional<Price> OptionChain::atm_strike(const ExpirySlice& expiry) const {
  auto s = spot();
  if (!s) return std::nullopt;
  return expiry.atm_strike(*s);
}

}  // namespace nightdesk::market
