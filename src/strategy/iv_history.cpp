#include "strategy/iv_history.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "strategy/chain_selection.h"
#include "strategy/option_analytics.h"

namespace nightdesk::strategy {

Status IvHistory::record(Date day, double iv) {
  if (!std::isfinite(iv) || iv <= 0) return fail(ErrorCode::invalid_argument, fmt::format("must be finite and > 0, got {}", iv), "iv");
  if (!days_.empty() && day < days_.back().day)
    return fail(ErrorCode::conflict, fmt::format("{} is before the last recorded day {}", format_date(day), format_date(days_.back().day)), "day");
  if (!days_.empty() && day == days_.back().day) {
    days_.back().iv = iv;
    return ok();
  }
  days_.push_back({day, iv});
  while (days_.size() > window_) days_.pop_front();
  return ok();
}

std::optional<double> IvHistory::rank(double current) const {
  if (days_.size() < min_days_) return std::nullopt;
  auto [lo, hi] = std::minmax_element(days_.begin(), days_.end(), [](const auto& a, const auto& b) { return a.iv < b.iv; });
  if (hi->iv <= lo->iv) return std::nullopt;
  return std::clamp((current - lo->iv) / (hi->iv - lo->iv) * 100.0, 0.0, 100.0);
}

std::optional<double> IvHistory::percentile(double current) const {
  if (days_.size() < min_days_) return std::nullopt;
  auto below = std::count_if(days_.begin(), days_.end(), [&](const auto& d) { return d.iv < current; });
  return 100.0 * static_cast<double>(below) / static_cast<double>(days_.size());
}

namespace {

struct ExpiryIv {
  double years;
  double iv;
};

std::optional<ExpiryIv> atm_iv_of(const market::OptionChain& chain, const market::ExpirySlice& slice, double spot,
                                  const BuildContext& context) {
  auto atm = chain.atm_strike(slice);
  if (!atm) return std::nullopt;
  const auto* row = slice.find(*atm);
  double sum = 0;
  int n = 0;
  for (OptionRight right : {OptionRight::call, OptionRight::put}) {
    if (!row->side(right)) continue;
    if (auto a = analyse_option(*row->side(right), right, *atm, slice.expiry(), spot, context)) {
      sum += a->iv;
      ++n;
    }
  }
  auto years = context.calendar->years_to_expiry(context.now, slice.expiry());
  if (n == 0 || !years || *years <= 0) return std::nullopt;
  return ExpiryIv{*years, sum / n};
}

}  // namespace

Result<double> atm_iv_30d(const market::OptionChain& chain, const BuildContext& context) {
  if (context.calendar == nullptr) return fail(ErrorCode::internal, "build context has no calendar", "calendar");
  auto spot = spot_of(chain);
  if (!spot) return std::unexpected(spot.error());
  std::vector<ExpiryIv> points;
  for (const auto& [expiry, slice] : chain.expiries())
    if (auto p = atm_iv_of(chain, slice, *spot, context)) points.push_back(*p);
  if (points.empty()) return fail(ErrorCode::unavailable, fmt::format("{} has no expiry with an ATM IV", chain.underlying()), "chain");
  constexpr double kTarget = 30.0 / 365.0;
  auto after = std::find_if(points.begin(), points.end(), [](const ExpiryIv& p) { return p.years >= kTarget; });
  if (after == points.begin()) return after->iv;
  if (after == points.end()) return points.back().iv;
  const ExpiryIv& a = *std::prev(after);
  const ExpiryIv& b = *after;
  double w = (kTarget - a.years) / (b.years - a.years);
  double variance = (1 - w) * a.iv * a.iv * a.years + w * b.iv * b.iv * b.years;
  return std::sqrt(variance / kTarget);
}

}  // namespace nightdesk::strategy
