// OrderManager: a person's replace of a working order (the API's PATCH /orders/{id}).
#include <fmt/format.h>

#include "engine/order_manager.h"
#include "execution/execution_events.h"
#include "execution/order_state_machine.h"

namespace nightdesk::engine {

using execution::ClientOrderId;
using execution::Order;

// The checks request_replace makes, and the tick, made before anything changes (so a bad request is an
// answer to the person, not a refused transition in the log).
Status OrderManager::check_replace(const Order& order, const execution::ReplaceTerms& terms) const {
  if (terms.quantity <= order.filled_quantity())
    return fail(ErrorCode::invalid_argument,
                fmt::format("the new total {} must exceed the {} already filled", terms.quantity.count(), order.filled_quantity().count()),
                "quantity");
  execution::OrderRequest proposed = order.request;
  proposed.limit_price = terms.limit_price;
  proposed.quantity = terms.quantity;
  if (auto valid = proposed.validate(); !valid) return valid;
  if (terms.limit_price && !tick_rule_for(proposed).is_on_tick(*terms.limit_price))
    return fail(ErrorCode::invalid_argument,
                fmt::format("{} is not on the tick ({})", terms.limit_price->to_string(),
                            tick_rule_for(proposed).tick_at(*terms.limit_price).to_string()),
                "limit_price");
  return ok();
}

void OrderManager::stop_walk_for_person(Parent& parent, const Order& order) {
  const bool walking = parent.walk && !parent.walk_done && !parent.walk->stopped();
  parent.walk_done = true;
  if (parent.walk_timer.valid()) loop_.cancel(parent.walk_timer);
  parent.walk_timer = {};
  if (parent.awaiting_quote) std::erase(awaiting_quote_, parent.handle);
  parent.awaiting_quote = false;
  if (!walking) return;
  loop_.bus().publish(execution::WalkStopped{order.client_order_id(), execution::WalkStopReason::person_replaced,
                                             execution::WalkEndAction::rest, order.request.limit_price.value_or(Price()),
                                             parent.walk->attempts(), "a person replaced the order's terms", loop_.now()});
}

Status OrderManager::replace(const ClientOrderId& id, execution::ReplaceTerms terms) {
  const execution::OrderHandle handle = registry_.handle_of(id);
  Order* order = registry_.find(handle);
  if (order == nullptr) return fail(ErrorCode::not_found, fmt::format("no order {}", id.value()), "client_order_id");
  if (is_terminal(order->state))
    return fail(ErrorCode::conflict, fmt::format("order {} is already {}", id.value(), to_string(order->state)), "client_order_id");
  if (auto valid = check_replace(*order, terms); !valid) return valid;
  Parent& parent = *parent_of(handle);
  if (parent.queued && parent.queued->kind != execution::BrokerRequestKind::replace)
    return fail(ErrorCode::conflict,
                fmt::format("order {}'s {} is waiting for a rate-limit token", id.value(), to_string(parent.queued->kind)), "order_state");
  if (parent.cancel_wanted)
    return fail(ErrorCode::conflict, fmt::format("order {} is being cancelled", id.value()), "order_state");

  stop_walk_for_person(parent, *order);
  if (parent.queued) {  // the walk's own step, still waiting for a token: the person's terms replace it
    gate_.withdraw(config_.account, handle);
    parent.queued.reset();
  }
  if (!is_working(order->state))
    return fail(ErrorCode::conflict,
                fmt::format("order {} is {}: its walk is stopped; send the replace again once the venue answers", id.value(),
                            to_string(order->state)),
                "order_state");
  const std::uint64_t refused_before = counters_.rate_limit_rejected;
  dispatch(parent, *order, execution::BrokerRequestKind::replace, std::move(terms));
  if (counters_.rate_limit_rejected != refused_before)
    return fail(ErrorCode::unavailable, fmt::format("the rate limit refused the replace of {}; the order works on unchanged", id.value()),
                "rate_limit");
  return ok();
}

}  // namespace nightdesk::engine
