#include "risk/buying_power.h"

namespace nightdesk::risk {

Result<BuyingPower> buying_power(Money equity, const std::vector<PositionView>& positions, ShortPutCollateral short_puts) {
  BuyingPower bp;
  bp.equity = equity;
  for (const auto& position : positions) {
    auto margin = margin_requirement(position, short_puts);
    if (!margin) return std::unexpected(margin.error());
    auto in_use = bp.in_use.checked_add(margin->buying_power_effect);
    if (!in_use) return std::unexpected(in_use.error());
    bp.in_use = *in_use;
    bp.positions.push_back(PositionRequirement{position.position_id, std::move(*margin)});
  }
  auto available = equity.checked_sub(bp.in_use);
  if (!available) return std::unexpected(available.error());
  bp.available = *available;
  return bp;
}

}  // namespace nightdesk::risk
