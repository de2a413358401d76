// POST /orders (into the manual order queue, idempotent on client_order_id), DELETE /orders/{id} (a waiting
// order leaves the queue at once, a sent one is cancelled at the venue) and PATCH /orders/{id} (replace).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/client_order_book.h"
#include "api/command_routes.h"
#include "api/json_fields.h"
#include "api/order_entry.h"
#include "api/snapshot_json.h"
#include "common/id_generator.h"
#include "strategy/json_fields.h"

namespace nightdesk::api {
namespace {

using nlohmann::json;

constexpr JsonField kReplaceFields[] = {{"limit_price", JsonType::any}, {"quantity", JsonType::integer}};

struct OrderEntryState {
  std::shared_ptr<const CommandRouteDeps> deps;
  ClientOrderBook book;
  IdGenerator ids{"api-"};

  OrderEntryState(std::shared_ptr<const CommandRouteDeps> d, std::size_t capacity) : deps(std::move(d)), book(capacity) {}
};

// Where a queued order stands now: still waiting (its place), cancelled, or sent (the order as the latest
// snapshot has it; the engine may not have published it yet).
json entry_json(const OrderEntryState& s, const std::string& id, const ClientOrderRecord& record) {
  json out = {{"client_order_id", id}, {"priority", std::string(engine::to_string(record.priority))}};
  const engine::ManualOrderQueue& queue = s.deps->queue;
  if (auto place = queue.place_of(id)) {
    out["status"] = "queued";
    out["queue_position"] = *place;
    out["queue_depth"] = queue.size();
  } else {
    out["status"] = record.cancelled ? "cancelled" : "sent";
  }
  const auto snapshot = s.deps->snapshot();  // held while its order is read: the engine publishes a newer one any time
  const execution::Order* sent = record.cancelled ? nullptr : snapshot->order(id);
  out["order"] = sent ? order_json(*sent) : order_json(execution::Order(record.request, record.queued_at));
  return out;
}

ApiResponse enter_order(OrderEntryState& s, const ApiRequest& r) {
  auto body = command_body(r, false);
  if (!body) return ApiResponse::error(body.error());
  auto entry = parse_order_entry(*body);
  if (!entry) return ApiResponse::error(entry.error());
  const std::string id = entry->client_order_id.value_or(s.ids.next());

  ClientOrderRecord previous;
  switch (s.book.claim(id, *body, &previous)) {
    case ClaimOutcome::repeat:
      return ApiResponse::json(200, entry_json(s, id, previous));
    case ClaimOutcome::in_progress:
      return ApiResponse::error(409, "conflict", "the same order is being entered right now; ask again", "client_order_id");
    case ClaimOutcome::conflict:
      return ApiResponse::error(409, "conflict", fmt::format("client_order_id {} was used for a different order", id), "client_order_id");
    case ClaimOutcome::fresh:
      break;
  }
  auto refuse = [&](const Error& e) {
    s.book.release(id);
    auto response = ApiResponse::error(e);
    if (e.code == ErrorCode::unavailable) response.with_header("Retry-After", "1");
    return response;
  };
  const auto snapshot = s.deps->snapshot();
  if (snapshot->order(id) != nullptr)
    return refuse(Error{ErrorCode::conflict, fmt::format("client_order_id {} is taken by an order the engine holds", id), "client_order_id"});
  auto request = order_request_for(*entry, id, *snapshot, s.deps->calendar);
  if (!request) return refuse(request.error());

  const Timestamp now = RealClock().now();
  engine::QueuedOrder queued{engine::ParentOrderRequest{*request, entry->style}, entry->priority, r.principal.name, now};
  if (auto pushed = s.deps->queue.push(std::move(queued)); !pushed) return refuse(pushed.error());
  s.book.queued(id, *request, entry->priority, now);
  if (s.deps->order_queued) s.deps->order_queued();
  return ApiResponse::json(202, entry_json(s, id, *s.book.find(id)));
}

ApiResponse cancel_order(OrderEntryState& s, const ApiRequest& r) {
  const std::string id(r.param("id"));
  if (s.deps->queue.cancel(id)) {
    s.book.cancelled(id);
    return ApiResponse::json(200, {{"client_order_id", id}, {"status", "cancelled"}, {"detail", "taken out of the queue before it was sent"}});
  }
  // Not waiting: sent already (the drain pops and submits in one engine turn, so it is in the book now) or unknown.
  auto order = s.deps->commands.cancel_order(execution::ClientOrderId(id), r.principal.name);
  if (!order) return ApiResponse::error(order.error());
  return ApiResponse::json(200, {{"client_order_id", id}, {"status", "sent"}, {"order", order_json(*order)}});
}

ApiResponse replace_order(OrderEntryState& s, const ApiRequest& r) {
  const std::string id(r.param("id"));
  auto body = command_body(r, false);
  if (!body) return ApiResponse::error(body.error());
  if (auto checked = check_fields(*body, kReplaceFields); !checked) return ApiResponse::error(checked.error());
  engine::OrderChange change;
  if (body->contains("limit_price"))
    if (auto read = strategy::read_json((*body)["limit_price"], change.limit_price, "limit_price"); !read)
      return ApiResponse::error(read.error());
  if (body->contains("quantity")) {
    const auto q = (*body)["quantity"].get<std::int64_t>();
    if (q < 1) return ApiResponse::error(400, "invalid_argument", fmt::format("must be at least 1, got {}", q), "quantity");
    if (q > s.deps->queue.limits().max_quantity)
      return ApiResponse::error(400, "invalid_argument",
                                fmt::format("quantity {} is above the maximum of {} per order", q, s.deps->queue.limits().max_quantity),
                                "quantity");
    change.quantity = Quantity(q);
  }
  if (!change.limit_price && !change.quantity)
    return ApiResponse::error(400, "invalid_argument", "give a limit_price or a quantity to change", "limit_price");
  if (s.deps->queue.contains(id))
    return ApiResponse::error(409, "conflict", "the order is still waiting in the queue: cancel it and send it again", "client_order_id");
  auto order = s.deps->commands.replace_order(execution::ClientOrderId(id), change, r.principal.name);
  if (!order) return ApiResponse::error(order.error());
  return ApiResponse::json(200, {{"client_order_id", id}, {"status", "sent"}, {"order", order_json(*order)}});
}

}  // namespace

void add_order_command_routes(std::vector<ApiRoute>& routes, const std::shared_ptr<const CommandRouteDeps>& deps) {
  auto state = std::make_shared<OrderEntryState>(deps, deps->idempotency_capacity);
  routes.emplace_back("POST", "/api/v1/orders", AccessScope::trade, [state](const ApiRequest& r) { return enter_order(*state, r); });
  routes.emplace_back("DELETE", "/api/v1/orders/{id}", AccessScope::trade, [state](const ApiRequest& r) { return cancel_order(*state, r); });
  routes.emplace_back("PATCH", "/api/v1/orders/{id}", AccessScope::trade, [state](const ApiRequest& r) { return replace_order(*state, r); });
}

}  // namespace nightdesk::api
