// Position: one or more legs held together (a spread, a single option, stock) with its source, exact
// fixed-point cost and P&L, marks and management history. Applying fills is the only way quantities change.
// Owned by the Portfolio on the engine thread; not thread-safe.
//
// Sign conventions (stated once): Money is 1e-4 USD; a cost is DEBIT POSITIVE, CREDIT NEGATIVE (selling a
// put spread for 5.00 x 1 contract has entry cost -500). P&L is positive when the position made money.
// P&L % = unrealized P&L / |open cost|: a credit of -500 now worth -250 is +250 / 500 = +50%.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/fixed_point.h"
#include "common/time.h"
#include "execution/order_terms.h"
#include "market/instrument.h"
#include "portfolio/exit_state.h"
#include "portfolio/management_action.h"
#include "portfolio/percent.h"
#include "portfolio/position_leg.h"
#include "portfolio/position_source.h"

namespace nightdesk::portfolio {

// One execution of one instrument in the position (what the portfolio takes from a broker fill).
struct PositionFill {
  market::Instrument instrument;
  execution::Side side = execution::Side::buy;
  Quantity quantity;  // contracts, > 0
  Price price;        // per share, >= 0
  Money fees;         // >= 0 (paid)
  Timestamp time{};
  std::string fill_id;  // unique per venue execution; a repeated id is ignored (replayed report)
};

// A whole position unit: `units` of the structure, each made of `ratio` contracts of every leg.
struct UnitShape {
  Quantity units;                   // gcd of the legs' |quantity|; 0 when flat
  std::vector<std::int64_t> ratios;  // signed contracts per unit, one per open leg
};

class Position {
 public:
  Position(std::string id, std::string underlying, PositionSource source, Timestamp opened);

  const std::string& id() const { return id_; }
  const std::string& underlying() const { return underlying_; }
  PositionSource source() const { return source_; }
  bool is_bot_managed() const { return source_ == PositionSource::bot_managed; }
  // A person hands the position to the bot or takes it over (Portfolio::change_management).
  void set_source(PositionSource source) {
    ++revision_;
    source_ = source;
  }
  Timestamp opened_time() const { return opened_; }

  // Open legs (a leg that goes flat is removed; its P&L stays in realized_pnl()).
  const std::vector<PositionLeg>& legs() const { return legs_; }
  const PositionLeg* leg(const market::Instrument& instrument) const;
  bool is_flat() const { return legs_.empty(); }
  UnitShape unit_shape() const;

  // Applies one fill exactly: closes FIFO lots of an opposite-signed leg first (realizing P&L), then opens
  // the rest. A repeated fill_id is ignored (ok). invalid_argument for a non-positive quantity, a negative
  // price or fees, an instrument of another underlying; overflow when the money would not fit.
  Status apply_fill(const PositionFill& fill);
  // Sets the mark (and the feed's IV, or none) of the leg holding `instrument`; false when there is no such leg.
  bool set_mark(const market::Instrument& instrument, Price mark, std::optional<double> quoted_iv = std::nullopt);

  // Net cost of every opening fill ever applied (debit positive); what was paid to get in.
  Money entry_cost() const { return entry_cost_; }
  // Cost of what is still open (the open lots); the base of P&L %.
  Money open_cost() const;
  // Sum of the legs' values at their marks; unavailable when a leg has no mark.
  Result<Money> market_value() const;
  // market_value - open_cost.
  Result<Money> unrealized_pnl() const;
  // P&L realized by closing lots, before fees.
  Money realized_pnl() const { return realized_pnl_; }
  Money fees() const { return fees_; }
  // unrealized P&L / |open cost|, truncated toward zero to a basis point; unavailable without marks, invalid_argument
  // when the open cost is zero (e.g. a spread filled at a net price of 0).
  Result<Percent> pnl_pct() const;

  const std::vector<ManagementAction>& history() const { return history_; }
  void record(ManagementAction action) {
    ++revision_;
    history_.push_back(std::move(action));
  }
  // Recovery only: the history as rebuilt from the journal (Portfolio::restore_management).
  void restore_history(std::vector<ManagementAction> history) {
    ++revision_;
    history_ = std::move(history);
  }
  // Mutable access counts as a change (the caller may change it).
  ExitState& exit_state() {
    ++revision_;
    return exit_;
  }
  const ExitState& exit_state() const { return exit_; }

  // Changes with every mutation (fill, mark, source, history, exit state access): equal revisions of one
  // position mean nothing about it changed in between (Portfolio skips re-planning an unchanged position).
  std::uint64_t revision() const { return revision_; }

 private:
  std::string id_;
  std::string underlying_;
  PositionSource source_;
  Timestamp opened_;
  std::vector<PositionLeg> legs_;
  Money entry_cost_;
  Money realized_pnl_;
  Money fees_;
  std::set<std::string> seen_fills_;
  std::vector<ManagementAction> history_;
  ExitState exit_;
  std::uint64_t revision_ = 0;
};

}  // namespace nightdesk::portfolio
