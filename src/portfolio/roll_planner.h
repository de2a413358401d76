// Planning a roll against an option chain snapshot: the target expiry (nearest target_dte inside the
// window), new strikes by the configured strategy within max_strike_adjustment, the net price at the mids
// and the require_credit check. Pure; callable from any thread on values it owns.
#pragma once

#include "common/error.h"
#include "common/time.h"
#include "market/option_chain.h"
#include "portfolio/position.h"
#include "portfolio/roll_plan.h"
#include "portfolio/roll_settings.h"

namespace nightdesk::portfolio {

// The listed expiry after `after` whose DTE from `today` is nearest settings.target_dte within
// [min_target_dte, max_target_dte] (ties to the earlier); nullptr when none is listed in the window.
const market::ExpirySlice* roll_target_expiry(const market::OptionChain& chain, Date today, Date after,
                                              const RollSettings& settings);

// The roll of every unit of `position` into the target expiry. Errors (the field names the cause):
//   conflict "source"            a manual position (the bot never rolls those)
//   invalid_argument "legs"      flat, a non-option leg, legs in several expiries, or another underlying
//   not_found "expiry"           no listed expiry in the target window
//   not_found "strike"           same_strikes: a strike is not listed; any strategy: nothing listed within
//                                max_strike_adjustment of the old strike, or two legs landing on one contract
//   unavailable "quote"          a leg without a usable two-sided quote (no offer, crossed), "delta" without a delta
//   conflict "require_credit"    the net price at the mids is a debit and a credit is required
Result<RollPlan> plan_roll(const Position& position, const market::OptionChain& chain, Date today,
                           const RollSettings& settings, RollReason reason);

}  // namespace nightdesk::portfolio
