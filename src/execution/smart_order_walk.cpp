#include "execution/smart_order_walk.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace nightdesk::execution {
namespace {

constexpr std::int32_t kWholeSpreadBps = 10'000;
constexpr std::int32_t kMidBps = 5'000;

std::int32_t to_bps(double pct) { return static_cast<std::int32_t>(std::llround(pct * 100.0)); }

Rounding toward_far(Side side) { return side == Side::buy ? Rounding::up : Rounding::down; }
Rounding toward_near(Side side) { return side == Side::buy ? Rounding::down : Rounding::up; }

// mid + direction * spread * (position - 50%), rounded in `rounding` to a 1e-4 unit, then onto the tick.
Result<Price> price_at(const NetQuote& q, Side side, std::int32_t position_bps, Rounding rounding, const TickRule& rule) {
  auto scaled = fixed_point::checked_mul(q.spread().units(), std::int64_t{position_bps - kMidBps} * direction(side));
  if (!scaled) return std::unexpected(scaled.error());
  auto offset = fixed_point::divide(*scaled, kWholeSpreadBps, rounding);
  if (!offset) return std::unexpected(offset.error());
  auto raw = q.mid.checked_add(Price::from_units(*offset));
  if (!raw) return std::unexpected(raw.error());
  return rule.round(*raw, rounding);
}

// Where the order was last put to work (acknowledged, replaced, or back from a refused cancel/replace);
// partial fills do not restart the clock.
Timestamp working_since(const Order& order) {
  for (auto it = order.history.rbegin(); it != order.history.rend(); ++it)
    if (is_working(it->to) && !is_working(it->from)) return it->engine_time;
  return order.last_transition_time();
}

}  // namespace

Status SmartExecutionConfig::validate() const {
  if (!std::isfinite(step_pct_of_spread) || step_pct_of_spread <= 0 || step_pct_of_spread > 100)
    return fail(ErrorCode::out_of_range, fmt::format("must be in (0, 100], got {}", step_pct_of_spread), "step_pct_of_spread");
  if (!std::isfinite(max_walk_pct_of_spread) || max_walk_pct_of_spread < 0 || max_walk_pct_of_spread > 100)
    return fail(ErrorCode::out_of_range, fmt::format("must be in [0, 100] (100 = the far touch), got {}", max_walk_pct_of_spread),
                "max_walk_pct_of_spread");
  if (max_attempts < 0) return fail(ErrorCode::out_of_range, fmt::format("must be >= 0, got {}", max_attempts), "max_attempts");
  if (cancel_after <= Nanoseconds::zero()) return fail(ErrorCode::out_of_range, "must be > 0", "cancel_after_seconds");
  if (slippage_budget) return slippage_budget->validate();
  return ok();
}

Result<SmartOrderWalk> SmartOrderWalk::begin(const SmartExecutionConfig& config, const OrderRequest& request,
                                             const NetQuote& arrival, TickRule tick_rule,
                                             const DailySlippageBudget* daily) {
  if (auto valid = config.validate(); !valid) return std::unexpected(valid.error());
  if (auto valid = tick_rule.validate(); !valid) return std::unexpected(valid.error());
  if (request.type != OrderType::limit)
    return fail(ErrorCode::invalid_argument, fmt::format("only limit orders are walked, got {}", to_string(request.type)), "type");
  if (request.legs.empty()) return fail(ErrorCode::invalid_argument, "an order needs at least one leg", "legs");
  if (arrival.spread().units() < 0)
    return fail(ErrorCode::unavailable, fmt::format("crossed arrival quote (bid {} ask {})", arrival.bid.to_string(), arrival.ask.to_string()), "quote");
  if (daily) {
    if (auto admitted = daily->admit_new_walk(); !admitted)
      return fail(ErrorCode::conflict, "walk refused: " + admitted.error().message, admitted.error().field);
  }
  SmartOrderWalk walk;
  walk.config_ = config;
  walk.tick_rule_ = tick_rule;
  walk.client_order_id_ = request.client_order_id;
  walk.side_ = request.price_side();
  walk.single_leg_ = !request.is_combo();
  walk.arrival_ = arrival;
  walk.start_bps_ = config.use_mid_price ? kMidBps : 0;
  walk.step_bps_ = std::max(1, to_bps(config.step_pct_of_spread));
  walk.max_bps_ = to_bps(config.max_walk_pct_of_spread);
  // The opening price rests passively: a buy rounds down, a sell up.
  auto opening = price_at(arrival, walk.side_, walk.start_bps_, toward_near(walk.side_), tick_rule);
  if (!opening) return std::unexpected(opening.error());
  walk.opening_price_ = *opening;
  if (walk.single_leg_ && walk.opening_price_.units() <= 0) {
    auto smallest = tick_rule.round(Price::from_units(1), Rounding::up);  // a zero bid: the lowest valid price
    if (!smallest) return std::unexpected(smallest.error());
    walk.opening_price_ = *smallest;
  }
  return walk;
}

