// SqliteJournal: the embedded journal store: one SQLite file in the data directory, in WAL mode with
// synchronous=FULL, so a commit is on disk (WAL fsync'd) before append() returns: a kill -9 or a power cut
// after that loses nothing. One thread at a time (see journal_backend.h).
#pragma once

#include <filesystem>
#include <memory>

#include "store/journal_backend.h"

struct sqlite3;
struct sqlite3_stmt;

namespace nightdesk::store {

class SqliteJournal final : public JournalBackend {
 public:
  // Opens (creating when absent) the database at `path`, whose directory must exist, sets WAL and
  // synchronous=FULL and migrates the schema. As a reader: opens read-only, checks the schema version only. Errors name the file: not a database or damaged
  // (parse_error), unwritable (io_error), newer schema (conflict).
  static Result<std::unique_ptr<SqliteJournal>> open(const std::filesystem::path& path, OpenMode mode = OpenMode::owner);
  ~SqliteJournal() override;
  SqliteJournal(const SqliteJournal&) = delete;
  SqliteJournal& operator=(const SqliteJournal&) = delete;

  Status append(std::span<const JournalRecord> records) override;
  Result<std::uint64_t> last_sequence() override;
  Status read(std::uint64_t after, const RecordVisitor& visit) override;
  int schema_version() const override { return schema_version_; }
  std::string describe() const override { return "sqlite " + path_.string(); }

 private:
  explicit SqliteJournal(std::filesystem::path path) : path_(std::move(path)) {}
  Status configure();
  Status migrate();
  Status check_readable();
  Result<int> stored_schema_version();
  Status execute(const char* sql);
  Error error(ErrorCode code, std::string_view doing) const;
  Error damaged() const;
  Error error_from_sqlite(int rc, std::string_view doing) const;

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;  // prepared once; reused by every append
  int schema_version_ = 0;
  bool reader_ = false;  // opened as OpenMode::reader: append() refuses
};

}  // namespace nightdesk::store
