// Building an order from a template and an option chain: strikes by price, delta, ATM offset or width; the
// OrderRequest (single leg, or a combo at a net price: debit positive, credit negative) priced at the net mid
// unless the parameters give a limit. Pure functions of (parameters, chain snapshot, context); engine thread.
#pragma once

#include <vector>

#include "common/error.h"
#include "market/option_chain.h"
#include "strategy/build_context.h"
#include "strategy/built_order.h"
#include "strategy/order_template_params.h"

namespace nightdesk::strategy {

// The order `params` describe, built from `chain`. Validates `params` first. Errors name the parameter:
// not_found for an expiry or strike that is not listed ("width: no put strike 5.00 below 450.00 listed for
// 2025-01-17"), invalid_argument for strikes in the wrong order, unavailable for missing quotes or Greeks.
Result<BuiltOrder> build_order(const TemplateParams& params, const market::OptionChain& chain, const BuildContext& context);

// One leg given by hand (a recurring template's or the API's "manual legs").
struct ManualLeg {
  OptionRight right = OptionRight::call;
  Side side = Side::buy;
  std::int32_t ratio = 1;  // >= 1
  ExpiryChoice expiry = TargetDte{};
  StrikeChoice strike = AtmOffset{};
  bool operator==(const ManualLeg&) const = default;
};

// An order from hand-given legs (1 to execution::kMaxComboLegs); errors name "legs[i].<field>".
Result<BuiltOrder> build_manual_order(const std::vector<ManualLeg>& legs, const OrderTerms& terms,
                                      const market::OptionChain& chain, const BuildContext& context);

}  // namespace nightdesk::strategy
