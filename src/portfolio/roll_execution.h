// RollExecution: carries out one RollPlan as orders and follows them to the end. Combo mode sends one order
// (close old + open new legs). close_first sends the close, then the open for as many units as closed; when
// the open ends short, the recovery path re-prices and retries the remainder up to `open_retries` times and
// then gives up, leaving those units flat (recorded, never silent). It produces orders and never sends them.
// Engine thread only.
//
//   combo:        working_combo --filled--> completed | --nothing--> failed | --part--> completed (partial)
//   close_first:  closing --nothing--> failed
//                 closing --some/all--> opening --all reopened--> completed
//                 opening --short, retries left--> opening (recovery: re-priced retry of the remainder)
//                 opening --short, no retries--> abandoned_flat
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/id_generator.h"
#include "common/time.h"
#include "execution/order_request.h"
#include "market/option_chain.h"
#include "portfolio/order_outcome.h"
#include "portfolio/roll_plan.h"
#include "portfolio/roll_result.h"

namespace nightdesk::portfolio {

enum class RollState : std::uint8_t { working_combo, closing, opening, completed, failed, abandoned_flat };

std::string_view to_string(RollState state);

struct RollTransition {
  Timestamp time{};
  RollState from = RollState::working_combo;
  RollState to = RollState::working_combo;
  bool recovery = false;  // a step of the recovery path
  std::string note;
};

class RollExecution {
 public:
  // Builds the first order (the combo, or the close of close_first) at the plan's mids; the engine submits
  // current_order(). Errors when the order cannot be built (no units, overflow).
  static Result<RollExecution> start(RollPlan plan, Timestamp now, IdGenerator& ids, std::int32_t open_retries);

  RollState state() const { return state_; }
  bool finished() const;
  const RollPlan& plan() const { return plan_; }
  // The order working now (the last one produced).
  const execution::OrderRequest& current_order() const { return current_; }
  const RollResult& result() const { return result_; }
  const std::vector<RollTransition>& transitions() const { return transitions_; }

  // The working order ended with `outcome`. Returns the next order to submit, or nullopt when the roll has
  // finished (see result()). `chain` (optional) re-prices step two and its retries at the current mids.
  // not_found when `outcome` is not the working order; conflict when the roll has already finished.
  Result<std::optional<execution::OrderRequest>> on_order_finished(const OrderOutcome& outcome, Timestamp now,
                                                                    IdGenerator& ids, const market::OptionChain* chain);

 private:
  explicit RollExecution(RollPlan plan) : plan_(std::move(plan)) {}
  Result<execution::OrderRequest> open_order(Quantity units, IdGenerator& ids, const market::OptionChain* chain);
  void move_to(RollState next, Timestamp now, std::string note, bool recovery = false);
  void finish(RollState next, Timestamp now, bool success, std::string error);

  RollPlan plan_;
  RollState state_ = RollState::working_combo;
  execution::OrderRequest current_;
  RollResult result_;
  std::vector<RollTransition> transitions_;
  std::int32_t retries_left_ = 0;
  std::int32_t retries_total_ = 0;
};

}  // namespace nightdesk::portfolio
