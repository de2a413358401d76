// ShortPutVertical: the built-in credit put spread (the original scanner's trade): on the underlying's
// quotes, at most once per check interval while the session is open, it picks the expiry in the DTE window
// nearest the target, the short put whose |delta| is in the band (nearest the middle) with both legs above
// the liquidity floors and the long put `width` below listed, and sells the spread at the net mid when the
// credit is at least `min_credit`. Parameters: docs/STRATEGIES.md. Engine thread only.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/error.h"
#include "strategy/entry_params.h"
#include "strategy/order_templates.h"
#include "strategy/strategy.h"

namespace nightdesk::strategy {

struct ShortPutVerticalParams {
  EntryParams entry;
  DeltaBand short_delta{0.25, 0.35};   // short_delta_min, short_delta_max
  Price width = Price::from_units(50'000);  // $5 between the short and the long put
  Price min_credit;                    // dollars per share at the mid; 0 takes any credit
};

// Reads and validates the `params` map; errors name "<path>.<field>".
Result<ShortPutVerticalParams> parse_short_put_vertical(const nlohmann::json& params, std::string_view path = "");

// The vertical the parameters pick from `chain` now (a credit: limit_price negative), or why not (the field
// names the failing parameter: "dte", "delta", "width", "min_credit").
Result<BuiltOrder> pick_short_put_vertical(const ShortPutVerticalParams& p, const market::OptionChain& chain,
                                           const BuildContext& context);

class ShortPutVertical final : public Strategy {
 public:
  ShortPutVertical(std::string name, ShortPutVerticalParams params);
  const std::string& name() const override { return name_; }
  std::string_view kind() const override { return "short_put_vertical"; }
  void on_quote(StrategyContext& context, const market::QuoteEvent& quote) override;

  const ShortPutVerticalParams& params() const { return params_; }
  const OwnedPositions& positions() const { return positions_; }

 private:
  std::string name_;
  ShortPutVerticalParams params_;
  EntryCadence cadence_;
  BreakerHold hold_;  // the entry the breaker refused, until it changes state
  OwnedPositions positions_;
};

}  // namespace nightdesk::strategy
