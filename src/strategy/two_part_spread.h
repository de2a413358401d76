// TwoPartSpread: the original's two-part spread. It buys a debit vertical first (long strike by |delta| in
// debit_delta, `debit_width` further out of the money, on `debit_right`); once that has filled it sells a
// credit vertical (short strike by |delta| in credit_delta, `credit_width` further out, on `credit_right`) in
// the same position, as a resting limit at a credit of at least the debit paid plus `min_net_credit`, so the
// whole is done for a net credit or not at all. Either part still working after its timeout is cancelled;
// a debit side left alone stays with the desk's management. Parameters: docs/STRATEGIES.md. Engine thread.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/error.h"
#include "strategy/entry_params.h"
#include "strategy/order_templates.h"
#include "strategy/strategy.h"

namespace nightdesk::strategy {

struct TwoPartSpreadParams {
  EntryParams entry;
  OptionRight debit_right = OptionRight::call;
  DeltaBand debit_delta{0.45, 0.55};           // debit_delta_min, debit_delta_max: the long leg
  Price debit_width = Price::from_units(50'000);
  OptionRight credit_right = OptionRight::put;
  DeltaBand credit_delta{0.25, 0.35};          // credit_delta_min, credit_delta_max: the short leg
  Price credit_width = Price::from_units(50'000);
  Price min_net_credit = Price::from_units(500);  // $0.05 per share over the debit paid
  std::int32_t debit_timeout_minutes = 30;
  std::int32_t credit_timeout_minutes = 60;
};

Result<TwoPartSpreadParams> parse_two_part_spread(const nlohmann::json& params, std::string_view path = "");

enum class TwoPartStage : std::uint8_t { idle, debit_working, credit_working, done, abandoned };
std::string_view to_string(TwoPartStage stage);

class TwoPartSpread final : public Strategy {
 public:
  TwoPartSpread(std::string name, TwoPartSpreadParams params);
  const std::string& name() const override { return name_; }
  std::string_view kind() const override { return "two_part_spread"; }
  void on_quote(StrategyContext& context, const market::QuoteEvent& quote) override;
  void on_fill(StrategyContext& context, const StrategyFill& fill) override;
  void on_order_end(StrategyContext& context, const StrategyOrderEnd& end) override;
  void on_timer(StrategyContext& context, std::uint64_t tag) override;

  const TwoPartSpreadParams& params() const { return params_; }
  // The stage of the latest attempt: done when both parts filled, abandoned when a part timed out or failed.
  TwoPartStage stage() const { return stage_; }
  const OwnedPositions& positions() const { return positions_; }
  // The net debit paid per share for the debit side of the latest attempt (positive), once filled.
  std::optional<Price> debit_paid() const { return debit_paid_; }

 private:
  enum TimerTag : std::uint64_t { kDebitTimeout = 1, kCreditTimeout = 2 };
  void open_debit(StrategyContext& context, const market::OptionChain& chain);
  void open_credit(StrategyContext& context, Quantity units);
  void give_up(StrategyContext& context, std::string reason);

  std::string name_;
  TwoPartSpreadParams params_;
  EntryCadence cadence_;
  BreakerHold hold_;  // the entry the breaker refused, until it changes state
  OwnedPositions positions_;
  TwoPartStage stage_ = TwoPartStage::idle;
  execution::ClientOrderId debit_id_, credit_id_;
  std::string position_id_;
  std::optional<Price> debit_paid_;
  TimerId timeout_;
};

}  // namespace nightdesk::strategy
