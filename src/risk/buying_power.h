// BuyingPower: the account's equity less what its positions tie up, with each position's requirement
// visible (spec A8). Pure function; any thread.
#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "common/fixed_point.h"
#include "risk/margin_requirement.h"
#include "risk/position_view.h"

namespace nightdesk::risk {

struct PositionRequirement {
  std::string position_id;
  MarginRequirement margin;
};

struct BuyingPower {
  Money equity;     // cash + marked value of all positions
  Money in_use;     // sum of the positions' buying_power_effect
  Money available;  // equity - in_use; negative when the account is over its requirements
  std::vector<PositionRequirement> positions;  // in the order given
};

// Fails (naming the position) when a position cannot be priced.
Result<BuyingPower> buying_power(Money equity, const std::vector<PositionView>& positions, ShortPutCollateral short_puts);

}  // namespace nightdesk::risk
