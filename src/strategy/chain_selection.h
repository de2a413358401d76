// Resolving a template's expiry and strike choices against an option chain: exact listings, target DTE,
// target delta, ATM offset and fixed-width steps. Pure lookups on a chain snapshot; engine thread.
// Every error names the parameter (`field`) it came from and says what was and was not listed.
#pragma once

#include <string_view>

#include "common/error.h"
#include "market/option_chain.h"
#include "strategy/build_context.h"
#include "strategy/strike_choice.h"

namespace nightdesk::strategy {

// The New York date of context.now ("today" for DTE); errors come from the calendar.
Result<Date> today_of(const BuildContext& context);

// The listed expiry named by `choice`; expiries before today are never chosen. not_found names `field`.
Result<const market::ExpirySlice*> select_expiry(const market::OptionChain& chain, const ExpiryChoice& choice,
                                                 const BuildContext& context, std::string_view field);

// The strike named by `choice` for `right` in `slice`; the strike's `right` side must be quoted.
// TargetDelta skips strikes whose delta cannot be computed; unavailable when none can.
Result<Price> select_strike(const market::OptionChain& chain, const market::ExpirySlice& slice, OptionRight right,
                            const StrikeChoice& choice, const BuildContext& context, std::string_view field);

// The strike exactly `width` above (width > 0) or below (width < 0) `from`, quoted on `right`; not_found
// otherwise, e.g. "no strike 5.00 above 450.00 listed for 2025-01-17".
Result<Price> strike_at_width(const market::ExpirySlice& slice, OptionRight right, Price from, Price width,
                              std::string_view field);

// The chain's spot as a double; unavailable when the underlying has no mark.
Result<double> spot_of(const market::OptionChain& chain);

}  // namespace nightdesk::strategy
