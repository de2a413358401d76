// The Reg-T (CBOE/FINRA 4210) requirement for an uncovered short option, per share. Pure function; any thread.
//
//   call: max( R% x U - OTM + premium, 10% x U + premium ),  OTM = max(0, K - U)
//   put:  max( R% x U - OTM + premium, 10% x K + premium ),  OTM = max(0, U - K)
//
// U = underlying price, K = strike, premium = the option's current price (the order's price pre-trade).
// R = 20 for equity/ETF options, 15 for cash-settled (broad-based index) options. Percentages round up to
// the 1e-4 unit, so the requirement is never understated.
#pragma once

#include "common/fixed_point.h"
#include "market/instrument.h"

namespace nightdesk::risk {

struct NakedMargin {
  Price per_share;        // the larger of the two branches
  Price underlying_part;  // R% x U
  Price out_of_the_money;
  Price minimum_part;     // 10% x U (call) or 10% x K (put)
  int rate_pct = 20;      // R
};

NakedMargin naked_option_margin(const market::Instrument& option, Price premium, Price underlying_price);

}  // namespace nightdesk::risk
