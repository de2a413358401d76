#include "store/sqlite_journal.h"

#include <sqlite3.h>

#include <fmt/format.h>

#include "store/schema_migrations.h"

namespace nightdesk::store {
namespace {

// Finalizes a statement at scope end (reads and one-off queries).
struct Statement {
  sqlite3_stmt* stmt = nullptr;
  ~Statement() { sqlite3_finalize(stmt); }
};

std::string column_text(sqlite3_stmt* stmt, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column))) : std::string();
}

}  // namespace

Result<std::unique_ptr<SqliteJournal>> SqliteJournal::open(const std::filesystem::path& path, OpenMode mode) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path.parent_path(), ec))
    return fail(ErrorCode::io_error, fmt::format("journal directory {} does not exist", path.parent_path().string()), "store.url");
  std::unique_ptr<SqliteJournal> journal(new SqliteJournal(path));
  int flags = mode == OpenMode::owner ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  int rc = sqlite3_open_v2(path.c_str(), &journal->db_, flags | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(journal->error_from_sqlite(rc, "opening"));
  sqlite3_extended_result_codes(journal->db_, 1);
  if (mode == OpenMode::reader) {
    journal->reader_ = true;
    if (auto s = journal->check_readable(); !s) return std::unexpected(s.error());
    return journal;
  }
  if (auto s = journal->configure(); !s) return std::unexpected(s.error());
  if (auto s = journal->migrate(); !s) return std::unexpected(s.error());
  rc = sqlite3_prepare_v3(journal->db_,
                          "INSERT INTO journal (sequence, engine_time_ns, kind, entity_id, payload) VALUES (?, ?, ?, ?, ?)", -1,
                          SQLITE_PREPARE_PERSISTENT, &journal->insert_, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(journal->error_from_sqlite(rc, "preparing the insert"));
  return journal;
}

SqliteJournal::~SqliteJournal() {
  sqlite3_finalize(insert_);
  sqlite3_close_v2(db_);
}

Error SqliteJournal::error(ErrorCode code, std::string_view doing) const {
  return Error{code, fmt::format("sqlite journal {}: {} failed: {}", path_.string(), doing, db_ ? sqlite3_errmsg(db_) : "out of memory"),
               "store.url"};
}

Error SqliteJournal::error_from_sqlite(int rc, std::string_view doing) const {
  int primary = rc & 0xff;
  ErrorCode code = ErrorCode::io_error;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) code = ErrorCode::parse_error;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) code = ErrorCode::unavailable;
  if (primary == SQLITE_CONSTRAINT) code = ErrorCode::conflict;
  return error(code, doing);
}

Status SqliteJournal::execute(const char* sql) {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(error_from_sqlite(rc, sql));
  return ok();
}

