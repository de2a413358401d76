// Implied volatility and Greeks of one quoted option in a chain: the IV from the quote when it has one, else
// solved from the mid; Greeks from src/pricing under the context's assumptions. Pure; engine thread.
#pragma once

#include "common/error.h"
#include "market/option_chain.h"
#include "pricing/greeks.h"
#include "strategy/build_context.h"

namespace nightdesk::strategy {

struct OptionAnalytics {
  double iv = 0;
  bool iv_from_quote = false;
  pricing::Greeks greeks;
};

// Errors: unavailable when the quote has no IV and no sane two-sided mid, or the mid is outside the model's
// reachable prices; out_of_range for an expired option; invalid inputs name the field.
Result<OptionAnalytics> analyse_option(const market::OptionQuote& quote, OptionRight right, Price strike,
                                       Date expiry, double spot, const BuildContext& context);

}  // namespace nightdesk::strategy
