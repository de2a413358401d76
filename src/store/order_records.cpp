#include "store/order_records.h"

#include "store/payload_fields.h"
#include "store/record_kind.h"

namespace nightdesk::store {
namespace {

using execution::OrderEvent;
using payload::Json;

bool carries_terms(OrderEvent e) { return e == OrderEvent::request_replace || e == OrderEvent::replace; }
bool carries_fill(OrderEvent e) { return e == OrderEvent::partial_fill || e == OrderEvent::fill; }

Json write_terms(const std::optional<execution::ReplaceTerms>& terms) {
  if (!terms) return nullptr;
  return Json{{"limit_price", payload::write(terms->limit_price)}, {"quantity", payload::write(terms->quantity)}};
}

std::optional<execution::ReplaceTerms> read_terms(const Json& o) {
  const Json& t = o.at("terms");
  if (t.is_null()) return std::nullopt;
  return execution::ReplaceTerms{payload::read_optional_price(t, "limit_price"), payload::read_quantity(t, "quantity")};
}

bool same_terms(const std::optional<execution::ReplaceTerms>& a, const std::optional<execution::ReplaceTerms>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->limit_price == b->limit_price && a->quantity == b->quantity);
}

bool same_transition(const execution::OrderTransition& a, const execution::OrderTransition& b) {
  return a.from == b.from && a.to == b.to && a.event == b.event && a.engine_time == b.engine_time &&
         a.venue_time == b.venue_time && a.reason == b.reason;
}

}  // namespace

bool operator==(const OrderEventRecord& a, const OrderEventRecord& b) {
  return a.client_order_id == b.client_order_id && a.order_id == b.order_id && same_transition(a.transition, b.transition) &&
         same_terms(a.terms, b.terms) && a.fill == b.fill;
}

Result<OrderEventRecord> latest_order_event(const execution::Order& order) {
  if (order.history.empty())
    return fail(ErrorCode::not_found, "order " + order.client_order_id().value() + " has no transition to journal", "history");
  OrderEventRecord r{order.client_order_id(), order.order_id, order.history.back(), std::nullopt, std::nullopt};
  OrderEvent event = r.transition.event;
  if (event == OrderEvent::request_replace) r.terms = order.pending_replace;
  if (event == OrderEvent::replace) r.terms = execution::ReplaceTerms{order.request.limit_price, order.request.quantity};
  if (carries_fill(event) && !order.fills.empty()) r.fill = order.fills.back();
  return r;
}

JournalEntry encode(const OrderCreated& created) {
  Json j{{"request", payload::write(created.request)}, {"created_time", payload::write(created.created_time)}};
  return {created.created_time, std::string(kinds::kOrderCreated), created.request.client_order_id.value(), j.dump()};
}

JournalEntry encode(const OrderEventRecord& e) {
  Json j{{"client_order_id", e.client_order_id.value()},
         {"order_id", e.order_id.value()},
         {"transition", payload::write(e.transition)},
         {"terms", write_terms(e.terms)},
         {"fill", e.fill ? payload::write(*e.fill) : Json(nullptr)}};
  return {e.transition.engine_time, std::string(kinds::kOrderEvent), e.client_order_id.value(), j.dump()};
}

JournalEntry encode(const execution::OrderFilled& f) {
  Json j{{"fill", payload::write(f.fill)},
         {"order_filled", payload::write(f.order_filled)},
         {"order_leaves", payload::write(f.order_leaves)},
         {"state_after", to_string(f.state_after)}};
  return {f.fill.engine_time, std::string(kinds::kFill), f.fill.client_order_id.value(), j.dump()};
}

Result<OrderCreated> decode_order_created(const JournalEntry& entry) {
  return payload::decode_payload<OrderCreated>(entry, kinds::kOrderCreated, [](const Json& o) {
    return OrderCreated{payload::read_order_request(o.at("request")), payload::read_time(o, "created_time")};
  });
}

Result<OrderEventRecord> decode_order_event(const JournalEntry& entry) {
  return payload::decode_payload<OrderEventRecord>(entry, kinds::kOrderEvent, [](const Json& o) {
    OrderEventRecord r;
    r.client_order_id = execution::ClientOrderId(payload::read_string(o, "client_order_id"));
    r.order_id = execution::OrderId(payload::read_string(o, "order_id"));
    r.transition = payload::read_transition(o.at("transition"));
    r.terms = read_terms(o);
    if (!o.at("fill").is_null()) r.fill = payload::read_fill(o.at("fill"));
    if (carries_terms(r.transition.event) != r.terms.has_value())
      throw payload::PayloadError("terms", "terms: present exactly for request_replace and replace events");
    if (carries_fill(r.transition.event) != r.fill.has_value())
      throw payload::PayloadError("fill", "fill: present exactly for partial_fill and fill events");
    return r;
  });
}

Result<execution::OrderFilled> decode_fill(const JournalEntry& entry) {
  return payload::decode_payload<execution::OrderFilled>(entry, kinds::kFill, [](const Json& o) {
    return execution::OrderFilled{payload::read_fill(o.at("fill")), payload::read_quantity(o, "order_filled"),
                                  payload::read_quantity(o, "order_leaves"), payload::read_order_state(o, "state_after")};
  });
}

}  // namespace nightdesk::store
