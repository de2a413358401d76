// Wheel: the built-in wheel. With no shares it sells a cash-secured put (|delta| in put_delta, expiry in the
// DTE window); when the put is assigned at expiry the shares land in the same position and it sells covered
// calls against them (one per 100 shares, strike at or above the shares' cost (the assigned put's strike) when
// call_at_or_above_cost);
// when the shares are called away it is back to puts. One position at a time; it looks at most once per
// check interval while the session is open. Parameters: docs/STRATEGIES.md. Engine thread only.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/error.h"
#include "strategy/entry_params.h"
#include "strategy/order_templates.h"
#include "strategy/strategy.h"

namespace nightdesk::strategy {

struct WheelParams {
  EntryParams entry;                  // quantity: puts per entry (each secured by strike x 100 in cash)
  DeltaBand put_delta{0.25, 0.35};    // put_delta_min, put_delta_max
  DeltaBand call_delta{0.25, 0.35};   // call_delta_min, call_delta_max
  bool call_at_or_above_cost = true;  // never sell a call below what the shares cost per share
};

Result<WheelParams> parse_wheel(const nlohmann::json& params, std::string_view path = "");

// Where the wheel stands, read from its position each time it looks.
enum class WheelPhase : std::uint8_t { selling_puts, put_open, selling_calls, call_open };
std::string_view to_string(WheelPhase phase);

class Wheel final : public Strategy {
 public:
  Wheel(std::string name, WheelParams params);
  const std::string& name() const override { return name_; }
  std::string_view kind() const override { return "wheel"; }
  void on_quote(StrategyContext& context, const market::QuoteEvent& quote) override;

  const WheelParams& params() const { return params_; }
  // The phase as of the last look.
  WheelPhase phase() const { return phase_; }
  // The position the wheel trades in now (empty before the first put).
  const std::string& position_id() const { return position_id_; }

 private:
  WheelPhase read_phase(const portfolio::Portfolio& portfolio, std::int64_t* shares, double* cost);
  void sell_put(StrategyContext& context, const market::OptionChain& chain);
  void sell_calls(StrategyContext& context, const market::OptionChain& chain, std::int64_t shares, double cost);

  std::string name_;
  WheelParams params_;
  EntryCadence cadence_;
  BreakerHold put_hold_, call_hold_;  // each entry the breaker refused, until it changes state
  WheelPhase phase_ = WheelPhase::selling_puts;
  std::string position_id_;
  std::optional<Price> put_strike_;  // the short put last seen: the cost of shares it was assigned into
};

}  // namespace nightdesk::strategy
