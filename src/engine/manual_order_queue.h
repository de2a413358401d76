// ManualOrderQueue: orders a person sends through the API wait here until the engine thread takes them,
// highest priority first (urgent, high, normal, low) and in arrival order within a priority. The queue is
// bounded ("queue is full" past max_depth), refuses a quantity above the configured maximum, refuses a
// client order id already waiting, and a cancel takes a waiting order out at once. Counting never takes
// anything out. Any thread may push, cancel and count; the engine thread pops. One mutex, held briefly.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/error.h"
#include "engine/order_manager.h"

namespace nightdesk::engine {

enum class OrderPriority : std::uint8_t { urgent, high, normal, low };
inline constexpr std::size_t kOrderPriorityCount = 4;

std::string_view to_string(OrderPriority priority);
// "urgent", "high", "normal", "low"; nullopt otherwise.
std::optional<OrderPriority> parse_order_priority(std::string_view text);

struct ManualQueueLimits {
  std::size_t max_depth = 1'000;
  std::int64_t max_quantity = 100;  // contracts (units of the order)

  Status validate() const;
};

struct QueuedOrder {
  ParentOrderRequest order;
  OrderPriority priority = OrderPriority::normal;
  std::string who;  // the token's name that sent it
  Timestamp queued_at{};
};

class ManualOrderQueue {
 public:
  explicit ManualOrderQueue(ManualQueueLimits limits) : limits_(limits) {}

  // Errors: quantity above the maximum (invalid_argument, field "quantity"), the queue is full
  // (unavailable: "queue is full"), the client order id is already waiting (conflict).
  Status push(QueuedOrder order);
  // Takes a waiting order out; false when it is not waiting (sent already or unknown).
  bool cancel(std::string_view client_order_id);
  // Engine thread: the next order to send, or nullopt when none waits.
  std::optional<QueuedOrder> pop();

  std::size_t size() const;
  std::array<std::size_t, kOrderPriorityCount> size_by_priority() const;
  bool contains(std::string_view client_order_id) const;
  // Where a waiting order stands in the order orders leave in (1: next), or nullopt when it is not waiting.
  std::optional<std::size_t> place_of(std::string_view client_order_id) const;
  const ManualQueueLimits& limits() const { return limits_; }

 private:
  // (priority, arrival number): the map's order is the order orders leave in.
  using Key = std::pair<OrderPriority, std::uint64_t>;

  const ManualQueueLimits limits_;
  mutable std::mutex mutex_;
  std::map<Key, QueuedOrder> waiting_;
  std::unordered_map<std::string, Key> by_client_id_;
  std::uint64_t arrivals_ = 0;
};

}  // namespace nightdesk::engine
