// OrderRebuilder: rebuilds the engine's orders from the journal at start-up by repeating each journaled
// transition through the state machine (order_state_machine.h), so a rebuilt order has the same state,
// fills, averages, terms and history as before the restart, and a journal that does not fit the state
// machine is reported, never patched over. Start-up thread only (it writes the engine's registry).
#pragma once

#include <cstddef>
#include <vector>

#include "common/error.h"
#include "execution/execution_events.h"
#include "execution/order_registry.h"
#include "store/journal_record.h"

namespace nightdesk::store {

struct OrderRebuildCounts {
  std::size_t orders = 0;       // order.created records applied
  std::size_t transitions = 0;  // order.event records applied
  std::size_t fills = 0;        // fill records checked against the rebuilt orders
};

class OrderRebuilder {
 public:
  explicit OrderRebuilder(execution::OrderRegistry& registry) : registry_(registry) {}

  // Applies `record` when it is an order kind (order.created, order.event, fill); other kinds are left to
  // their own rebuilders and return ok. Errors: the payload does not decode (parse_error); the order is
  // unknown (not_found); the transition does not start from the rebuilt state, the state machine refuses
  // it, or it ends differently from the journal (conflict).
  Status apply(const JournalRecord& record);
  // After the last record: every fill record names a fill its rebuilt order holds (conflict otherwise).
  Status finish() const;
  const OrderRebuildCounts& counts() const { return counts_; }

 private:
  Status apply_created(const JournalEntry& entry);
  Status apply_event(const JournalEntry& entry);
  Status apply_fill_record(const JournalEntry& entry);

  execution::OrderRegistry& registry_;
  std::vector<execution::OrderFilled> fills_;  // fill records, checked by finish()
  OrderRebuildCounts counts_;
};

}  // namespace nightdesk::store
