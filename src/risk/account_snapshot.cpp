#include "risk/account_snapshot.h"

#include <fmt/format.h>

namespace nightdesk::risk {

bool LossMeasure::reached(BasisPoints limit) const {
  if (base.units() <= 0) return loss.units() >= 0;
  return compare_ratio(loss, base, limit) >= 0;
}

BasisPoints LossMeasure::percent() const {
  if (base.units() <= 0) return BasisPoints::from_percent(100);
  return ratio(loss, base, Rounding::down).value_or(BasisPoints::from_percent(100));
}

std::string LossMeasure::describe(std::string_view what, BasisPoints limit) const {
  return fmt::format("{} {} {} {} ({} of {})", what, percent().to_string(), reached(limit) ? ">=" : "<",
                     limit.to_string(), loss.to_string(), base.to_string());
}

LossMeasure daily_loss(const AccountSnapshot& account) {
  return LossMeasure{-(account.realized_pnl_today + account.unrealized_pnl_today), account.start_of_day_equity};
}

LossMeasure drawdown(const AccountSnapshot& account) {
  return LossMeasure{account.peak_equity - account.equity, account.peak_equity};
}

}  // namespace nightdesk::risk
