#include "store/order_rebuild.h"

#include <algorithm>

#include <fmt/format.h>

#include "execution/order_state_machine.h"
#include "store/order_records.h"
#include "store/record_kind.h"

namespace nightdesk::store {
namespace {

using execution::ExecutionReportKind;
using execution::OrderEvent;

ExecutionReportKind report_kind_of(OrderEvent event) {
  switch (event) {
    case OrderEvent::accept: return ExecutionReportKind::accepted;
    case OrderEvent::reject: return ExecutionReportKind::rejected;
    case OrderEvent::partial_fill:
    case OrderEvent::fill: return ExecutionReportKind::fill;
    case OrderEvent::cancel: return ExecutionReportKind::cancelled;
    case OrderEvent::cancel_reject: return ExecutionReportKind::cancel_rejected;
    case OrderEvent::replace: return ExecutionReportKind::replaced;
    case OrderEvent::replace_reject: return ExecutionReportKind::replace_rejected;
    default: return ExecutionReportKind::expired;  // expire; engine actions never get here
  }
}

// The broker report that produced a journaled broker-side transition.
execution::ExecutionReport report_of(const OrderEventRecord& e) {
  execution::ExecutionReport r;
  r.kind = report_kind_of(e.transition.event);
  r.client_order_id = e.client_order_id;
  r.order_id = e.order_id;
  r.venue_time = e.transition.venue_time.value_or(Timestamp{});
  r.reason = e.transition.reason;
  r.fill = e.fill;
  if (e.terms) {
    r.limit_price = e.terms->limit_price;
    r.quantity = e.terms->quantity;
  }
  return r;
}

// Repeats the journaled transition on `order`: engine actions through the state machine, broker reports
// through the registry (as live, so it learns the venue id). An engine-side reject has no venue time.
Status repeat(execution::OrderRegistry& registry, execution::Order& order, const OrderEventRecord& e) {
  const Timestamp t = e.transition.engine_time;
  switch (e.transition.event) {
    case OrderEvent::submit: return execution::submit(order, t);
    case OrderEvent::request_cancel: return execution::request_cancel(order, t);
    case OrderEvent::request_replace: return execution::request_replace(order, *e.terms, t);  // decode checked terms
    case OrderEvent::reject:
      if (!e.transition.venue_time) return execution::reject_before_submit(order, e.transition.reason, t);
      break;
    default: break;
  }
  auto applied = registry.apply(report_of(e), t);
  if (!applied) return std::unexpected(applied.error());
  return ok();
}

bool same_outcome(const execution::OrderTransition& a, const execution::OrderTransition& b) {
  return a.from == b.from && a.to == b.to && a.event == b.event && a.engine_time == b.engine_time && a.venue_time == b.venue_time &&
         a.reason == b.reason;
}

}  // namespace

Status OrderRebuilder::apply(const JournalRecord& record) {
  const std::string& kind = record.entry.kind;
  if (kind == kinds::kOrderCreated) return apply_created(record.entry);
  if (kind == kinds::kOrderEvent) return apply_event(record.entry);
  if (kind == kinds::kFill) return apply_fill_record(record.entry);
  return ok();
}

Status OrderRebuilder::apply_created(const JournalEntry& entry) {
  auto created = decode_order_created(entry);
  if (!created) return std::unexpected(created.error());
  auto added = registry_.add(created->request, created->created_time);
  if (!added) return std::unexpected(added.error());
  if (!added->created)
    return fail(ErrorCode::conflict, fmt::format("order {} is created twice in the journal", entry.entity_id), "client_order_id");
  ++counts_.orders;
  return ok();
}

Status OrderRebuilder::apply_event(const JournalEntry& entry) {
  auto event = decode_order_event(entry);
  if (!event) return std::unexpected(event.error());
  execution::Order* order = registry_.find(event->client_order_id);
  if (!order)
    return fail(ErrorCode::not_found, fmt::format("transition for order {}, which the journal never created", event->client_order_id.value()),
                "client_order_id");
  if (order->state != event->transition.from)
    return fail(ErrorCode::conflict,
                fmt::format("order {}: journal has {} from {}, but the rebuilt order is {}", event->client_order_id.value(),
                            to_string(event->transition.event), to_string(event->transition.from), to_string(order->state)),
                "state");
  Status repeated = repeat(registry_, *order, *event);
  if (!repeated) return repeated;
  if (!same_outcome(order->history.back(), event->transition) || order->order_id != event->order_id)
    return fail(ErrorCode::conflict,
                fmt::format("order {}: replaying {} ends in {} but the journal says {}", event->client_order_id.value(),
                            to_string(event->transition.event), to_string(order->history.back().to), to_string(event->transition.to)),
                "state");
  ++counts_.transitions;
  return ok();
}

Status OrderRebuilder::apply_fill_record(const JournalEntry& entry) {
  auto filled = decode_fill(entry);
  if (!filled) return std::unexpected(filled.error());
  fills_.push_back(std::move(*filled));
  ++counts_.fills;
  return ok();
}

Status OrderRebuilder::finish() const {
  for (const execution::OrderFilled& f : fills_) {
    const execution::Order* order = registry_.find(f.fill.client_order_id);
    bool held = order && std::any_of(order->fills.begin(), order->fills.end(), [&](const execution::Fill& x) { return x == f.fill; });
    if (!held)
      return fail(ErrorCode::conflict,
                  fmt::format("fill {} of order {} is journaled but no order event applied it", f.fill.fill_id, f.fill.client_order_id.value()),
                  "fill_id");
  }
  return ok();
}

}  // namespace nightdesk::store
