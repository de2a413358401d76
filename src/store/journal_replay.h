// Replay: reads the journal back in sequence order at start-up and hands every record to the state that
// rebuilds itself from it (orders now; positions, management and risk later). Checks as it goes that
// sequences strictly increase and every kind is registered. Start-up thread, before the writer starts.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "common/error.h"
#include "store/journal_backend.h"

namespace nightdesk::store {

struct ReplaySummary {
  std::uint64_t records = 0;
  std::uint64_t last_sequence = 0;                     // 0 when nothing was read
  std::map<std::string, std::uint64_t, std::less<>> by_kind;  // records per kind
};

// Visits every record after `after`; stops at the first error (from the journal, a sequence out of order,
// an unregistered kind, or `apply`), which names the record's sequence.
Result<ReplaySummary> replay_journal(JournalBackend& journal, const RecordVisitor& apply, std::uint64_t after = 0);

}  // namespace nightdesk::store
