// OrderRegistry: the engine's open and closed orders, found by client order id or venue order id, and by
// an OrderHandle (a slot number: what the engine's hot path keys on instead of hashing the id again).
// Submitting is idempotent on the client order id: the same id with the same request returns the order
// already held; the same id with a different request is a conflict. Engine thread only; const methods
// change nothing one can observe (a lookup by venue id may first bring that index up to date).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
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
    OrderHandle handle;
  };

  // Records a new order (state new) for a valid `request`, or returns the one already held for its id
  // (compared with the request as first submitted, so later replaces do not break idempotency; holders of
  // an Order* may change only its request's limit price and quantity, as the walk and replaces do).
  // Errors: invalid_argument (request invalid), conflict (same id, different request). The rvalue form
  // moves `request` into a new order (and leaves it as it was otherwise); the other copies it.
  Result<Added> add(OrderRequest&& request, Timestamp now);
  Result<Added> add(const OrderRequest& request, Timestamp now) { return add(OrderRequest(request), now); }

  Order* find(const ClientOrderId& id);
  const Order* find(const ClientOrderId& id) const;
  const Order* find_by_venue_id(const OrderId& id) const;
  // nullptr when the handle's order was pruned (or the handle is empty).
  Order* find(OrderHandle handle);
  const Order* find(OrderHandle handle) const;
  // The handle of a held order; an empty handle when none has this id.
  OrderHandle handle_of(const ClientOrderId& id) const;
  // The order a broker report names: by the handle it echoes when that order has the report's client id,
  // else by client id, else by venue id; empty when unknown.
  OrderHandle locate(const ExecutionReport& report) const;
  // One more than the highest slot handed out so far.
  std::size_t slot_count() const { return slots_.size(); }

  // Applies a broker report to the order it names (client id first, else the venue id) and learns the
  // venue id from an acknowledgement. Errors: not_found for an unknown order, else the state machine's.
  Result<Order*> apply(const ExecutionReport& report, Timestamp engine_time);
  // The same, for the order `handle` (from locate(report)) without looking it up again.
  Result<Order*> apply(OrderHandle handle, const ExecutionReport& report, Timestamp engine_time);

  // Orders not yet terminal (including new ones not sent), in no particular order.
  std::vector<const Order*> open_orders() const;
  std::size_t open_count() const;
  std::size_t count_in_state(OrderState state) const;
  std::size_t size() const { return by_client_id_.size(); }
  // Visits every order (open and closed).
  void for_each(const std::function<void(const Order&)>& visit) const;

  // Forgets terminal orders whose last transition is before `cutoff` (after they are journaled); their
  // client ids are then free again. Returns how many were dropped.
  std::size_t prune_closed_before(Timestamp cutoff);

 private:
  // After add(), only an order's limit price and quantity change (the smart walk, replaces), so the request
  // as first submitted (the idempotency key) is the order's request with these two terms as they were.
  struct Entry {
    Order order;
    ReplaceTerms first_terms;  // limit price and quantity as first submitted
    bool is_first_request(const OrderRequest& request) const;
  };
  struct Slot {
    std::unique_ptr<Entry> entry;  // null while free; Order* stay put however slots_ grows
    std::uint32_t generation = 1;
  };
  Entry* entry(OrderHandle handle) const;
  OrderHandle handle_at(std::uint32_t slot) const { return OrderHandle{slot, slots_[slot].generation}; }
  // Indexes the venue ids learnt since the last lookup by venue id, in the order they were learnt; with
  // `except` (during a prune), skips the orders it says are being dropped.
  void index_venue_ids(const std::function<bool(std::uint32_t slot)>& except = {}) const;

  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  // Entries of pruned orders, recycled by add() with their buffers (bounded: see kSpareEntries).
  std::vector<std::unique_ptr<Entry>> spare_entries_;
  std::unordered_map<ClientOrderId, std::uint32_t> by_client_id_;  // -> slot
  // -> slot. Built lazily: most reports carry the client id (and the order's handle), so an acknowledgement
  // only notes its order in venue_ids_learnt_, and the venue id is hashed once something looks one up
  // (or at the prune, where an order dropped before that is never indexed at all).
  mutable std::unordered_map<OrderId, std::uint32_t> by_venue_id_;
  mutable std::vector<OrderHandle> venue_ids_learnt_;  // in the order they were learnt
  // The index nodes of pruned orders, reused (with their id strings) by the next orders: bounded like
  // spare_entries_.
  std::vector<decltype(by_client_id_)::node_type> spare_client_nodes_;
  mutable std::vector<decltype(by_venue_id_)::node_type> spare_venue_nodes_;
};

}  // namespace nightdesk::execution
