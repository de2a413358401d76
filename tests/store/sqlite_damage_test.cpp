// A damaged or foreign SQLite file is refused with an error naming it; it is never silently replaced.
#include <gtest/gtest.h>

#include <fstream>

#include "store/journal_replay.h"
#include "store/journal_samples.h"
#include "store/order_records.h"
#include "store/sqlite_journal.h"
#include "store/store_fixture.h"

namespace nightdesk::store {
namespace {

using namespace testing;

void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

TEST(SqliteDamage, FileThatIsNotADatabase_IsRefusedNamingTheFile) {
  FreshStore store("sqlite");
  write_bytes(store.sqlite_path(), std::string(8192, 'x'));
  auto journal = store.open();
  ASSERT_FALSE(journal);
  EXPECT_EQ(journal.error().code, ErrorCode::parse_error) << journal.error().describe();
  EXPECT_NE(journal.error().message.find(store.sqlite_path().string()), std::string::npos);
  EXPECT_EQ(std::filesystem::file_size(store.sqlite_path()), 8192u);  // left as found
}

TEST(SqliteDamage, TruncatedDatabase_FailsOnOpenOrReadNeverCrashes) {
  FreshStore store("sqlite");
  {
    auto journal = store.open();
    ASSERT_TRUE(journal);
    std::vector<JournalRecord> records;
    for (int i = 1; i <= 3000; ++i) records.push_back({static_cast<std::uint64_t>(i), encode(sample_created())});
    ASSERT_TRUE((*journal)->append(records));
  }
  ASSERT_TRUE(store.exec("PRAGMA wal_checkpoint(TRUNCATE)"));
  auto size = std::filesystem::file_size(store.sqlite_path());
  ASSERT_GT(size, 100'000u);
  std::filesystem::resize_file(store.sqlite_path(), size / 2);
  auto journal = store.open();
  if (!journal) {
    EXPECT_NE(journal.error().message.find("journal.db"), std::string::npos);
    return;
  }
  std::size_t seen = 0;
  Status read = (*journal)->read(0, [&](const JournalRecord&) -> Status {
    ++seen;
    return ok();
  });
  ASSERT_FALSE(read) << "read " << seen << " records of a half-truncated file without noticing";
  EXPECT_EQ(read.error().code, ErrorCode::parse_error) << read.error().describe();
}

TEST(SqliteDamage, MissingDataDirectory_IsAnIoErrorNamingIt) {
  auto journal = open_journal("sqlite:///nonexistent-nightdesk-dir/journal.db");
  ASSERT_FALSE(journal);
  EXPECT_EQ(journal.error().code, ErrorCode::io_error);
  EXPECT_NE(journal.error().message.find("/nonexistent-nightdesk-dir"), std::string::npos);
}

TEST(SqliteDamage, RecordWithBrokenPayload_StopsReplayNamingItsSequence) {
  FreshStore store("sqlite");
  {
    auto journal = store.open();
    ASSERT_TRUE(journal);
    ASSERT_TRUE((*journal)->append(std::vector<JournalRecord>{{1, encode(sample_created())}, {2, encode(sample_filled())}}));
  }
  ASSERT_TRUE(store.exec("UPDATE journal SET payload = substr(payload, 1, 20) WHERE sequence = 2"));
  auto journal = store.open();
  ASSERT_TRUE(journal);
  auto replay = replay_journal(**journal, [](const JournalRecord& r) -> Status {
    if (r.entry.kind != kinds::kFill) return ok();
    auto fill = decode_fill(r.entry);
    if (!fill) return std::unexpected(fill.error());
    return ok();
  });
  ASSERT_FALSE(replay);
  EXPECT_NE(replay.error().message.find("record 2"), std::string::npos) << replay.error().message;
  EXPECT_EQ(replay.error().code, ErrorCode::parse_error);
}

TEST(SqliteDamage, RecordOfUnknownKind_StopsReplay) {
  FreshStore store("sqlite");
  ASSERT_TRUE(store.open());
  ASSERT_TRUE(store.exec("INSERT INTO journal VALUES (1, 0, 'position.change.v9', 'pos-1', '{}')"));
  auto journal = store.open();
  ASSERT_TRUE(journal);
  auto replay = replay_journal(**journal, [](const JournalRecord&) { return ok(); });
  ASSERT_FALSE(replay);
  EXPECT_NE(replay.error().message.find("position.change.v9"), std::string::npos);
}

TEST(SqliteDamage, ReaderOnAMissingFile_DoesNotCreateIt) {
  FreshStore store("sqlite");
  auto reader = store.open_reader();
  ASSERT_FALSE(reader);
  EXPECT_FALSE(std::filesystem::exists(store.sqlite_path()));
}

TEST(SqliteJournal, OpenedJournal_IsInWalModeWithFullSync) {
  FreshStore store("sqlite");
  auto journal = store.open();
  ASSERT_TRUE(journal);
  ASSERT_TRUE((*journal)->append(std::vector<JournalRecord>{{1, encode(sample_created())}}));
  EXPECT_TRUE(std::filesystem::exists(store.sqlite_path().string() + "-wal"));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(store.sqlite_path().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

}  // namespace
}  // namespace nightdesk::store
