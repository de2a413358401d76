#include "store/journal_replay.h"

#include <fmt/format.h>

#include "store/record_kind.h"

namespace nightdesk::store {

Result<ReplaySummary> replay_journal(JournalBackend& journal, const RecordVisitor& apply, std::uint64_t after) {
  ReplaySummary summary;
  std::uint64_t previous = after;
  Status read = journal.read(after, [&](const JournalRecord& record) -> Status {
    if (record.sequence <= previous)
      return fail(ErrorCode::parse_error, fmt::format("journal record {} follows record {}: sequences out of order", record.sequence, previous),
                  "sequence");
    if (!find_record_kind(record.entry.kind))
      return fail(ErrorCode::parse_error,
                  fmt::format("journal record {} has kind '{}', which this binary does not know", record.sequence, record.entry.kind), "kind");
    if (auto s = apply(record); !s)
      return fail(s.error().code, fmt::format("replaying journal record {} ({}): {}", record.sequence, record.entry.kind, s.error().message),
                  s.error().field);
    previous = record.sequence;
    ++summary.records;
    summary.last_sequence = record.sequence;
    ++summary.by_kind[record.entry.kind];
    return ok();
  });
  if (!read) return std::unexpected(read.error());
  return summary;
}

}  // namespace nightdesk::store
