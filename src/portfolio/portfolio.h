// Portfolio: every position of one account, kept current from fills and quotes, with the bot's decisions on
// the bot-managed ones (exits, rolls) returned as order requests for the engine to submit (through risk and
// smart execution); it never sends anything itself. Engine thread only; not thread-safe.
//
// Engine wiring: apply_fill() on each fill; on_quote() on each quote; plan_exits() and roll_candidates()
// after quotes (or on a timer); roll() to plan (dry run) or start a roll; on_order_finished() when any order
// with a parent_position_id reaches a terminal state (it may return the next order of a roll).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/id_generator.h"
#include "common/time.h"
#include "common/trading_calendar.h"
#include "execution/fill.h"
#include "execution/order.h"
#include "execution/order_request.h"
#include "market/option_chain.h"
#include "market/quote_event.h"
#include "portfolio/exit_planner.h"
#include "portfolio/management_config.h"
#include "portfolio/pnl_attribution.h"
#include "portfolio/portfolio_greeks.h"
#include "portfolio/position.h"
#include "portfolio/position_greeks.h"
#include "portfolio/roll_execution.h"
#include "portfolio/roll_plan.h"
#include "portfolio/roll_result.h"
#include "portfolio/roll_trigger.h"

namespace nightdesk::portfolio {

struct RollCandidate {
  std::string position_id;
  RollTrigger trigger;
};

// What roll() did: the plan, and the first order to submit unless it was a dry run.
struct RollStart {
  RollPlan plan;
  std::optional<execution::OrderRequest> order;
};

class Portfolio {
 public:
  // `settings` must be valid; `calendar` and `order_ids` must outlive the portfolio.
  Portfolio(ManagementSettings settings, const TradingCalendar& calendar, IdGenerator& order_ids);

  // Applies a fill of `order` to the position order.parent_position_id (created on its first fill; the
  // source follows the order's: manual_api -> manual, else bot-managed). invalid_argument for an order
  // without a position id or a fill of a leg the order does not have; the position's own errors otherwise.
  Status apply_fill(const execution::OrderRequest& order, const execution::Fill& fill);

  // Marks every leg on the quoted instrument (mid of a sane quote, else last; no mark, no change) and
  // refreshes those positions' Greeks; an underlying quote records its price and refreshes every position on it.
  void on_quote(const market::QuoteEvent& event);

  // Exit orders (stop loss, trailing stop, ladder) for every bot-managed position without a working exit
  // or roll. Positions whose order cannot be built are left as they were (listed in last_errors()).
  std::vector<ExitIntent> plan_exits(Timestamp now);

  // Bot-managed positions that should roll now (none with a roll already working).
  std::vector<RollCandidate> roll_candidates(Timestamp now) const;

  // Plans the roll of `position_id` on `chain` and records it. With `dry_run` (or settings roll_dry_run)
  // nothing is started and the plan goes into the roll history as a dry run. Otherwise the roll starts and
  // the first order is returned. conflict when the position is manual, or has an exit or a roll working;
  // not_found for an unknown position; the planner's error (recorded as roll_refused) otherwise.
  Result<RollStart> roll(const std::string& position_id, const market::OptionChain& chain, Timestamp now,
                         RollReason reason, bool dry_run = false);

  // The engine reports that `order` reached a terminal state. Exit orders re-arm or free their position;
  // roll orders advance their roll, which may return the next order to submit (close_first step two or a
  // recovery retry); `chain` (optional) re-prices it. Orders the portfolio did not produce: nullopt.
  Result<std::optional<execution::OrderRequest>> on_order_finished(const execution::Order& order, Timestamp now,
                                                                    const market::OptionChain* chain = nullptr);

  const Position* position(std::string_view id) const;
  const std::map<std::string, Position, std::less<>>& positions() const { return positions_; }
  const std::vector<RollResult>& roll_history() const { return roll_history_; }
  const RollExecution* active_roll(std::string_view position_id) const;

  // The latest Greeks of a position (nullptr before its first full set of marks, or while they fail).
  const PositionGreeks* greeks(std::string_view position_id) const;
  PortfolioGreeks portfolio_greeks(const BetaReference* reference = nullptr) const;
  // Why a position has no Greeks ("id: reason"), and exit plans that failed in the last plan_exits.
  const std::map<std::string, std::string, std::less<>>& greeks_errors() const { return greeks_errors_; }
  const std::vector<std::string>& last_errors() const { return last_errors_; }

  // Keeps the current Greeks as the start-of-day marks; attribute_day() compares the current ones with them.
  void mark_start_of_day();
  DailyAttribution attribute_day() const;

  const ManagementSettings& settings() const { return settings_; }

 private:
  void refresh_greeks(Position& position, Timestamp now);
  void record_roll_transitions(Position& position, const RollExecution& roll, std::size_t from);
  void finish_roll(Position& position, RollExecution& roll);

  ManagementSettings settings_;
  const TradingCalendar& calendar_;
  IdGenerator& order_ids_;
  ExitPlanner exits_;
  std::map<std::string, Position, std::less<>> positions_;
  std::map<std::string, double, std::less<>> spots_;
  std::map<std::string, PositionGreeks, std::less<>> greeks_;
  std::map<std::string, std::string, std::less<>> greeks_errors_;
  std::map<std::string, PositionGreeks, std::less<>> start_of_day_;
  std::map<std::string, RollExecution, std::less<>> rolls_;  // by position id
  std::vector<RollResult> roll_history_;
  std::vector<std::string> last_errors_;
};

}  // namespace nightdesk::portfolio
