// FeeSchedule: what the paper venue charges per fill: a per-contract commission plus exchange and
// regulatory fees for options, a per-share commission for stock. Money is 1e-4 USD (paid: positive).
// Plain value.
#pragma once

#include "common/error.h"
#include "common/fixed_point.h"
#include "market/instrument.h"

namespace nightdesk::broker {

struct FeeSchedule {
  Money commission_per_contract = Money::from_units(6'500);  // $0.65, a retail broker's rate
  Money exchange_fee_per_contract;                           // varies by exchange; 0 by default
  Money regulatory_fee_per_contract;                         // ORF and the like; 0 by default
  Money commission_per_share;                                // stock; 0 by default

  // Fees for `contracts` (> 0) of `instrument`: contracts x the per-contract sum for options,
  // shares x the per-share commission for stock. Overflow is an error.
  Result<Money> fees_for(const market::Instrument& instrument, Quantity contracts) const;
};

}  // namespace nightdesk::broker
