// OrderRegistry: the engine's open and closed orders, found by client order id or venue order id.
// Submitting is idempotent on the client order id: the same id with the same request returns the order
// already held; the same id with a different request is a conflict. Engine thread only; const methods
// never change anything (counting open orders is a read).
#pragma once

#include <cstddef>
#include <functional>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "common/time.h"
#include "execution/execution_report.h"
#include "execution/order.h"
#include "execution/order_ids.h"
#include "execution/order_request.h"

namespace nightdesk::execution {

class OrderRegistry {
 public:
  struct Added {
    Order* order = nullptr;  // stable until the order is pruned
    bool created = false;    // false: an identical request with this client id was already held
  };

  // Records a new order (state new) for a valid `request`, or returns the one already held for its id
  // (compared with the request as first submitted, so later replaces do not break idempotency).
  // Errors: invalid_argument (request invalid), conflict (same id, different request).
  Result<Added> add(OrderRequest request, Timestamp now);

  Order* find(const ClientOrderId& id);
  const Order* find(const ClientOrderId& id) const;
  const Order* find_by_venue_id(const OrderId& id) const;

  // Applies a broker report to the order it names (client id first, else the venue id) and learns the
  // venue id from an acknowledgement. Errors: not_found for an unknown order, else the state machine's.
  Result<Order*> apply(const ExecutionReport& report, Timestamp engine_time);

  // Orders not yet terminal (including new ones not sent), in no particular order.
  std::vector<const Order*> open_orders() const;
  std::size_t open_count() const;
  std::size_t count_in_state(OrderState state) const;
  std::size_t size() const { return orders_.size(); }
  // Visits every order (open and closed).
  void for_each(const std::function<void(const Order&)>& visit) const;

  // Forgets terminal orders whose last transition is before `cutoff` (after they are journaled); their
  // client ids are then free again. Returns how many were dropped.
  std::size_t prune_closed_before(Timestamp cutoff);

 private:
  Order* locate(const ExecutionReport& report);

  struct Entry {
    Order order;
    OrderRequest original;  // as first submitted: replaces change order.request, not the idempotency key
  };
  std::unordered_map<ClientOrderId, Entry> orders_;
  std::unordered_map<OrderId, ClientOrderId> by_venue_id_;
};

}  // namespace nightdesk::execution
