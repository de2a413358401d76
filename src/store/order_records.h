// Journal records for orders: the order as created (its request), each state transition with what it
// carried (the venue id, replace terms, the fill), and fills. Encoders and decoders are pure; any thread.
// An order's records replayed in order through the state machine rebuild it exactly (order_rebuild.h).
#pragma once

#include <optional>

#include "common/error.h"
#include "common/time.h"
#include "execution/execution_events.h"
#include "execution/order.h"
#include "store/journal_record.h"

namespace nightdesk::store {

// An order entered the registry (state new). Journal it before its first transition.
struct OrderCreated {
  execution::OrderRequest request;  // as first submitted (the idempotency key for its client order id)
  Timestamp created_time{};
  bool operator==(const OrderCreated&) const = default;
};

// One transition of one order, with what replay needs to repeat it.
struct OrderEventRecord {
  execution::ClientOrderId client_order_id;
  execution::OrderId order_id;  // the venue's id as the order knows it after the transition
  execution::OrderTransition transition;
  // request_replace: the terms asked for; replace: the terms the venue now works. Empty otherwise.
  std::optional<execution::ReplaceTerms> terms;
  // partial_fill / fill: the fill that caused the transition. Empty otherwise.
  std::optional<execution::Fill> fill;
};
bool operator==(const OrderEventRecord& a, const OrderEventRecord& b);

// The record of `order`'s latest transition, read from the order right after the change (so the caller
// journals exactly what the state machine recorded). Error (not_found) when the order has no transition.
Result<OrderEventRecord> latest_order_event(const execution::Order& order);

JournalEntry encode(const OrderCreated& created);
JournalEntry encode(const OrderEventRecord& event);
// A fill applied to an order, with the order's filled/leaves quantities and state after it.
JournalEntry encode(const execution::OrderFilled& filled);

Result<OrderCreated> decode_order_created(const JournalEntry& entry);
Result<OrderEventRecord> decode_order_event(const JournalEntry& entry);
Result<execution::OrderFilled> decode_fill(const JournalEntry& entry);

}  // namespace nightdesk::store