Result<Price> SmartOrderWalk::walk_price(const NetQuote& quote, std::int32_t position_bps) const {
  auto price = price_at(quote, side_, position_bps, toward_far(side_), tick_rule_);
  if (!price) return price;
  auto cap = price_at(quote, side_, max_bps_, toward_near(side_), tick_rule_);
  if (!cap) return cap;
  if ((*price - *cap).units() * direction(side_) > 0) price = *cap;
  if (single_leg_ && price->units() <= 0) return tick_rule_.round(Price::from_units(1), Rounding::up);
  return price;
}

WalkDecision SmartOrderWalk::stop(const Order& order, WalkStopReason reason, WalkEndAction action, std::string detail, Timestamp now) {
  stopped_ = true;
  WalkDecision d;
  d.action = action == WalkEndAction::cancel ? WalkAction::cancel : WalkAction::wait;
  d.stopped = WalkStopped{client_order_id_, reason, action, order.request.limit_price.value_or(Price()), attempts_, std::move(detail), now};
  return d;
}

WalkDecision SmartOrderWalk::poll(const Order& order, const NetQuote* quote, Timestamp now) {
  if (stopped_) return {};
  if (order.state == OrderState::filled) return stop(order, WalkStopReason::filled, WalkEndAction::rest, "filled", now);
  if (is_terminal(order.state))
    return stop(order, WalkStopReason::order_closed, WalkEndAction::rest, fmt::format("order {}", to_string(order.state)), now);
  if (!is_working(order.state)) return {};  // a request is in flight: wait for the venue's answer
  Timestamp due = working_since(order) + config_.cancel_after;
  if (now < due) {
    WalkDecision wait;
    wait.wake_at = due;
    return wait;
  }
  if (quote == nullptr || quote->spread().units() < 0) return {};  // never step on a missing or crossed quote
  Price current = order.request.limit_price.value_or(opening_price_);
  if (attempts_ >= config_.max_attempts)
    return stop(order, WalkStopReason::max_attempts, config_.on_exhausted,
                fmt::format("{} replaces made, resting at {}", attempts_, current.to_string()), now);
  std::int32_t steps = steps_;
  std::int32_t position = 0;
  Price next;
  for (;;) {
    ++steps;
    position = std::min(start_bps_ + steps * step_bps_, max_bps_);
    auto candidate = walk_price(*quote, position);
    if (!candidate)
      return stop(order, WalkStopReason::order_closed, WalkEndAction::rest, "price arithmetic failed: " + candidate.error().message, now);
    next = *candidate;
    if (next != current) break;
    if (position >= max_bps_)
      return stop(order, WalkStopReason::far_touch, config_.on_exhausted,
                  fmt::format("at {} = {}% of the spread (bid {} ask {})", current.to_string(), max_bps_ / 100.0,
                              quote->bid.to_string(), quote->ask.to_string()),
                  now);
  }
  if (config_.slippage_budget && !config_.slippage_budget->allows(side_, next, arrival_.mid, arrival_.spread())) {
    auto detail = fmt::format("next price {} would slip past {}% of the arrival spread {} from arrival mid {}", next.to_string(),
                              config_.slippage_budget->pct_of_arrival_spread, arrival_.spread().to_string(), arrival_.mid.to_string());
    WalkDecision d = stop(order, WalkStopReason::slippage_budget, config_.slippage_budget->on_hit, detail, now);
    std::int64_t multiplier = order.request.legs.empty() ? 100 : order.request.legs.front().instrument.multiplier;
    auto budget = notional(Price::from_units(static_cast<std::int64_t>(std::llround(
                               config_.slippage_budget->pct_of_arrival_spread * static_cast<double>(arrival_.spread().units()) / 100.0))),
                           order.leaves_quantity(), multiplier);
    auto would = notional(Price::from_units((next - arrival_.mid).units() * direction(side_)), order.leaves_quantity(), multiplier);
    d.budget_hit = SlippageBudgetHit{SlippageBudgetScope::order, client_order_id_, budget.value_or(Money()), would.value_or(Money()),
                                     std::move(detail), now};
    return d;
  }
  steps_ = steps;
  ++attempts_;
  WalkDecision d;
  d.action = WalkAction::replace;
  d.replace = ReplaceTerms{next, order.request.quantity};
  d.step = WalkStep{client_order_id_, attempts_, current, next, quote->mid, quote->spread(), position, order.leaves_quantity(), now};
  return d;
}

}  // namespace nightdesk::execution
