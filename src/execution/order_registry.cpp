#include "execution/order_registry.h"

#include <utility>

#include <fmt/format.h>

#include "execution/order_state_machine.h"

namespace nightdesk::execution {
namespace {

// Pruned records kept for reuse: enough for a busy session's turnover, small next to the orders held.
constexpr std::size_t kSpareEntries = 1'024;

// Maps `id` to `slot` in `index` unless `id` is there already, in a spare node when there is one. As
// try_emplace: the entry for `id`, and whether it is new.
template <class Index, class Id>
std::pair<typename Index::iterator, bool> index_new(Index& index, std::vector<typename Index::node_type>& spare, const Id& id,
                                                    std::uint32_t slot) {
  if (spare.empty()) return index.try_emplace(id, slot);
  auto node = std::move(spare.back());
  spare.pop_back();
  node.key() = id;
  node.mapped() = slot;
  auto added = index.insert(std::move(node));
  if (!added.inserted) spare.push_back(std::move(added.node));
  return {added.position, added.inserted};
}

// Drops `id` from `index`, keeping its node for reuse while fewer than kSpareEntries are kept.
template <class Index, class Id>
void unindex(Index& index, std::vector<typename Index::node_type>& spare, const Id& id) {
  auto node = index.extract(id);
  if (!node.empty() && spare.size() < kSpareEntries) spare.push_back(std::move(node));
}

}  // namespace

bool OrderRegistry::Entry::is_first_request(const OrderRequest& request) const {
  if (request.limit_price != first_terms.limit_price || request.quantity != first_terms.quantity) return false;
  OrderRequest first = order.request;  // a copy only for a re-submitted id, which is rare
  first.limit_price = first_terms.limit_price;
  first.quantity = first_terms.quantity;
  return first == request;
}

Result<OrderRegistry::Added> OrderRegistry::add(OrderRequest&& request, Timestamp now) {
  auto held_already = [&](std::uint32_t held_slot) -> Result<Added> {
    Entry& held = *slots_[held_slot].entry;
    if (held.is_first_request(request)) return Added{&held.order, false, handle_at(held_slot)};
    return fail(ErrorCode::conflict,
                fmt::format("client order id {} is already used by a different order", request.client_order_id.value()),
                "client_order_id");
  };
  if (auto valid = request.validate(); !valid) {
    // A held id answers first, as for a valid request (the request held was valid, so this is a conflict).
    if (auto it = by_client_id_.find(request.client_order_id); it != by_client_id_.end()) return held_already(it->second);
    return std::unexpected(valid.error());
  }
  // The id is indexed first, so a new order hashes it once; a held id is found by the same lookup.
  auto [indexed, is_new] = index_new(by_client_id_, spare_client_nodes_, request.client_order_id, 0);
  if (!is_new) return held_already(indexed->second);
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  indexed->second = slot;
  const ReplaceTerms first_terms{request.limit_price, request.quantity};
  if (spare_entries_.empty()) {
    slots_[slot].entry = std::make_unique<Entry>(Entry{Order(std::move(request), now), first_terms});
  } else {  // a pruned order's record: its vectors are reused
    std::unique_ptr<Entry> entry = std::move(spare_entries_.back());
    spare_entries_.pop_back();
    entry->first_terms = first_terms;
    entry->order.renew(std::move(request), now);
    slots_[slot].entry = std::move(entry);
  }
  return Added{&slots_[slot].entry->order, true, handle_at(slot)};
}

OrderRegistry::Entry* OrderRegistry::entry(OrderHandle handle) const {
  if (!handle.valid() || handle.slot >= slots_.size()) return nullptr;
  const Slot& s = slots_[handle.slot];
  return s.generation == handle.generation ? s.entry.get() : nullptr;
}

Order* OrderRegistry::find(OrderHandle handle) {
  Entry* e = entry(handle);
  return e == nullptr ? nullptr : &e->order;
}

const Order* OrderRegistry::find(OrderHandle handle) const {
  const Entry* e = entry(handle);
  return e == nullptr ? nullptr : &e->order;
}

OrderHandle OrderRegistry::handle_of(const ClientOrderId& id) const {
  auto it = by_client_id_.find(id);
  return it == by_client_id_.end() ? OrderHandle{} : handle_at(it->second);
}

Order* OrderRegistry::find(const ClientOrderId& id) { return find(handle_of(id)); }

const Order* OrderRegistry::find(const ClientOrderId& id) const { return find(handle_of(id)); }

void OrderRegistry::index_venue_ids(const std::function<bool(std::uint32_t slot)>& except) const {
  for (OrderHandle learnt : venue_ids_learnt_) {
    const Entry* e = entry(learnt);
    if (e == nullptr || (except && except(learnt.slot))) continue;
    index_new(by_venue_id_, spare_venue_nodes_, e->order.order_id, learnt.slot);
  }
  venue_ids_learnt_.clear();
}

const Order* OrderRegistry::find_by_venue_id(const OrderId& id) const {
  index_venue_ids();
  auto it = by_venue_id_.find(id);
  return it == by_venue_id_.end() ? nullptr : find(handle_at(it->second));
}

OrderHandle OrderRegistry::locate(const ExecutionReport& report) const {
  // The handle the venue echoed, if it still names the order the report is about: no id hashed.
  if (const Entry* e = entry(report.engine_order); e != nullptr && e->order.client_order_id() == report.client_order_id)
    return report.engine_order;
  if (OrderHandle h = handle_of(report.client_order_id); h.valid()) return h;
  if (report.order_id.empty()) return {};
  index_venue_ids();
  auto it = by_venue_id_.find(report.order_id);
  return it == by_venue_id_.end() ? OrderHandle{} : handle_at(it->second);
}

Result<Order*> OrderRegistry::apply(const ExecutionReport& report, Timestamp engine_time) {
  return apply(locate(report), report, engine_time);
}

Result<Order*> OrderRegistry::apply(OrderHandle handle, const ExecutionReport& report, Timestamp engine_time) {
  Order* order = find(handle);
  if (order == nullptr)
    return fail(ErrorCode::not_found,
                fmt::format("report {} for unknown order {} (venue id {})", to_string(report.kind), report.client_order_id.value(),
                            report.order_id.value()),
                "client_order_id");
  const bool had_venue_id = !order->order_id.empty();
  if (report.client_order_id == order->client_order_id()) {
    if (auto applied = execution::apply(*order, report, engine_time); !applied) return std::unexpected(applied.error());
  } else {
    ExecutionReport addressed = report;
    addressed.client_order_id = order->client_order_id();  // a report found by venue id may lack the client id
    if (auto applied = execution::apply(*order, addressed, engine_time); !applied) return std::unexpected(applied.error());
  }
  if (!had_venue_id && !order->order_id.empty()) venue_ids_learnt_.push_back(handle);
  return order;
}

std::vector<const Order*> OrderRegistry::open_orders() const {
  std::vector<const Order*> open;
  for (const Slot& s : slots_)
    if (s.entry && !is_terminal(s.entry->order.state)) open.push_back(&s.entry->order);
  return open;
}

std::size_t OrderRegistry::open_count() const {
  std::size_t n = 0;
  for (const Slot& s : slots_) n += s.entry && !is_terminal(s.entry->order.state) ? 1 : 0;
  return n;
}

std::size_t OrderRegistry::count_in_state(OrderState state) const {
  std::size_t n = 0;
  for (const Slot& s : slots_) n += s.entry && s.entry->order.state == state ? 1 : 0;
  return n;
}

void OrderRegistry::for_each(const std::function<void(const Order&)>& visit) const {
  for (const Slot& s : slots_)
    if (s.entry) visit(s.entry->order);
}

std::size_t OrderRegistry::prune_closed_before(Timestamp cutoff) {
  auto dropping = [&](std::uint32_t slot) {
    const Order& order = slots_[slot].entry->order;
    return is_terminal(order.state) && order.last_transition_time() < cutoff;
  };
  // The orders staying are indexed as if each had been on its acknowledgement; those dropped need not be.
  // Each dropped order's venue id is then taken out as before, whichever order it was indexed for.
  index_venue_ids(dropping);
  std::size_t dropped = 0;
  for (std::uint32_t slot = 0; slot < slots_.size(); ++slot) {
    Slot& s = slots_[slot];
    if (!s.entry || !dropping(slot)) continue;
    const Order& order = s.entry->order;
    if (!order.order_id.empty()) unindex(by_venue_id_, spare_venue_nodes_, order.order_id);
    unindex(by_client_id_, spare_client_nodes_, order.client_order_id());
    if (spare_entries_.size() < kSpareEntries) {
      spare_entries_.push_back(std::move(s.entry));
    } else {
      s.entry.reset();
    }
    ++s.generation;  // handles to the dropped order now find nothing
    free_slots_.push_back(slot);
    ++dropped;
  }
  return dropped;
}

}  // namespace nightdesk::execution
