// OrderManager: every request to the broker goes through the rate limiter here, and leaves only when
// the order's state machine allows it (so a replace goes out only once the previous request is answered).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "engine/order_manager.h"
#include "execution/execution_events.h"
#include "execution/order_state_machine.h"

namespace nightdesk::engine {

using execution::Admission;
using execution::BrokerRequestKind;
using execution::ExecutionReport;
using execution::ExecutionReportKind;
using execution::Order;
using execution::ThrottleOutcome;

namespace {

execution::OrderEvent event_of(BrokerRequestKind kind) {
  switch (kind) {
    case BrokerRequestKind::submit: return execution::OrderEvent::submit;
    case BrokerRequestKind::cancel: return execution::OrderEvent::request_cancel;
    case BrokerRequestKind::replace: return execution::OrderEvent::request_replace;
  }
  return execution::OrderEvent::submit;
}

// The report a broker would have sent had it refused the request itself.
ExecutionReportKind refusal_of(BrokerRequestKind kind) {
  switch (kind) {
    case BrokerRequestKind::submit: return ExecutionReportKind::rejected;
    case BrokerRequestKind::cancel: return ExecutionReportKind::cancel_rejected;
    case BrokerRequestKind::replace: return ExecutionReportKind::replace_rejected;
  }
  return ExecutionReportKind::rejected;
}

}  // namespace

void OrderManager::dispatch(Parent& parent, Order& order, BrokerRequestKind kind, std::optional<execution::ReplaceTerms> terms) {
  // Most requests find a token free: they go without building a request and a decision for the limiter.
  if (gate_.admit_now(config_.account)) return transmit(parent.handle, order, kind, terms);
  const auto& id = order.client_order_id();
  auto decision = gate_.admit(execution::BrokerRequest{config_.account, parent.handle, kind, 0});
  switch (decision.admission) {
    case Admission::send_now: return transmit(parent.handle, order, kind, terms);
    case Admission::queued:
      ++counters_.rate_limit_queued;
      parent.queued = QueuedRequest{kind, decision.request.ticket, std::move(terms)};
      loop_.bus().publish(execution::OrderRequestThrottled{id, ThrottleOutcome::queued, config_.account, decision.reason, loop_.now()});
      return;
    case Admission::rejected:
      ++counters_.rate_limit_rejected;
      loop_.bus().publish(execution::OrderRequestThrottled{id, ThrottleOutcome::rejected, config_.account, decision.reason, loop_.now()});
      if (kind == BrokerRequestKind::submit) {
        reject_unsent(order, "rate_limited: " + decision.reason);
        return finish(parent, order);
      }
      // A refused replace or cancel leaves the order working; the walk tries again once a token is due.
      count_reject("rate_limited");
      if (parent.walk && decision.next_token_at) arm_walk_timer(parent, *decision.next_token_at);
      if (kind == BrokerRequestKind::cancel) parent.cancel_wanted = true;
      return;
  }
}

void OrderManager::transmit(execution::OrderHandle handle, Order& order, BrokerRequestKind kind, const std::optional<execution::ReplaceTerms>& terms) {
  const std::size_t before = order.history.size();
  const auto state = order.state;
  const Timestamp now = loop_.now();
  Status moved = kind == BrokerRequestKind::submit   ? execution::submit(order, now)
                 : kind == BrokerRequestKind::cancel ? execution::request_cancel(order, now)
                                                     : execution::request_replace(order, *terms, now);
  if (!moved) return note_refused(order.client_order_id(), state, event_of(kind), moved.error());
  publish_transitions(order, before);
  if (durability_ == nullptr) return send(handle, order, kind, terms);
  // Ack after commit: the transition just published is journaled before the broker hears of the request.
  durability_->when_durable([this, alive = std::weak_ptr<bool>(alive_), handle, kind,
                             terms] {
    if (alive.expired()) return;
    if (Order* o = registry_.find(handle)) send(handle, *o, kind, terms);
  });
}

void OrderManager::send(execution::OrderHandle handle, Order& order, BrokerRequestKind kind, const std::optional<execution::ReplaceTerms>& terms) {
  const Timestamp now = loop_.now();
  Status sent = kind == BrokerRequestKind::submit   ? broker_.submit(order.request, handle)
                : kind == BrokerRequestKind::cancel ? broker_.cancel(order.client_order_id())
                                                    : broker_.replace(order.client_order_id(), *terms);
  if (kind == BrokerRequestKind::cancel) ++counters_.cancels_sent;
  if (kind == BrokerRequestKind::replace) ++counters_.replaces_sent;
  if (sent) return;
  // The broker refused the call outright: answer it as the broker would have, so the order moves on.
  spdlog::error("order manager: broker refused {} of {}: {}", to_string(kind), order.client_order_id().value(), sent.error().describe());
  ExecutionReport refusal;
  refusal.kind = refusal_of(kind);
  refusal.client_order_id = order.client_order_id();
  refusal.order_id = order.order_id;
  refusal.venue_time = now;
  refusal.reason = "broker_error: " + sent.error().message;
  on_report(refusal);
}

// A queued request's token came. It goes out unless the order moved on meanwhile (filled, cancelled):
// then it is moot and is accounted for as released without being sent.
void OrderManager::on_released(const execution::BrokerRequest& request) {
  ++counters_.rate_limit_released;
  Parent* found = parent_of(request.order);
  Order* order = registry_.find(request.order);
  if (found == nullptr || order == nullptr || !found->queued || found->queued->ticket != request.ticket) return;
  Parent& parent = *found;
  QueuedRequest queued = std::move(*parent.queued);
  parent.queued.reset();
  loop_.bus().publish(execution::OrderRequestThrottled{order->client_order_id(), ThrottleOutcome::released, request.account,
                                                       fmt::format("{} released", to_string(request.kind)), loop_.now()});
  const bool still_wanted = queued.kind == BrokerRequestKind::submit ? order->state == execution::OrderState::new_order
                                                                     : is_working(order->state);
  if (!still_wanted) {
    spdlog::info("order manager: queued {} of {} not sent: the order is {}", to_string(queued.kind), order->client_order_id().value(),
                 to_string(order->state));
    return;
  }
  transmit(request.order, *order, queued.kind, queued.terms);
  if (is_terminal(order->state)) finish(parent, *order);
}

void OrderManager::reject_unsent(Order& order, std::string reason) {
  const std::size_t before = order.history.size();
  count_reject(reason);
  if (auto rejected = execution::reject_before_submit(order, std::move(reason), loop_.now()); !rejected)
    return note_refused(order.client_order_id(), order.state, execution::OrderEvent::reject, rejected.error());
  publish_transitions(order, before);
}

}  // namespace nightdesk::engine
