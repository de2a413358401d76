#include "execution/slippage_budget.h"

#include <cmath>

#include <fmt/format.h>

namespace nightdesk::execution {

Result<Slippage> measure_slippage(Side side, Price price, Price arrival_mid, Price arrival_spread, Quantity quantity,
                                  std::int64_t multiplier, Price tick) {
  if (tick.units() <= 0) return fail(ErrorCode::invalid_argument, "tick must be > 0", "tick");
  if (multiplier <= 0) return fail(ErrorCode::invalid_argument, "multiplier must be > 0", "multiplier");
  auto distance = price.checked_sub(arrival_mid);
  if (!distance) return std::unexpected(distance.error());
  auto per_share = distance->checked_times(direction(side));
  if (!per_share) return std::unexpected(per_share.error());
  auto dollars = notional(*per_share, quantity, multiplier);
  if (!dollars) return std::unexpected(dollars.error());
  Slippage s;
  s.per_share = *per_share;
  s.ticks = static_cast<double>(per_share->units()) / static_cast<double>(tick.units());
  s.dollars = *dollars;
  if (arrival_spread.units() > 0)
    s.pct_of_spread = 100.0 * static_cast<double>(per_share->units()) / static_cast<double>(arrival_spread.units());
  return s;
}

Status OrderSlippageBudget::validate() const {
  if (!std::isfinite(pct_of_arrival_spread) || pct_of_arrival_spread < 0)
    return fail(ErrorCode::out_of_range, fmt::format("must be a percent >= 0, got {}", pct_of_arrival_spread), "slippage_budget_pct_of_spread");
  return ok();
}

bool OrderSlippageBudget::allows(Side side, Price price, Price arrival_mid, Price arrival_spread) const {
  // Compare in integers: slip_units * 100 <= pct * spread_units, with pct kept to 1/100 of a percent.
  // An overflow (absurd prices) counts as over budget.
  auto distance = fixed_point::checked_sub(price.units(), arrival_mid.units());
  if (!distance) return false;
  std::int64_t slip = *distance * direction(side);
  if (slip <= 0) return true;
  if (arrival_spread.units() <= 0) return false;
  auto cost = fixed_point::checked_mul(slip, 10'000);
  auto allowed = fixed_point::checked_mul(std::llround(pct_of_arrival_spread * 100.0), arrival_spread.units());
  return cost && allowed && *cost <= *allowed;
}

void DailySlippageBudget::record(Money slippage) {
  if (slippage.units() > 0) spent_ += slippage;
}

std::optional<Money> DailySlippageBudget::remaining() const {
  if (!limit_) return std::nullopt;
  return spent_ >= *limit_ ? Money() : *limit_ - spent_;
}

Status DailySlippageBudget::admit_new_walk() const {
  if (limit_ && spent_ >= *limit_)
    return fail(ErrorCode::conflict, fmt::format("daily slippage budget spent: ${} of ${}", spent_.to_string(), limit_->to_string()),
                "daily_slippage_budget");
  return ok();
}

}  // namespace nightdesk::execution
