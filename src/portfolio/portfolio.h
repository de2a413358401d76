// Portfolio: every position of one account, kept current from fills and quotes, with the bot's decisions on
// the bot-managed ones (exits, rolls) returned as order requests for the engine to submit (through risk and
// smart execution); it never sends anything itself. Engine thread only; not thread-safe.
//
// Engine wiring: apply_fill() on each fill; on_quote() on each quote; plan_exits() and roll_candidates()
// after quotes (or on a timer); roll() to plan (dry run) or start a roll; on_order_finished() when any order
// with a parent_position_id reaches a terminal state (it may return the next order of a roll).
// A person's commands (close, roll, management changes) come through the methods under "A person's
// commands"; each position may carry its own overrides of the global ManagementSettings.
#pragma once

#include <map>
#include <unordered_map>
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
#include "portfolio/close_amount.h"
#include "portfolio/exit_planner.h"
#include "portfolio/management_config.h"
#include "portfolio/pnl_attribution.h"
#include "portfolio/portfolio_greeks.h"
#include "portfolio/position.h"
#include "portfolio/position_greeks.h"
#include "portfolio/position_overrides.h"
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
  // Not copyable: open_ points into positions_ (a move keeps the map's nodes).
  Portfolio(const Portfolio&) = delete;
  Portfolio& operator=(const Portfolio&) = delete;
  Portfolio(Portfolio&&) = default;

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

  // Recovery (portfolio_recovery.cpp): `journaled` is the position's management history as the journal holds
  // it; it becomes the history, with the entries the rebuild recorded again (opened, closed, a person's
  // changes) that the journal lacks kept in time order. The exit rules' memory is replayed from it
  // (replay_management), so a fired level stays fired and a working exit keeps its position busy. Returns
  // the order of a roll the history shows unfinished (the roll itself is not rebuilt). not_found "position_id".
  Result<std::optional<std::string>> restore_management(const std::string& position_id,
                                                        std::vector<ManagementAction> journaled);

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

  // A person's commands (portfolio_commands.cpp), each recorded in the position's history with `who`.

  // The order closing `amount` of `position_id` (client id `client_order_id`, source manual_api) priced at
  // the legs' net mark like the bot's exits; it is the position's working exit (no bot exit or roll starts)
  // until on_order_finished. Errors: not_found "position_id"; conflict "position_id" when flat or a close,
  // an exit or a roll is working; units_to_close's ("quantity", "pct"); unavailable when a leg has no mark.
  Result<execution::OrderRequest> close(const std::string& position_id, const CloseAmount& amount,
                                        std::string client_order_id, const std::string& who, Timestamp now);

  // roll() on the request of a person (reason requested, even when rolling is disabled for the position),
  // with `overrides` on top of the position's settings (validated: invalid settings name the key). conflict
  // "source" for a manual position (hand it to the bot first); otherwise roll()'s errors.
  Result<RollStart> roll_requested(const std::string& position_id, const market::OptionChain& chain, Timestamp now,
                                   const RollOverrides& overrides, bool dry_run, const std::string& who);

  // Applies `change` to the position's own settings and returns its effective settings. Errors: not_found;
  // invalid_argument "who" when blank, "management" for an empty change; conflict "position_id" when flat;
  // the first invalid setting (field = its key, e.g. "stop_loss_pct"); conflict "source" when handing over to
  // manual while the bot's own exit or a roll is working. Nothing changes on an error.
  Result<ManagementSettings> change_management(const std::string& position_id, const ManagementChange& change,
                                               const std::string& who, Timestamp now);

  // A position's own overrides (nullptr: it follows the global settings) and its effective settings.
  const PositionOverrides* overrides(std::string_view position_id) const;
  ManagementSettings settings_for(std::string_view position_id) const;
  const RollSettings& roll_settings_for(std::string_view position_id) const;

 private:
  // A position's overrides with the settings they make (global settings never change after construction).
  struct OwnSettings {
    PositionOverrides overrides;
    ExitPlanner exits;
    RollSettings roll;
  };

  const ExitPlanner& exit_planner_for(std::string_view position_id) const;
  Result<RollStart> start_roll(const std::string& position_id, const market::OptionChain& chain, Timestamp now,
                               RollReason reason, const RollSettings& settings, bool dry_run, const std::string& who);
  Status hand_over(Position& position, PositionSource to, const std::string& who, Timestamp now);

  void refresh_greeks(Position& position, Timestamp now);
  void index_open_positions();
  void index_held_strikes();
  void record_roll_transitions(Position& position, const RollExecution& roll, std::size_t from);
  void finish_roll(Position& position, RollExecution& roll);

  ManagementSettings settings_;
  const TradingCalendar& calendar_;
  IdGenerator& order_ids_;
  ExitPlanner exits_;
  std::map<std::string, Position, std::less<>> positions_;
  // The positions with legs, in id order: what every quote walks (closed positions pile up over a backtest
  // and were most of the walk). Only apply_fill opens or flattens a position; it rebuilds this then.
  std::vector<std::pair<const std::string, Position>*> open_;
  // The strikes of the open positions' option legs, sorted: most option quotes are of a strike no position
  // holds and mark nothing, so on_quote stops there. Rebuilt by every apply_fill (only fills change legs).
  std::vector<Price> held_strikes_;
  std::map<std::string, double, std::less<>> spots_;
  std::map<std::string, PositionGreeks, std::less<>> greeks_;
  std::map<std::string, std::string, std::less<>> greeks_errors_;
  std::map<std::string, PositionGreeks, std::less<>> start_of_day_;
  std::map<std::string, RollExecution, std::less<>> rolls_;  // by position id
  std::vector<RollResult> roll_history_;
  std::vector<std::string> last_errors_;
  std::map<std::string, OwnSettings, std::less<>> own_settings_;  // by position id
  // Position id -> its revision when plan_exits last found nothing to do (forgotten when its settings change).
  // Keyed by address: positions_ never moves or erases a position.
  std::unordered_map<const Position*, std::uint64_t> exits_quiet_at_;
  // Position -> its revision and the New York day when roll_candidates last found no trigger for it. Without
  // roll_on_delta_breach a trigger reads only the position (legs, marks, source: its revision; a settings
  // change records in its history), the day and the settings, so an unchanged position is not looked at again
  // that day. With it, the legs' deltas (the Greeks, which move with the spot) are read too: never kept.
  struct RollQuiet {
    std::uint64_t revision = 0;
    Date day{};
  };
  mutable std::unordered_map<const Position*, RollQuiet> rolls_quiet_at_;
};

}  // namespace nightdesk::portfolio
