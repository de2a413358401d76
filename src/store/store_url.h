// StoreUrl: where the journal lives, read from the config's store URL: `sqlite:///abs/path/journal.db`
// (the default, in the data directory) or `postgresql://user@host:port/db?...` (libpq's URI syntax).
// Pure functions; any thread.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/error.h"

namespace nightdesk::store {

enum class StoreBackend { sqlite, postgresql };

struct StoreUrl {
  StoreBackend backend = StoreBackend::sqlite;
  std::filesystem::path sqlite_path;  // sqlite: absolute path of the database file
  std::string postgres_uri;           // postgresql: the URL as given, handed to libpq
  // The URL with any password replaced by "***": the only form that may be logged.
  std::string redacted;
};

// Errors (invalid_argument, field "store.url") name what is wrong: an empty URL, an unknown scheme, a
// relative or missing sqlite path, a postgresql URL without a host or database part.
Result<StoreUrl> parse_store_url(std::string_view url);

// "sqlite:///<data_dir>/journal.db": the journal's default home.
std::string default_store_url(const std::filesystem::path& data_dir);

// `url` with the password of its user-info and any `password=` parameter replaced by "***".
std::string redact_store_url(std::string_view url);

}  // namespace nightdesk::store
