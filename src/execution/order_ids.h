// Order identifiers as strong string types: ClientOrderId (the engine's, unique and idempotent) and
// OrderId (the venue's, known once the broker acknowledges), and OrderHandle, the engine's integer name
// for an order it holds. Plain values; safe to copy across threads.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "common/short_string_hash.h"

namespace nightdesk::execution {

// A string id that cannot be mixed up with another kind of id; `Tag` names the kind.
template <class Tag>
class StrongId {
 public:
  StrongId() = default;
  explicit StrongId(std::string value) : value_(std::move(value)) {}
  const std::string& value() const { return value_; }
  bool empty() const { return value_.empty(); }
  auto operator<=>(const StrongId&) const = default;

 private:
  std::string value_;
};

struct ClientOrderIdTag {};
struct OrderIdTag {};

// Chosen by the engine before submit (IdGenerator "ord-..."); re-submitting the same id is idempotent.
using ClientOrderId = StrongId<ClientOrderIdTag>;
// Assigned by the venue in its acknowledgement; empty until then.
using OrderId = StrongId<OrderIdTag>;

// Names one order the engine holds (OrderRegistry hands it out) until it is pruned: `slot` is reused
// afterwards under a new `generation`, so a stale handle finds nothing. Slots are dense from 0 (size a
// side table by OrderRegistry::slot_count()). What the hot path carries instead of copying a client id.
struct OrderHandle {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;  // 0: no order
  bool valid() const { return generation != 0; }
  bool operator==(const OrderHandle&) const = default;
};

}  // namespace nightdesk::execution

template <class Tag>
struct std::hash<nightdesk::execution::StrongId<Tag>> {
  std::size_t operator()(const nightdesk::execution::StrongId<Tag>& id) const noexcept {
    return static_cast<std::size_t>(nightdesk::short_string_hash(id.value()));
  }
};
