// LegPlan and assemble_order(): the step every template ends with: chosen legs (expiry, strike, right,
// side, ratio) become a priced BuiltOrder. Pure; engine thread.
#pragma once

#include <string_view>
#include <vector>

#include "common/error.h"
#include "market/option_chain.h"
#include "strategy/build_context.h"
#include "strategy/built_order.h"
#include "strategy/order_template_params.h"

namespace nightdesk::strategy {

// One chosen leg. A stock leg (`stock`) ignores expiry, strike and right.
struct LegPlan {
  Date expiry{};
  Price strike;
  OptionRight right = OptionRight::call;
  Side side = Side::buy;
  std::int32_t ratio = 1;
  bool stock = false;
};

// Quotes each leg from `chain`, builds the OrderRequest (quantity, time in force, client id, limit from
// `terms`; default limit: the net mid rounded in the favourable direction) and each leg's IV and delta.
// Errors: unavailable when a leg is not quoted two-sided (there is no mid to price from); invalid_argument
// ("limit_price") when a single leg's price would not be positive; any OrderRequest::validate() error.
Result<BuiltOrder> assemble_order(std::string_view template_name, const std::vector<LegPlan>& plans,
                                  const OrderTerms& terms, const market::OptionChain& chain, const BuildContext& context);

}  // namespace nightdesk::strategy
