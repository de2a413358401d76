// JournalBackend: where journal records are kept (SQLite or PostgreSQL, same schema). Opening one migrates
// its schema; append() commits a batch durably in one transaction; read() replays in sequence order.
// Not thread-safe: one thread at a time (the opener, then the JournalWriter's thread that owns it).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "common/error.h"
#include "store/journal_record.h"

namespace nightdesk::store {

// Called with each record in sequence order; an error stops the read and is returned by read().
using RecordVisitor = std::function<Status(const JournalRecord&)>;

class JournalBackend {
 public:
  virtual ~JournalBackend() = default;

  // Commits `records` in one transaction: when it returns ok they are durable (fsync'd), when it fails
  // none of them is stored. Sequences must be new and increasing (the primary key refuses a reused one).
  virtual Status append(std::span<const JournalRecord> records) = 0;
  // The highest committed sequence; 0 for an empty journal.
  virtual Result<std::uint64_t> last_sequence() = 0;
  // Visits every record with sequence > `after`, in sequence order, in constant memory.
  virtual Status read(std::uint64_t after, const RecordVisitor& visit) = 0;
  // The schema version the store is at (the latest this binary knows, once opened).
  virtual int schema_version() const = 0;
  // "sqlite /data/journal.db" or the redacted PostgreSQL URL: for logs and errors.
  virtual std::string describe() const = 0;
};

// owner: the engine's journal: migrated, and (PostgreSQL) locked against a second engine.
// reader: another connection that only reads (replay tools, the API's audit view): no lock, no migration;
// a schema newer than this binary is still refused.
enum class OpenMode { owner, reader };

// Opens the store the URL names (store_url.h); as owner, migrates it. Errors: a bad URL (invalid_argument), an
// unreachable or unreadable store (unavailable, io_error, parse_error), a newer schema or another engine
// holding a PostgreSQL journal (conflict).
Result<std::unique_ptr<JournalBackend>> open_journal(std::string_view url, OpenMode mode = OpenMode::owner);

}  // namespace nightdesk::store
