// OrderManager: starting and driving smart walks (quotes, reports and timers all end up in drive_walk).
#include <algorithm>

#include <fmt/format.h>

#include "engine/order_manager.h"
#include "execution/execution_events.h"
#include "execution/order_state_machine.h"

namespace nightdesk::engine {

using execution::Order;
using execution::WalkAction;
using execution::WalkDecision;

TickRule OrderManager::tick_rule_for(const execution::OrderRequest& request) const {
  if (request.is_combo()) return TickRule::flat(config_.combo_tick);
  const market::Instrument& instrument = request.legs.front().instrument;
  return instrument.is_option() ? config_.ticks.rule_for(instrument.underlying) : TickRule::flat(config_.stock_tick);
}

// The walk opens at the mid (or near touch), never worse than the trader's own limit.
bool OrderManager::start_walk(Parent& parent, Order& order, const Result<execution::NetQuote>& arrival) {
  if (!arrival) {
    refuse_walk(order, "no_quote: " + arrival.error().message);
    return false;
  }
  auto walk = execution::SmartOrderWalk::begin(config_.walk, order.request, *arrival, tick_rule_for(order.request), &daily_);
  if (!walk) {
    const bool budget = walk.error().field == "daily_slippage_budget";
    if (budget) {
      ++counters_.daily_budget_blocks;
      loop_.bus().publish(execution::SlippageBudgetHit{execution::SlippageBudgetScope::daily, order.client_order_id(),
                                                       daily_.limit().value_or(Money()), daily_.spent(), walk.error().message,
                                                       loop_.now()});
    }
    refuse_walk(order, budget ? "daily_slippage_budget: " + daily_.admit_new_walk().error().message
                              : "walk_refused: " + walk.error().message);
    return false;
  }
  parent.worst_price = order.request.limit_price;
  Price opening = walk->opening_price();
  const int d = execution::direction(order.request.price_side());
  if (parent.worst_price && (opening - *parent.worst_price).units() * d > 0) opening = *parent.worst_price;
  order.request.limit_price = opening;
  parent.walk.emplace(std::move(*walk));
  ++counters_.walks_started;
  return true;
}

void OrderManager::refuse_walk(Order& order, std::string reason) {
  ++counters_.walks_refused;
  loop_.bus().publish(execution::WalkRefused{order.client_order_id(), reason, loop_.now()});
  reject_unsent(order, std::move(reason));
}

void OrderManager::drive_walk(Parent& parent, Order& order) {
  if (!parent.walk || parent.walk_done || parent.walk->stopped() || parent.queued) return;
  auto quote = board_.net_quote(order.request);
  WalkDecision decision = parent.walk->poll(order, quote ? &*quote : nullptr, loop_.now());
  if (parent.awaiting_quote) std::erase(awaiting_quote_, parent.handle);
  parent.awaiting_quote = false;
  step_walk(parent, order, decision);
}

void OrderManager::step_walk(Parent& parent, Order& order, const WalkDecision& decision) {
  const auto& id = order.client_order_id();
  if (decision.budget_hit) {
    ++counters_.order_budget_stops;
    loop_.bus().publish(*decision.budget_hit);
  }
  if (decision.stopped) loop_.bus().publish(*decision.stopped);
  switch (decision.action) {
    case WalkAction::replace: {
      execution::ReplaceTerms terms = *decision.replace;
      const int d = execution::direction(order.request.price_side());
      const Price current = order.request.limit_price.value_or(Price());
      if (parent.worst_price && (*terms.limit_price - *parent.worst_price).units() * d > 0) {
        if (current == *parent.worst_price) {
          parent.walk_done = true;
          loop_.bus().publish(execution::WalkStopped{id, execution::WalkStopReason::limit_price, execution::WalkEndAction::rest, current,
                                                     parent.walk->attempts(),
                                                     fmt::format("next step {} would pass the order's limit {}",
                                                                 terms.limit_price->to_string(), parent.worst_price->to_string()),
                                                     loop_.now()});
          return;
        }
        terms.limit_price = parent.worst_price;
      }
      ++counters_.walk_steps;
      if (decision.step) {
        execution::WalkStep step = *decision.step;
        step.to_price = *terms.limit_price;
        loop_.bus().publish(step);
      }
      return dispatch(parent, order, execution::BrokerRequestKind::replace, terms);
    }
    case WalkAction::cancel: return dispatch(parent, order, execution::BrokerRequestKind::cancel);
    case WalkAction::wait:
      if (decision.wake_at) return arm_walk_timer(parent, *decision.wake_at);
      if (is_working(order.state) && !parent.walk->stopped()) {  // due, but no usable quote: the next quote polls again
        parent.awaiting_quote = true;
        awaiting_quote_.push_back(parent.handle);
      }
      return;
  }
}

// The closure is two words (no allocation); the destructor cancels the timer, so `this` is alive when it runs.
void OrderManager::arm_walk_timer(Parent& parent, Timestamp at) {
  if (parent.walk_timer.valid() && parent.walk_timer_at == at) return;
  if (parent.walk_timer.valid()) loop_.cancel(parent.walk_timer);
  parent.walk_timer_at = at;
  parent.walk_timer = loop_.schedule_at(at, [this, handle = parent.handle] {
    Parent* due = parent_of(handle);
    Order* order = registry_.find(handle);
    if (due == nullptr || order == nullptr) return;
    due->walk_timer = {};
    drive_walk(*due, *order);
  });
}

}  // namespace nightdesk::engine
