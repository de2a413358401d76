// Screening a chain the way the original scanner did: an expiry inside a days-to-expiry window, and strikes
// whose |delta| lies in a band and whose quotes pass open-interest and volume floors. Used by the built-in
// strategies before they hand fixed strikes to an order template. Pure lookups on a chain; engine thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "market/option_chain.h"
#include "strategy/build_context.h"

namespace nightdesk::strategy {

// Calendar days to expiry, inclusive on both ends; the expiry nearest `target` wins (ties: the earlier).
struct DteWindow {
  int min = 7;
  int max = 45;
  int target = 30;
};

// |delta| per share, inclusive; the strike nearest the middle of the band wins (ties: the lower strike).
struct DeltaBand {
  double min = 0.25;
  double max = 0.35;
  double middle() const { return (min + max) / 2; }
};

// A quote passes when its open interest and volume are at least these; a floor above 0 fails a quote whose
// source did not say (unknown is not liquid).
struct LiquidityFloor {
  std::int64_t min_open_interest = 0;
  std::int64_t min_volume = 0;
};

// The listed expiry in `window` nearest its target; not_found naming "dte" when none is listed in it.
Result<const market::ExpirySlice*> expiry_in_window(const market::OptionChain& chain, const DteWindow& window,
                                                    const BuildContext& context);

// Why `quote` fails `floor` ("open interest 40 < 100", "volume unknown"); nullopt when it passes.
std::optional<std::string> liquidity_shortfall(const market::OptionQuote& quote, const LiquidityFloor& floor);

struct ScreenedStrike {
  Price strike;
  double delta = 0;  // signed, per share
};

// The strikes of `right` in `slice` whose |delta| is in `band` and whose quote passes `floor`, best first
// (nearest the band's middle; ties to the lower strike). not_found naming "delta" when none qualifies, saying
// how many were in the band and why they failed.
Result<std::vector<ScreenedStrike>> strikes_in_band(const market::OptionChain& chain, const market::ExpirySlice& slice,
                                                    OptionRight right, const DeltaBand& band, const LiquidityFloor& floor,
                                                    const BuildContext& context);

// The quote of `right` at `strike` in `slice` when it is listed and passes `floor`; else the reason.
Result<const market::OptionQuote*> liquid_quote(const market::ExpirySlice& slice, Price strike, OptionRight right,
                                                const LiquidityFloor& floor);

}  // namespace nightdesk::strategy
