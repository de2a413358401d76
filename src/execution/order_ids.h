// Order identifiers as strong string types: ClientOrderId (the engine's, unique and idempotent) and
// OrderId (the venue's, known once the broker acknowledges). Plain values; safe to copy across threads.
#pragma once

#include <compare>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>

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

}  // namespace nightdesk::execution

template <class Tag>
struct std::hash<nightdesk::execution::StrongId<Tag>> {
  std::size_t operator()(const nightdesk::execution::StrongId<Tag>& id) const noexcept {
    return std::hash<std::string>{}(id.value());
  }
};
