// Test-only: a fresh journal store of either kind per test (a SQLite file in a temp dir, or a new database
// on the process's throwaway PostgreSQL server), and raw SQL against it to damage or age it on purpose.
#pragma once

#include <sqlite3.h>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include <memory>
#include <string>

#include "store/journal_backend.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace nightdesk::store::testing {

class FreshStore {
 public:
  // "sqlite" or "postgresql". A PostgreSQL server that cannot start is a test failure, not a skip.
  explicit FreshStore(const std::string& backend) : backend_(backend) {
    if (backend == "sqlite") {
      url_ = "sqlite://" + (dir_ / "journal.db").string();
      return;
    }
    std::string why;
    nightdesk::testing::PostgresServer* server = nightdesk::testing::shared_postgres(&why);
    if (!server) {
      ADD_FAILURE() << "cannot start PostgreSQL: " << why;
      return;
    }
    url_ = server->create_database("journal");
  }

  const std::string& url() const { return url_; }
  bool is_sqlite() const { return backend_ == "sqlite"; }
  std::filesystem::path sqlite_path() const { return dir_ / "journal.db"; }
  const nightdesk::testing::TempDir& dir() const { return dir_; }

  // Runs `sql` outside the store's code (one or more statements); false (and a logged reason) on failure.
  bool exec(const std::string& sql) const {
    if (is_sqlite()) {
      sqlite3* db = nullptr;
      if (sqlite3_open(sqlite_path().c_str(), &db) != SQLITE_OK) return false;
      char* message = nullptr;
      int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
      if (message) ::testing::Message() << message;
      sqlite3_free(message);
      sqlite3_close(db);
      return rc == SQLITE_OK;
    }
    try {
      pqxx::connection c(url_);
      pqxx::nontransaction n(c);
      n.exec(sql);
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }

  Result<std::unique_ptr<JournalBackend>> open() const { return open_journal(url_); }
  Result<std::unique_ptr<JournalBackend>> open_reader() const { return open_journal(url_, OpenMode::reader); }

 private:
  std::string backend_;
  nightdesk::testing::TempDir dir_;
  std::string url_;
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace nightdesk::store::testing
