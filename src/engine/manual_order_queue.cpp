#include "engine/manual_order_queue.h"

#include <fmt/format.h>

namespace nightdesk::engine {

namespace {
constexpr std::array<std::string_view, kOrderPriorityCount> kNames = {"urgent", "high", "normal", "low"};
}  // namespace

std::string_view to_string(OrderPriority priority) { return kNames[static_cast<std::size_t>(priority)]; }

std::optional<OrderPriority> parse_order_priority(std::string_view text) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == text) return static_cast<OrderPriority>(i);
  return std::nullopt;
}

Status ManualQueueLimits::validate() const {
  if (max_depth == 0) return fail(ErrorCode::invalid_argument, "must be at least 1", "max_depth");
  if (max_quantity < 1) return fail(ErrorCode::invalid_argument, "must be at least 1", "max_quantity");
  return ok();
}

Status ManualOrderQueue::push(QueuedOrder order) {
  const auto& request = order.order.order;
  if (request.quantity.count() > limits_.max_quantity) {
    return fail(ErrorCode::invalid_argument,
                fmt::format("quantity {} is above the maximum of {} per order", request.quantity.count(), limits_.max_quantity),
                "quantity");
  }
  std::lock_guard lock(mutex_);
  if (waiting_.size() >= limits_.max_depth) {
    return fail(ErrorCode::unavailable, fmt::format("queue is full ({} orders waiting)", waiting_.size()), "");
  }
  const std::string& id = request.client_order_id.value();
  if (by_client_id_.contains(id)) {
    return fail(ErrorCode::conflict, fmt::format("order {} is already waiting in the queue", id), "client_order_id");
  }
  const Key key{order.priority, ++arrivals_};
  by_client_id_.emplace(id, key);
  waiting_.emplace(key, std::move(order));
  return ok();
}

bool ManualOrderQueue::cancel(std::string_view client_order_id) {
  std::lock_guard lock(mutex_);
  auto it = by_client_id_.find(std::string(client_order_id));
  if (it == by_client_id_.end()) return false;
  waiting_.erase(it->second);
  by_client_id_.erase(it);
  return true;
}

std::optional<QueuedOrder> ManualOrderQueue::pop() {
  std::lock_guard lock(mutex_);
  if (waiting_.empty()) return std::nullopt;
  auto first = waiting_.begin();
  QueuedOrder out = std::move(first->second);
  by_client_id_.erase(out.order.order.client_order_id.value());
  waiting_.erase(first);
  return out;
}

std::size_t ManualOrderQueue::size() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

std::array<std::size_t, kOrderPriorityCount> ManualOrderQueue::size_by_priority() const {
  std::array<std::size_t, kOrderPriorityCount> out{};
  std::lock_guard lock(mutex_);
  for (const auto& [key, order] : waiting_) ++out[static_cast<std::size_t>(key.first)];
  return out;
}

bool ManualOrderQueue::contains(std::string_view client_order_id) const {
  std::lock_guard lock(mutex_);
  return by_client_id_.contains(std::string(client_order_id));
}

std::optional<std::size_t> ManualOrderQueue::place_of(std::string_view client_order_id) const {
  std::lock_guard lock(mutex_);
  auto it = by_client_id_.find(std::string(client_order_id));
  if (it == by_client_id_.end()) return std::nullopt;
  // At most max_depth steps (1,000 by default), under the lock a push holds as briefly.
  return static_cast<std::size_t>(std::distance(waiting_.begin(), waiting_.find(it->second))) + 1;
}

}  // namespace nightdesk::engine
