// IronCondorStrategy: the built-in short iron condor. On the underlying's quotes, at most once per check
// interval while the session is open, it picks the expiry in the DTE window, a short put and a short call
// whose |delta| lie in their bands (nearest the middle) with every leg above the liquidity floors and the
// wings `put_width` / `call_width` further out listed, and sells the condor at the net mid when the credit
// is at least `min_credit`. Parameters: docs/STRATEGIES.md. Engine thread only.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/error.h"
#include "strategy/entry_params.h"
#include "strategy/order_templates.h"
#include "strategy/strategy.h"

namespace nightdesk::strategy {

struct IronCondorStrategyParams {
  EntryParams entry;
  DeltaBand put_delta{0.10, 0.20};            // put_delta_min, put_delta_max
  DeltaBand call_delta{0.10, 0.20};           // call_delta_min, call_delta_max
  Price put_width = Price::from_units(50'000);   // $5 below the short put
  Price call_width = Price::from_units(50'000);  // $5 above the short call
  Price min_credit;                           // dollars per share at the mid
};

Result<IronCondorStrategyParams> parse_iron_condor_strategy(const nlohmann::json& params, std::string_view path = "");

// The condor the parameters pick from `chain` now (a credit), or why not ("dte", "put_delta", "call_delta",
// "put_width", "call_width", "min_credit").
Result<BuiltOrder> pick_iron_condor(const IronCondorStrategyParams& p, const market::OptionChain& chain,
                                    const BuildContext& context);

class IronCondorStrategy final : public Strategy {
 public:
  IronCondorStrategy(std::string name, IronCondorStrategyParams params);
  const std::string& name() const override { return name_; }
  std::string_view kind() const override { return "iron_condor"; }
  void on_quote(StrategyContext& context, const market::QuoteEvent& quote) override;

  const IronCondorStrategyParams& params() const { return params_; }
  const OwnedPositions& positions() const { return positions_; }

 private:
  std::string name_;
  IronCondorStrategyParams params_;
  EntryCadence cadence_;
  BreakerHold hold_;  // the entry the breaker refused, until it changes state
  OwnedPositions positions_;
};

}  // namespace nightdesk::strategy
