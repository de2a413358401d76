// Structure: which margin rule a set of legs falls under (spec A8), found from the legs' shapes alone.
// Pure functions; any thread.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "risk/position_view.h"
#include "risk/risk_limits.h"

namespace nightdesk::risk {

enum class Structure : std::uint8_t {
  flat,              // no legs
  long_premium,      // only long legs (options and/or stock): the premium or price paid
  covered_call,      // long stock with short calls on at most as many shares
  cash_secured_put,  // one short put, collateral per ShortPutCollateral::cash_secured
  naked_put,         // one short put, Reg-T
  naked_call,        // one short call, Reg-T
  debit_vertical,    // long + short of one right and expiry, equal size, the long one dearer by strike
  credit_vertical,   // the same with the short one dearer by strike
  iron_condor,       // short put spread + short call spread, one expiry, equal size (iron butterfly too)
  short_straddle,    // short call + short put, same strike and expiry, equal size
  short_strangle,    // short call + short put otherwise, equal size
  uncovered_mix,     // anything else: every short leg margined as if naked, no spread offsets
};

std::string_view to_string(Structure s);

// The structure of `legs`, which must be netted (net_legs). Spreads count only within one expiry and with
// equal sizes (a calendar, a diagonal or a ratio spread is an uncovered_mix: conservative).
Structure classify_structure(const std::vector<HeldLeg>& legs, ShortPutCollateral short_puts);

}  // namespace nightdesk::risk
