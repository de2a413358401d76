#include "store/schema_migrations.h"

#include <array>

#include <fmt/format.h>

namespace nightdesk::store {
namespace {

// Never edit a released migration: add the next one. SQLite's INTEGER PRIMARY KEY is the 64-bit rowid.
constexpr std::array kMigrations{
    Migration{1, "journal table",
              "CREATE TABLE journal (sequence INTEGER PRIMARY KEY, engine_time_ns INTEGER NOT NULL, kind TEXT NOT NULL,"
              " entity_id TEXT NOT NULL, payload TEXT NOT NULL)",
              "CREATE TABLE journal (sequence BIGINT PRIMARY KEY, engine_time_ns BIGINT NOT NULL, kind TEXT NOT NULL,"
              " entity_id TEXT NOT NULL, payload TEXT NOT NULL)"},
    Migration{2, "journal index by entity (an order's history, a position's events)",
              "CREATE INDEX journal_by_entity ON journal (entity_id, sequence)",
              "CREATE INDEX journal_by_entity ON journal (entity_id, sequence)"},
};

}  // namespace

std::span<const Migration> schema_migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().version; }

Status check_schema_version(int found, std::string_view store) {
  if (found <= latest_schema_version()) return ok();
  return fail(ErrorCode::conflict,
              fmt::format("journal schema version {} in {} is newer than this binary understands (version {}); "
                          "run a newer nightdesk, or point store.url at another journal",
                          found, store, latest_schema_version()),
              "schema_version");
}

}  // namespace nightdesk::store