// WAL: readers never block the writer and a commit appends to one file. synchronous=FULL (the spec's
// choice): the WAL is fsync'd at every commit, so a committed batch survives power loss as well as kill -9
// (NORMAL would only survive a process crash). The group commit pays that fsync once per batch.
Status SqliteJournal::configure() {
  if (auto s = execute("PRAGMA busy_timeout = 5000"); !s) return s;
  Statement mode;
  int rc = sqlite3_prepare_v2(db_, "PRAGMA journal_mode = WAL", -1, &mode.stmt, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(mode.stmt);
  if (rc != SQLITE_ROW) return std::unexpected(error_from_sqlite(rc, "switching to WAL"));
  if (column_text(mode.stmt, 0) != "wal")
    return fail(ErrorCode::io_error, fmt::format("sqlite journal {}: WAL mode refused (got {})", path_.string(), column_text(mode.stmt, 0)),
                "store.url");
  return execute("PRAGMA synchronous = FULL");
}

Error SqliteJournal::damaged() const {
  return Error{ErrorCode::parse_error,
               fmt::format("sqlite journal {} has a journal table but no schema_version: damaged or not a nightdesk journal", path_.string()),
               "schema_version"};
}

Result<int> SqliteJournal::stored_schema_version() {
  Statement tables;
  int rc = sqlite3_prepare_v2(db_, "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('schema_version', 'journal')", -1,
                              &tables.stmt, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(error_from_sqlite(rc, "reading the schema"));
  bool has_version = false, has_journal = false;
  while ((rc = sqlite3_step(tables.stmt)) == SQLITE_ROW) {
    std::string name = column_text(tables.stmt, 0);
    has_version |= name == "schema_version";
    has_journal |= name == "journal";
  }
  if (rc != SQLITE_DONE) return std::unexpected(error_from_sqlite(rc, "reading the schema"));
  if (!has_version && has_journal) return std::unexpected(damaged());
  if (!has_version) return 0;
  Statement version;
  rc = sqlite3_prepare_v2(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_version", -1, &version.stmt, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(version.stmt);
  if (rc != SQLITE_ROW) return std::unexpected(error_from_sqlite(rc, "reading schema_version"));
  int stored = sqlite3_column_int(version.stmt, 0);
  if (stored == 0 && has_journal) return std::unexpected(damaged());
  return stored;
}

Status SqliteJournal::check_readable() {
  if (auto s = execute("PRAGMA busy_timeout = 5000"); !s) return s;
  auto found = stored_schema_version();
  if (!found) return std::unexpected(found.error());
  if (auto s = check_schema_version(*found, describe()); !s) return s;
  schema_version_ = *found;
  return ok();
}

Status SqliteJournal::migrate() {
  auto found = stored_schema_version();
  if (!found) return std::unexpected(found.error());
  if (auto s = execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
                       " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))");
      !s) {
    return s;
  }
  if (auto s = check_schema_version(*found, describe()); !s) return s;
  for (const Migration& m : schema_migrations()) {
    if (m.version <= *found) continue;
    if (auto s = execute("BEGIN IMMEDIATE"); !s) return s;
    Status applied = execute(std::string(m.sqlite_sql).c_str());
    if (applied) {
      char* sql = sqlite3_mprintf("INSERT INTO schema_version (version, description) VALUES (%d, %Q)", m.version,
                                  std::string(m.description).c_str());
      applied = execute(sql);
      sqlite3_free(sql);
    }
    if (applied) applied = execute("COMMIT");
    if (!applied) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return fail(applied.error().code, fmt::format("migrating to schema version {}: {}", m.version, applied.error().message), "schema_version");
    }
  }
  schema_version_ = latest_schema_version();
  return ok();
}

Status SqliteJournal::append(std::span<const JournalRecord> records) {
  if (reader_) return fail(ErrorCode::conflict, describe() + " was opened as a reader; only its owner appends", "journal");
  if (records.empty()) return ok();
  if (auto s = execute("BEGIN IMMEDIATE"); !s) return s;
  for (const JournalRecord& r : records) {
    sqlite3_reset(insert_);
    sqlite3_bind_int64(insert_, 1, static_cast<sqlite3_int64>(r.sequence));
    sqlite3_bind_int64(insert_, 2, to_unix_nanos(r.entry.engine_time));
    sqlite3_bind_text(insert_, 3, r.entry.kind.data(), static_cast<int>(r.entry.kind.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert_, 4, r.entry.entity_id.data(), static_cast<int>(r.entry.entity_id.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert_, 5, r.entry.payload.data(), static_cast<int>(r.entry.payload.size()), SQLITE_STATIC);
    int rc = sqlite3_step(insert_);
    if (rc != SQLITE_DONE) {
      Error e = error_from_sqlite(rc, fmt::format("appending record {}", r.sequence));
      sqlite3_reset(insert_);
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return std::unexpected(std::move(e));
    }
  }
  sqlite3_reset(insert_);
  sqlite3_clear_bindings(insert_);
  if (auto s = execute("COMMIT"); !s) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return s;
  }
  return ok();
}

Result<std::uint64_t> SqliteJournal::last_sequence() {
  Statement q;
  int rc = sqlite3_prepare_v2(db_, "SELECT COALESCE(MAX(sequence), 0) FROM journal", -1, &q.stmt, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(q.stmt);
  if (rc != SQLITE_ROW) return std::unexpected(error_from_sqlite(rc, "reading the last sequence"));
  return static_cast<std::uint64_t>(sqlite3_column_int64(q.stmt, 0));
}

Status SqliteJournal::read(std::uint64_t after, const RecordVisitor& visit) {
  Statement q;
  int rc = sqlite3_prepare_v2(db_,
                              "SELECT sequence, engine_time_ns, kind, entity_id, payload FROM journal WHERE sequence > ? ORDER BY sequence",
                              -1, &q.stmt, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(error_from_sqlite(rc, "reading the journal"));
  sqlite3_bind_int64(q.stmt, 1, static_cast<sqlite3_int64>(after));
  while ((rc = sqlite3_step(q.stmt)) == SQLITE_ROW) {
    JournalRecord r;
    r.sequence = static_cast<std::uint64_t>(sqlite3_column_int64(q.stmt, 0));
    r.entry.engine_time = from_unix_nanos(sqlite3_column_int64(q.stmt, 1));
    r.entry.kind = column_text(q.stmt, 2);
    r.entry.entity_id = column_text(q.stmt, 3);
    r.entry.payload = column_text(q.stmt, 4);
    if (auto s = visit(r); !s) return s;
  }
  if (rc != SQLITE_DONE) return std::unexpected(error_from_sqlite(rc, "reading the journal"));
  return ok();
}

}  // namespace nightdesk::store
