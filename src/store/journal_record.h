// JournalEntry and JournalRecord: the journal's generic envelope. An entry is what the engine appends
// (time, kind, entity, JSON payload from the kind's encoder); the writer numbers it when it commits.
// Plain values; safe to copy across threads.
#pragma once

#include <cstdint>
#include <string>

#include "common/time.h"

namespace nightdesk::store {

struct JournalEntry {
  Timestamp engine_time{};  // the engine clock when the thing happened (simulated in a backtest)
  std::string kind;         // a registered record kind (record_kind.h), e.g. "order.event"
  std::string entity_id;    // what the record is about: a client order id, "paper" for the venue, ...
  std::string payload;      // JSON text written by the kind's encoder

  bool operator==(const JournalEntry&) const = default;
};

struct JournalRecord {
  std::uint64_t sequence = 0;  // 1, 2, 3, ... in commit order; never reused, never reordered
  JournalEntry entry;

  bool operator==(const JournalRecord&) const = default;
};

}  // namespace nightdesk::store
