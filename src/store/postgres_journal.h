// PostgresJournal: the journal in a PostgreSQL database (libpqxx), same schema as SQLite, for setups that
// keep state on a server. A commit returns after the server's durable commit (synchronous_commit as the
// server is configured; on by default). While open it holds a session advisory lock, so a second engine
// pointed at the same database is refused, naming the holder. One thread at a time (journal_backend.h).
#pragma once

#include <memory>
#include <string>

#include "store/journal_backend.h"

namespace nightdesk::store {

class PostgresJournal final : public JournalBackend {
 public:
  // Connects to `uri` (libpq URI), takes the journal lock and migrates the schema. `redacted` is the
  // URI without its password, used in every message. Errors: unreachable (unavailable), lock held or
  // newer schema (conflict), a failed statement (io_error). As a reader: no lock, no migration.
  static Result<std::unique_ptr<PostgresJournal>> open(const std::string& uri, const std::string& redacted,
                                                      OpenMode mode = OpenMode::owner);
  ~PostgresJournal() override;
  PostgresJournal(const PostgresJournal&) = delete;
  PostgresJournal& operator=(const PostgresJournal&) = delete;

  Status append(std::span<const JournalRecord> records) override;
  Result<std::uint64_t> last_sequence() override;
  Status read(std::uint64_t after, const RecordVisitor& visit) override;
  int schema_version() const override { return schema_version_; }
  std::string describe() const override { return "postgresql " + redacted_; }

  // The advisory lock key every nightdesk journal takes (one journal per database).
  static constexpr long long kJournalLockKey = 0x6e64'6a6f'7572'6e6cLL;  // "ndjournl"

 private:
  explicit PostgresJournal(std::string redacted);
  // Takes the session-level advisory lock, waiting a moment for a session that is ending; then conflict
  // "store.url" naming the holder.
  Status take_journal_lock();
  Status migrate();
  Status check_readable();
  Error error(ErrorCode code, std::string_view doing, std::string_view what) const;

  std::string redacted_;
  struct Session;  // the libpqxx connection (pqxx::connection is a typedef in 6.4: not forward-declarable)
  std::unique_ptr<Session> session_;
  int schema_version_ = 0;
  bool reader_ = false;  // opened as OpenMode::reader: append() refuses
};

}  // namespace nightdesk::store
