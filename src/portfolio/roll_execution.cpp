#include "portfolio/roll_execution.h"

#include <fmt/format.h>

#include "portfolio/position_order.h"

namespace nightdesk::portfolio {
namespace {

OrderIdentity roll_identity(const RollPlan& plan, IdGenerator& ids) {
  return OrderIdentity{ids.next(), plan.position_id, execution::OrderSource::roll, "roll"};
}

std::vector<SignedLeg> closing(const std::vector<RollLeg>& legs) {
  std::vector<SignedLeg> out;
  for (const RollLeg& leg : legs) out.push_back(SignedLeg{leg.instrument, -leg.contracts_per_unit, leg.mid});
  return out;
}

std::vector<SignedLeg> opening(const std::vector<RollLeg>& legs) {
  std::vector<SignedLeg> out;
  for (const RollLeg& leg : legs) out.push_back(SignedLeg{leg.instrument, leg.contracts_per_unit, leg.mid});
  return out;
}

// The leg's current mid from `chain`, when it has a sane two-sided quote; else the planned mid.
void reprice(RollLeg& leg, const market::OptionChain* chain) {
  if (chain == nullptr) return;
  const market::ExpirySlice* slice = chain->expiry(leg.instrument.expiry);
  const market::StrikeRow* row = slice ? slice->find(leg.instrument.strike) : nullptr;
  if (row == nullptr || !row->side(leg.instrument.right)) return;
  const market::Quote& q = row->side(leg.instrument.right)->quote;
  if (!q.has_offer() || q.is_crossed()) return;
  leg.bid = q.bid;
  leg.ask = q.ask;
  leg.mid = q.mid();
}

}  // namespace

std::string_view to_string(RollState state) {
  switch (state) {
    case RollState::working_combo: return "working_combo";
    case RollState::closing: return "closing";
    case RollState::opening: return "opening";
    case RollState::completed: return "completed";
    case RollState::failed: return "failed";
    case RollState::abandoned_flat: return "abandoned_flat";
  }
  return "unknown";
}

Result<RollExecution> RollExecution::start(RollPlan plan, Timestamp now, IdGenerator& ids, std::int32_t open_retries) {
  RollExecution roll(std::move(plan));
  const RollPlan& p = roll.plan_;
  roll.retries_left_ = roll.retries_total_ = open_retries;
  roll.result_ = RollResult{p.position_id, false, false, p.reason, p.strategy, p.execution, p.old_legs, p.new_legs,
                            p.units, Quantity(0), Quantity(0), Money(), Money(), {}, {}, now, {}};
  std::vector<SignedLeg> legs = closing(p.old_legs);
  if (p.execution == RollExecutionMode::combo) {
    auto open = opening(p.new_legs);
    legs.insert(legs.end(), open.begin(), open.end());
    roll.state_ = RollState::working_combo;
  } else {
    roll.state_ = RollState::closing;
  }
  auto order = make_position_order(legs, p.units, roll_identity(p, ids));
  if (!order) return std::unexpected(order.error());
  roll.current_ = std::move(*order);
  roll.result_.order_ids.push_back(roll.current_.client_order_id.value());
  roll.transitions_.push_back({now, roll.state_, roll.state_, false,
                               fmt::format("{}: {} units {} -> {}, order {}", to_string(p.execution), p.units.count(),
                                           format_date(p.from_expiry), format_date(p.to_expiry), roll.current_.client_order_id.value())});
  return roll;
}

bool RollExecution::finished() const {
  return state_ == RollState::completed || state_ == RollState::failed || state_ == RollState::abandoned_flat;
}

Result<execution::OrderRequest> RollExecution::open_order(Quantity units, IdGenerator& ids, const market::OptionChain* chain) {
  for (RollLeg& leg : plan_.new_legs) reprice(leg, chain);
  result_.new_legs = plan_.new_legs;
  return make_position_order(opening(plan_.new_legs), units, roll_identity(plan_, ids));
}

void RollExecution::move_to(RollState next, Timestamp now, std::string note, bool recovery) {
  transitions_.push_back({now, state_, next, recovery, std::move(note)});
  state_ = next;
}

void RollExecution::finish(RollState next, Timestamp now, bool success, std::string error) {
  result_.success = success;
  result_.error = error;
  result_.finished = now;
  move_to(next, now, success ? "roll completed" : error);
}

Result<std::optional<execution::OrderRequest>> RollExecution::on_order_finished(const OrderOutcome& outcome, Timestamp now,
                                                                                 IdGenerator& ids,
                                                                                 const market::OptionChain* chain) {
  if (finished()) return fail(ErrorCode::conflict, "the roll has already finished", "state");
  if (outcome.client_order_id != current_.client_order_id.value())
    return fail(ErrorCode::not_found, fmt::format("order {} is not this roll's working order", outcome.client_order_id), "client_order_id");
  result_.net_credit -= outcome.net_cost;
  result_.fees += outcome.fees;
  const Quantity filled = outcome.filled;
  std::string why = outcome.reason.empty() ? "no reason given" : outcome.reason;

  switch (state_) {
    case RollState::working_combo:
      result_.units_closed = result_.units_opened = filled;
      if (filled.count() == 0) finish(RollState::failed, now, false, fmt::format("combo order ended unfilled: {}", why));
      else if (filled < plan_.units)
        finish(RollState::completed, now, false, fmt::format("partially rolled: {} of {} units; the rest keep the old legs",
                                                             filled.count(), plan_.units.count()));
      else finish(RollState::completed, now, true, "");
      return std::nullopt;

    case RollState::closing: {
      result_.units_closed = filled;
      if (filled.count() == 0) {
        finish(RollState::failed, now, false, fmt::format("step one (close) ended unfilled: {}; position unchanged", why));
        return std::nullopt;
      }
      auto order = open_order(filled, ids, chain);
      if (!order) {
        finish(RollState::abandoned_flat, now, false, fmt::format("step two could not be built: {}", order.error().describe()));
        return std::nullopt;
      }
      current_ = std::move(*order);
      result_.order_ids.push_back(current_.client_order_id.value());
      move_to(RollState::opening, now, fmt::format("closed {} of {} units; step two opens {} units, order {}", filled.count(),
                                                   plan_.units.count(), filled.count(), current_.client_order_id.value()));
      return current_;
    }

    case RollState::opening: {
      result_.units_opened = result_.units_opened + filled;
      Quantity remaining = result_.units_closed - result_.units_opened;
      if (remaining.count() <= 0) {
        bool whole = result_.units_closed == plan_.units;
        finish(RollState::completed, now, whole,
               whole ? "" : fmt::format("only {} of {} units closed in step one; those were rolled", result_.units_closed.count(),
                                        plan_.units.count()));
        return std::nullopt;
      }
      if (retries_left_ == 0) {
        finish(RollState::abandoned_flat, now, false,
               fmt::format("step two failed after {} retries ({}): {} units closed and not reopened, left flat",
                           retries_total_, why, remaining.count()));
        return std::nullopt;
      }
      --retries_left_;
      auto order = open_order(remaining, ids, chain);
      if (!order) {
        finish(RollState::abandoned_flat, now, false, fmt::format("recovery order could not be built: {}", order.error().describe()));
        return std::nullopt;
      }
      current_ = std::move(*order);
      result_.order_ids.push_back(current_.client_order_id.value());
      move_to(RollState::opening, now,
              fmt::format("step two short by {} units ({}); recovery attempt {} of {} re-priced, order {}", remaining.count(), why,
                          retries_total_ - retries_left_, retries_total_, current_.client_order_id.value()),
              true);
      return current_;
    }

    default: break;
  }
  return fail(ErrorCode::internal, "roll in an unexpected state", "state");
}

}  // namespace nightdesk::portfolio
