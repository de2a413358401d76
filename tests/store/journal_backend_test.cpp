#include "store/journal_backend.h"

#include <gtest/gtest.h>

#include "store/journal_samples.h"
#include "store/order_records.h"
#include "store/schema_migrations.h"
#include "store/store_fixture.h"
#include "store/venue_records.h"

namespace nightdesk::store {
namespace {

using namespace testing;

std::vector<JournalRecord> numbered(const std::vector<JournalEntry>& entries, std::uint64_t first) {
  std::vector<JournalRecord> out;
  for (std::size_t i = 0; i < entries.size(); ++i) out.push_back(JournalRecord{first + i, entries[i]});
  return out;
}

std::vector<JournalRecord> read_all(JournalBackend& journal, std::uint64_t after = 0) {
  std::vector<JournalRecord> out;
  Status read = journal.read(after, [&](const JournalRecord& r) -> Status {
    out.push_back(r);
    return ok();
  });
  EXPECT_TRUE(read) << read.error().describe();
  return out;
}

JournalEntry plain_entry(int i) {
  return JournalEntry{at_seconds(i), std::string(kinds::kFill), "ord-" + std::to_string(i % 17), "{\"n\":" + std::to_string(i) + "}"};
}

class JournalBackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  FreshStore store{GetParam()};
};

TEST_P(JournalBackendTest, EveryRecordType_RoundTripsThroughTheStore) {
  auto journal = store.open();
  ASSERT_TRUE(journal) << journal.error().describe();
  std::vector<JournalRecord> written = numbered(all_sample_entries(), 1);
  ASSERT_TRUE((*journal)->append(written));
  std::vector<JournalRecord> back = read_all(**journal);
  ASSERT_EQ(back, written);
  // And each decodes to the value it was made from.
  for (const JournalRecord& r : back) {
    const std::string& kind = r.entry.kind;
    if (kind == kinds::kOrderCreated) {
      EXPECT_EQ(*decode_order_created(r.entry), sample_created());
    } else if (kind == kinds::kFill) {
      EXPECT_EQ(decode_fill(r.entry)->fill, sample_fill());
    } else if (kind == kinds::kVenueState) {
      EXPECT_EQ(*decode_venue_snapshot(r.entry), sample_venue());
    } else if (kind == kinds::kPositionChange) {
      EXPECT_EQ(*decode_position_change(r.entry), sample_position_change());
    } else if (kind == kinds::kManagementAction) {
      auto m = decode_management_action(r.entry);
      ASSERT_TRUE(m);
      EXPECT_TRUE(*m == sample_management() || *m == sample_roll_management());
    } else if (kind == kinds::kRiskRefused) {
      EXPECT_EQ(*decode_risk_refusal(r.entry), sample_refusal());
    } else if (kind == kinds::kBreakerTransition) {
      EXPECT_TRUE(same_transition(*decode_breaker_transition(r.entry), sample_breaker()));
    }
    if (kind == kinds::kOrderEvent) {
      auto e = decode_order_event(r.entry);
      ASSERT_TRUE(e);
      EXPECT_TRUE(*e == sample_replace_event() || *e == sample_fill_event());
    }
  }
}

TEST_P(JournalBackendTest, ReopenedStore_KeepsRecordsAndLastSequence) {
  {
    auto journal = store.open();
    ASSERT_TRUE(journal) << journal.error().describe();
    EXPECT_EQ(*(*journal)->last_sequence(), 0u);
    ASSERT_TRUE((*journal)->append(numbered({plain_entry(1), plain_entry(2)}, 1)));
  }
  auto again = store.open();
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ(*(*again)->last_sequence(), 2u);
  EXPECT_EQ((*again)->schema_version(), latest_schema_version());
  EXPECT_EQ(read_all(**again).size(), 2u);
}

TEST_P(JournalBackendTest, ReusedSequence_IsAConflictAndStoresNothingOfItsBatch) {
  auto journal = store.open();
  ASSERT_TRUE(journal);
  ASSERT_TRUE((*journal)->append(numbered({plain_entry(1)}, 1)));
  Status clash = (*journal)->append(numbered({plain_entry(2), plain_entry(3)}, 1));  // 1 again, then 2
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, ErrorCode::conflict) << clash.error().describe();
  EXPECT_EQ(read_all(**journal).size(), 1u);
  EXPECT_TRUE((*journal)->append(numbered({plain_entry(2)}, 2)));  // the store still works afterwards
}

