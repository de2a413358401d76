#include "store/postgres_journal.h"

#include <unistd.h>

#include <array>
#include <chrono>
#include <thread>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "store/schema_migrations.h"

namespace nightdesk::store {
namespace {

// Rows per INSERT statement: one round trip each; a batch larger than this takes several in one transaction.
constexpr std::size_t kRowsPerStatement = 1000;
// Rows per page when reading, so a replay holds one page in memory at a time.
constexpr int kRowsPerPage = 5000;

std::string process_identity() {
  std::array<char, 256> host{};
  ::gethostname(host.data(), host.size() - 1);
  return fmt::format("nightdesk pid {} on {}", ::getpid(), host.data());
}

// A quoted, escaped SQL string literal: what pqxx's quote() makes, but its "'" + s + "'" trips a GCC 12 -O3
// -Wrestrict false positive, and the Release build is -Werror.
std::string literal(pqxx::transaction_base& t, const std::string& text) { return fmt::format("'{}'", t.esc(text)); }

Error journal_error(const std::string& redacted, ErrorCode code, std::string_view doing, std::string_view what) {
  return Error{code, fmt::format("postgresql journal {}: {} failed: {}", redacted, doing, what), "store.url"};
}

// libpqxx reports by exception; every public function runs its body through here, so the exceptions
// become values at the boundary. A duplicate key (SQLSTATE 23505) is a conflict: a reused sequence.
template <class Body>
auto guarded(const std::string& redacted, std::string_view doing, Body body) -> decltype(body()) {
  try {
    return body();
  } catch (const pqxx::broken_connection& e) {
    return std::unexpected(journal_error(redacted, ErrorCode::unavailable, doing, e.what()));
  } catch (const pqxx::in_doubt_error& e) {
    return std::unexpected(journal_error(redacted, ErrorCode::unavailable, doing, std::string("commit in doubt: ") + e.what()));
  } catch (const pqxx::sql_error& e) {
    ErrorCode code = e.sqlstate() == "23505" ? ErrorCode::conflict : ErrorCode::io_error;
    return std::unexpected(journal_error(redacted, code, doing, e.what()));
  } catch (const std::exception& e) {
    return std::unexpected(journal_error(redacted, ErrorCode::io_error, doing, e.what()));
  }
}

}  // namespace

struct PostgresJournal::Session {
  explicit Session(const std::string& uri) : connection(uri) {}
  pqxx::connection connection;
};

Error PostgresJournal::error(ErrorCode code, std::string_view doing, std::string_view what) const {
  return journal_error(redacted_, code, doing, what);
}

Result<std::unique_ptr<PostgresJournal>> PostgresJournal::open(const std::string& uri, const std::string& redacted, OpenMode mode) {
  std::unique_ptr<PostgresJournal> journal(new PostgresJournal(redacted));
  try {
    journal->session_ = std::make_unique<Session>(uri);
    pqxx::nontransaction setup(journal->session_->connection);
    setup.exec("SET application_name = " + literal(setup, process_identity()));
  } catch (const pqxx::broken_connection& e) {
    return std::unexpected(journal->error(ErrorCode::unavailable, "connecting", e.what()));
  } catch (const std::exception& e) {
    return std::unexpected(journal->error(ErrorCode::unavailable, "connecting", e.what()));
  }
  if (mode == OpenMode::reader) {
    journal->reader_ = true;
    if (auto s = journal->check_readable(); !s) return std::unexpected(s.error());
    return journal;
  }
  if (auto s = journal->take_journal_lock(); !s) return std::unexpected(s.error());
  if (auto s = journal->migrate(); !s) return std::unexpected(s.error());
  return journal;
}

PostgresJournal::PostgresJournal(std::string redacted) : redacted_(std::move(redacted)) {}

PostgresJournal::~PostgresJournal() = default;  // closing the session releases the advisory lock

namespace {

// How long a restart waits for the previous engine's server process to let go of the journal lock.
constexpr std::chrono::seconds kLockWait{3};

Status lock_held(pqxx::nontransaction& n, const std::string& redacted) {
  // classid/objid are the key's high and low 32 bits.
  pqxx::result holder = n.exec(fmt::format(
      "SELECT a.application_name, COALESCE(host(a.client_addr), 'local socket'), a.backend_start FROM pg_locks l "
      "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.classid = {} AND l.objid = {}",
      static_cast<unsigned long long>(PostgresJournal::kJournalLockKey) >> 32,
      static_cast<unsigned long long>(PostgresJournal::kJournalLockKey) & 0xffffffffULL));
  std::string who = holder.empty() ? std::string("another session")
                                   : fmt::format("{} (from {}, connected {})", holder[0][0].c_str(), holder[0][1].c_str(), holder[0][2].c_str());
  return fail(ErrorCode::conflict, fmt::format("postgresql journal {} is held by {}", redacted, who), "store.url");
}

}  // namespace

Status PostgresJournal::take_journal_lock() {
  return guarded(redacted_, "taking the journal lock", [&]() -> Status {
    pqxx::nontransaction n(session_->connection);
    // A previous engine's session releases the lock only once its server process has exited, a moment after
    // the engine closed it or was killed: a restart waits that moment out before it calls the lock held.
    const auto give_up = std::chrono::steady_clock::now() + kLockWait;
    while (!n.exec1(fmt::format("SELECT pg_try_advisory_lock({})", kJournalLockKey))[0].as<bool>()) {
      if (std::chrono::steady_clock::now() >= give_up) return lock_held(n, redacted_);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return ok();
  });
}

Status PostgresJournal::check_readable() {
  return guarded(redacted_, "reading the schema version", [&]() -> Status {
    pqxx::nontransaction n(session_->connection);
    if (n.exec1("SELECT to_regclass('schema_version') IS NULL")[0].as<bool>())
      return fail(ErrorCode::not_found, fmt::format("postgresql journal {} has no schema_version table", redacted_), "schema_version");
    int found = n.exec1("SELECT COALESCE(MAX(version), 0) FROM schema_version")[0].as<int>();
    if (auto s = check_schema_version(found, describe()); !s) return s;
    schema_version_ = found;
    return ok();
  });
}

Status PostgresJournal::migrate() {
  return guarded(redacted_, "migrating the schema", [&]() -> Status {
    int found = 0;
    {
      pqxx::work w(session_->connection);
      w.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
             " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
      bool has_journal = !w.exec1("SELECT to_regclass('journal') IS NULL")[0].as<bool>();
      found = w.exec1("SELECT COALESCE(MAX(version), 0) FROM schema_version")[0].as<int>();
      if (found == 0 && has_journal)
        return fail(ErrorCode::parse_error,
                    fmt::format("postgresql journal {} has a journal table but no schema_version rows: damaged or not a nightdesk journal", redacted_),
                    "schema_version");
      w.commit();
    }
    if (auto s = check_schema_version(found, describe()); !s) return s;
    for (const Migration& m : schema_migrations()) {
      if (m.version <= found) continue;
      pqxx::work w(session_->connection);
      w.exec(std::string(m.postgres_sql));
      w.exec(fmt::format("INSERT INTO schema_version (version, description) VALUES ({}, {})", m.version, literal(w, std::string(m.description))));
      w.commit();
    }
    schema_version_ = latest_schema_version();
    return ok();
  });
}

Status PostgresJournal::append(std::span<const JournalRecord> records) {
  if (reader_) return fail(ErrorCode::conflict, describe() + " was opened as a reader; only its owner appends", "journal");
  if (records.empty()) return ok();
  return guarded(redacted_, fmt::format("appending records {}..{}", records.front().sequence, records.back().sequence), [&]() -> Status {
    pqxx::work w(session_->connection);
    std::string sql;
    for (std::size_t start = 0; start < records.size(); start += kRowsPerStatement) {
      sql.assign("INSERT INTO journal (sequence, engine_time_ns, kind, entity_id, payload) VALUES ");
      std::size_t end = std::min(records.size(), start + kRowsPerStatement);
      for (std::size_t i = start; i < end; ++i) {
        const JournalRecord& r = records[i];
        if (i > start) sql += ',';
        sql += fmt::format("({},{},{},{},{})", r.sequence, to_unix_nanos(r.entry.engine_time), literal(w, r.entry.kind),
                           literal(w, r.entry.entity_id), literal(w, r.entry.payload));
      }
      w.exec(sql);
    }
    w.commit();
    return ok();
  });
}

Result<std::uint64_t> PostgresJournal::last_sequence() {
  return guarded(redacted_, "reading the last sequence", [&]() -> Result<std::uint64_t> {
    pqxx::nontransaction n(session_->connection);
    return static_cast<std::uint64_t>(n.exec1("SELECT COALESCE(MAX(sequence), 0) FROM journal")[0].as<long long>());
  });
}

Status PostgresJournal::read(std::uint64_t after, const RecordVisitor& visit) {
  return guarded(redacted_, "reading the journal", [&]() -> Status {
    std::uint64_t last = after;
    for (;;) {
      pqxx::result page;
      {
        pqxx::nontransaction n(session_->connection);
        page = n.exec(fmt::format("SELECT sequence, engine_time_ns, kind, entity_id, payload FROM journal WHERE sequence > {} "
                                  "ORDER BY sequence LIMIT {}",
                                  last, kRowsPerPage));
      }
      for (const auto& row : page) {
        JournalRecord r;
        r.sequence = static_cast<std::uint64_t>(row[0].as<long long>());
        r.entry.engine_time = from_unix_nanos(row[1].as<long long>());
        r.entry.kind = row[2].as<std::string>();
        r.entry.entity_id = row[3].as<std::string>();
        r.entry.payload = row[4].as<std::string>();
        last = r.sequence;
        if (auto s = visit(r); !s) return s;
      }
      if (page.size() < static_cast<std::size_t>(kRowsPerPage)) return ok();
    }
  });
}

}  // namespace nightdesk::store
