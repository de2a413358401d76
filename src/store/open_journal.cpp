#include "store/journal_backend.h"
#include "store/postgres_journal.h"
#include "store/sqlite_journal.h"
#include "store/store_url.h"

namespace nightdesk::store {

Result<std::unique_ptr<JournalBackend>> open_journal(std::string_view url, OpenMode mode) {
  auto parsed = parse_store_url(url);
  if (!parsed) return std::unexpected(parsed.error());
  if (parsed->backend == StoreBackend::sqlite) {
    auto journal = SqliteJournal::open(parsed->sqlite_path, mode);
    if (!journal) return std::unexpected(journal.error());
    return std::unique_ptr<JournalBackend>(std::move(*journal));
  }
  auto journal = PostgresJournal::open(parsed->postgres_uri, parsed->redacted, mode);
  if (!journal) return std::unexpected(journal.error());
  return std::unique_ptr<JournalBackend>(std::move(*journal));
}

}  // namespace nightdesk::store