TEST_P(JournalBackendTest, ReadAfterASequence_StartsAfterIt) {
  auto journal = store.open();
  ASSERT_TRUE(journal);
  ASSERT_TRUE((*journal)->append(numbered({plain_entry(1), plain_entry(2), plain_entry(3)}, 1)));
  auto tail = read_all(**journal, 2);
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(tail[0].sequence, 3u);
}

TEST_P(JournalBackendTest, ManyRecords_ReadBackInOrderAcrossPages) {
  auto journal = store.open();
  ASSERT_TRUE(journal);
  std::vector<JournalEntry> entries;
  for (int i = 0; i < 12'001; ++i) entries.push_back(plain_entry(i));
  ASSERT_TRUE((*journal)->append(numbered(entries, 1)));
  auto back = read_all(**journal);
  ASSERT_EQ(back.size(), entries.size());
  for (std::size_t i = 0; i < back.size(); ++i) ASSERT_EQ(back[i].sequence, i + 1);
  EXPECT_EQ(back.back().entry, entries.back());
}

TEST_P(JournalBackendTest, VisitorError_StopsTheReadAndIsReturned) {
  auto journal = store.open();
  ASSERT_TRUE(journal);
  ASSERT_TRUE((*journal)->append(numbered({plain_entry(1), plain_entry(2), plain_entry(3)}, 1)));
  int seen = 0;
  Status read = (*journal)->read(0, [&](const JournalRecord&) -> Status {
    if (++seen == 2) return fail(ErrorCode::conflict, "stop here");
    return ok();
  });
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().message, "stop here");
  EXPECT_EQ(seen, 2);
}

TEST_P(JournalBackendTest, NewerSchema_IsRefusedNamingBothVersions) {
  ASSERT_TRUE(store.open());
  ASSERT_TRUE(store.exec("INSERT INTO schema_version (version, description) VALUES (99, 'from the future')"));
  auto journal = store.open();
  ASSERT_FALSE(journal);
  EXPECT_EQ(journal.error().code, ErrorCode::conflict);
  EXPECT_NE(journal.error().message.find("version 99"), std::string::npos) << journal.error().message;
  EXPECT_NE(journal.error().message.find("(version " + std::to_string(latest_schema_version()) + ")"), std::string::npos)
      << journal.error().message;
}

TEST_P(JournalBackendTest, VersionOneStore_IsMigratedForwardKeepingItsRecords) {
  const Migration& v1 = schema_migrations().front();
  ASSERT_TRUE(store.exec("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT)"));
  ASSERT_TRUE(store.exec(std::string(store.is_sqlite() ? v1.sqlite_sql : v1.postgres_sql)));
  ASSERT_TRUE(store.exec("INSERT INTO schema_version (version, description) VALUES (1, 'journal table')"));
  ASSERT_TRUE(store.exec("INSERT INTO journal VALUES (1, 5, 'fill', 'ord-1', '{}')"));
  auto journal = store.open();
  ASSERT_TRUE(journal) << journal.error().describe();
  EXPECT_EQ((*journal)->schema_version(), latest_schema_version());
  auto back = read_all(**journal);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].entry.entity_id, "ord-1");
  // Migration 2's index now exists: creating it again fails.
  EXPECT_FALSE(store.exec("CREATE INDEX journal_by_entity ON journal (entity_id)"));
}

TEST_P(JournalBackendTest, JournalTableWithoutSchemaVersion_IsRefusedAsDamaged) {
  const Migration& v1 = schema_migrations().front();
  ASSERT_TRUE(store.exec(std::string(store.is_sqlite() ? v1.sqlite_sql : v1.postgres_sql)));
  auto journal = store.open();
  ASSERT_FALSE(journal);
  EXPECT_EQ(journal.error().code, ErrorCode::parse_error);
  EXPECT_NE(journal.error().message.find("no schema_version"), std::string::npos) << journal.error().message;
}

TEST_P(JournalBackendTest, Reader_SeesCommittedRecordsButCannotAppend) {
  auto owner = store.open();
  ASSERT_TRUE(owner);
  ASSERT_TRUE((*owner)->append(numbered({plain_entry(1)}, 1)));
  auto reader = store.open_reader();
  ASSERT_TRUE(reader) << reader.error().describe();
  EXPECT_EQ(read_all(**reader).size(), 1u);
  Status refused = (*reader)->append(numbered({plain_entry(2)}, 2));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);
}

INSTANTIATE_TEST_SUITE_P(Backends, JournalBackendTest, ::testing::Values("sqlite", "postgresql"), backend_name);

}  // namespace
}  // namespace nightdesk::store
