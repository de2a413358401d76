#include "execution/order_registry.h"

#include <fmt/format.h>

#include "execution/order_state_machine.h"

namespace nightdesk::execution {

Result<OrderRegistry::Added> OrderRegistry::add(OrderRequest request, Timestamp now) {
  if (auto it = orders_.find(request.client_order_id); it != orders_.end()) {
    if (it->second.original == request) return Added{&it->second.order, false};
    return fail(ErrorCode::conflict,
                fmt::format("client order id {} is already used by a different order", request.client_order_id.value()),
                "client_order_id");
  }
  if (auto valid = request.validate(); !valid) return std::unexpected(valid.error());
  ClientOrderId id = request.client_order_id;
  OrderRequest original = request;
  auto [it, inserted] = orders_.emplace(id, Entry{Order(std::move(request), now), std::move(original)});
  return Added{&it->second.order, inserted};
}

Order* OrderRegistry::find(const ClientOrderId& id) {
  auto it = orders_.find(id);
  return it == orders_.end() ? nullptr : &it->second.order;
}

const Order* OrderRegistry::find(const ClientOrderId& id) const {
  auto it = orders_.find(id);
  return it == orders_.end() ? nullptr : &it->second.order;
}

const Order* OrderRegistry::find_by_venue_id(const OrderId& id) const {
  auto it = by_venue_id_.find(id);
  return it == by_venue_id_.end() ? nullptr : find(it->second);
}

Order* OrderRegistry::locate(const ExecutionReport& report) {
  if (Order* order = find(report.client_order_id)) return order;
  if (auto it = by_venue_id_.find(report.order_id); !report.order_id.empty() && it != by_venue_id_.end()) return find(it->second);
  return nullptr;
}

Result<Order*> OrderRegistry::apply(const ExecutionReport& report, Timestamp engine_time) {
  Order* order = locate(report);
  if (order == nullptr)
    return fail(ErrorCode::not_found,
                fmt::format("report {} for unknown order {} (venue id {})", to_string(report.kind), report.client_order_id.value(),
                            report.order_id.value()),
                "client_order_id");
  ExecutionReport addressed = report;
  addressed.client_order_id = order->client_order_id();  // a report found by venue id may lack the client id
  if (auto applied = execution::apply(*order, addressed, engine_time); !applied) return std::unexpected(applied.error());
  if (!order->order_id.empty()) by_venue_id_.emplace(order->order_id, order->client_order_id());
  return order;
}

std::vector<const Order*> OrderRegistry::open_orders() const {
  std::vector<const Order*> open;
  for (const auto& [id, entry] : orders_)
    if (!is_terminal(entry.order.state)) open.push_back(&entry.order);
  return open;
}

std::size_t OrderRegistry::open_count() const {
  std::size_t n = 0;
  for (const auto& [id, entry] : orders_) n += is_terminal(entry.order.state) ? 0 : 1;
  return n;
}

std::size_t OrderRegistry::count_in_state(OrderState state) const {
  std::size_t n = 0;
  for (const auto& [id, entry] : orders_) n += entry.order.state == state ? 1 : 0;
  return n;
}

void OrderRegistry::for_each(const std::function<void(const Order&)>& visit) const {
  for (const auto& [id, entry] : orders_) visit(entry.order);
}

std::size_t OrderRegistry::prune_closed_before(Timestamp cutoff) {
  std::size_t dropped = 0;
  for (auto it = orders_.begin(); it != orders_.end();) {
    const Order& order = it->second.order;
    if (is_terminal(order.state) && order.last_transition_time() < cutoff) {
      if (!order.order_id.empty()) by_venue_id_.erase(order.order_id);
      it = orders_.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
  return dropped;
}

}  // namespace nightdesk::execution
