// The journal's schema history: numbered migrations, each with its SQLite and PostgreSQL statements.
// Opening a store applies the ones it lacks, in order, each in its own transaction with its row in
// schema_version; a store at a newer version than this binary knows is refused. Constant data; any thread.
#pragma once

#include <span>
#include <string_view>

#include "common/error.h"

namespace nightdesk::store {

struct Migration {
  int version = 0;  // 1, 2, 3, ...: a store at version N has had migrations 1..N applied
  std::string_view description;
  std::string_view sqlite_sql;    // may hold several statements
  std::string_view postgres_sql;
};

std::span<const Migration> schema_migrations();
int latest_schema_version();

// ok when a store at `found` can be opened (and migrated forward) by this binary; conflict naming both
// versions and `store` when it is newer.
Status check_schema_version(int found, std::string_view store);

}  // namespace nightdesk::store
