// MarginRequirement: what one position (or the legs it would have after an order) ties up, by structure
// (spec A8). Pure functions; any thread.
//
// Two figures, both in Money (1e-4 USD, positive = needed):
//   requirement          the broker's figure: premium paid (long), strike x multiplier (cash-secured put),
//                        the stock's value (covered call: fully paid shares), width x multiplier (vertical),
//                        wider wing x multiplier (iron condor), Reg-T (naked, naked_option_margin.h),
//                        greater side's Reg-T + the other side's premium (short straddle/strangle);
//                        a debit vertical needs its net debit.
//   buying_power_effect  requirement - premium received for the short legs (never below 0): what the position
//                        takes from buying power on an equity basis (equity = cash + marked value, so the
//                        premium received is already in it). This is the spec's "width x multiplier - credit".
// Premiums are the legs' marks x |quantity| x multiplier.
#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "common/fixed_point.h"
#include "risk/margin_structure.h"
#include "risk/position_view.h"
#include "risk/risk_limits.h"

namespace nightdesk::risk {

struct MarginRequirement {
  Structure structure = Structure::flat;
  Money requirement;
  Money premium_received;
  Money buying_power_effect;
  std::string formula;  // the worked numbers, for the API and the audit ("width 5.00 x 100 x 2 = 1000.00 ...")
};

// Classifies `legs` (netted here) and prices the requirement; overflow is an error value.
Result<MarginRequirement> margin_requirement(std::vector<HeldLeg> legs, Price underlying_price,
                                             ShortPutCollateral short_puts);
Result<MarginRequirement> margin_requirement(const PositionView& position, ShortPutCollateral short_puts);

}  // namespace nightdesk::risk
