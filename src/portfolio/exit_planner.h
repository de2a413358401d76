// ExitPlanner: applies the exit rules (stop loss, trailing stop, profit-taking ladder) to one bot-managed
// position at its current marks and returns the closing order to send, recording every decision in the
// position's history. It never sends anything and never touches a manual position. Engine thread only.
#pragma once

#include <optional>
#include <string>

#include "common/error.h"
#include "common/id_generator.h"
#include "common/time.h"
#include "execution/order_request.h"
#include "portfolio/exit_settings.h"
#include "portfolio/position.h"

namespace nightdesk::portfolio {

struct ExitIntent {
  execution::OrderRequest order;  // source bot_management, parent_position_id = the position
  ManagementActionKind kind = ManagementActionKind::take_profit;  // take_profit, stop_loss or trailing_stop
};

class ExitPlanner {
 public:
  // `settings` must be valid (ExitSettings::validate).
  explicit ExitPlanner(ExitSettings settings) : settings_(std::move(settings)) {}
  const ExitSettings& settings() const { return settings_; }

  // Order of the rules: stop loss, then trailing stop (both close everything), then the ladder. Nothing
  // happens (nullopt, position unchanged) for a manual position, a flat one, one without marks for every
  // leg or with a zero open cost, or one with an exit order still working.
  // Errors only when the closing order cannot be built (e.g. overflow); the position is then unchanged.
  Result<std::optional<ExitIntent>> evaluate(Position& position, Timestamp now, IdGenerator& ids) const;

  // The engine reports that exit order `client_order_id` of `position` has finished (filled, cancelled,
  // rejected or expired) with `filled_units` done; the next evaluate may plan again. Ladder levels of an order
  // that filled nothing are pending again (recorded as take_profit_rearmed); a stop that closed only part
  // fires again on the next evaluate for the rest. Unknown ids: false.
  bool on_exit_finished(Position& position, const std::string& client_order_id, Quantity filled_units,
                        Timestamp now) const;

 private:
  Result<std::optional<ExitIntent>> full_close(Position& position, ManagementActionKind kind, Percent pnl,
                                               Percent threshold, std::string reason, Timestamp now,
                                               IdGenerator& ids) const;
  Result<std::optional<ExitIntent>> take_profits(Position& position, Percent pnl, Timestamp now, IdGenerator& ids) const;

  ExitSettings settings_;
};

}  // namespace nightdesk::portfolio
