#include "store/journal_writer.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "store/journal_samples.h"
#include "store/store_fixture.h"

namespace nightdesk::store {
namespace {

using namespace testing;

// An in-memory back end the test can hold (to let appends pile up) and make fail.
struct GatedBackend final : JournalBackend {
  struct Shared {
    std::mutex mutex;
    std::condition_variable changed;
    bool hold = false;
    bool holding = false;         // an append is waiting at the gate
    int fail_next = 0;            // appends to fail
    bool commit_then_fail = false;  // store the batch, then report failure (a lost COMMIT answer)
    std::vector<std::size_t> batch_sizes;
    std::vector<JournalRecord> stored;
  };
  explicit GatedBackend(std::shared_ptr<Shared> s, std::uint64_t last = 0) : shared(std::move(s)), start(last) {}

  Status append(std::span<const JournalRecord> records) override {
    std::unique_lock lock(shared->mutex);
    shared->holding = true;
    shared->changed.notify_all();
    shared->changed.wait(lock, [&] { return !shared->hold; });
    shared->holding = false;
    shared->batch_sizes.push_back(records.size());
    if (shared->commit_then_fail) {
      shared->commit_then_fail = false;
      shared->stored.insert(shared->stored.end(), records.begin(), records.end());
      return fail(ErrorCode::unavailable, "connection lost during COMMIT");
    }
    if (shared->fail_next > 0) {
      --shared->fail_next;
      return fail(ErrorCode::io_error, "disk full");
    }
    shared->stored.insert(shared->stored.end(), records.begin(), records.end());
    return ok();
  }
  Result<std::uint64_t> last_sequence() override {
    std::lock_guard lock(shared->mutex);
    return shared->stored.empty() ? start : shared->stored.back().sequence;
  }
  Status read(std::uint64_t, const RecordVisitor&) override { return ok(); }
  int schema_version() const override { return 2; }
  std::string describe() const override { return "gated"; }

  std::shared_ptr<Shared> shared;
  std::uint64_t start;
};

JournalEntry entry(int i) { return JournalEntry{at_seconds(i), std::string(kinds::kFill), "ord-" + std::to_string(i), "{}"}; }

class JournalWriterTest : public ::testing::Test {
 protected:
  std::unique_ptr<JournalWriter> start_writer(CompletionPoster poster = {}, JournalWriterOptions options = {}, std::uint64_t last = 0) {
    auto writer = JournalWriter::start(std::make_unique<GatedBackend>(shared, last), std::move(poster), options);
    EXPECT_TRUE(writer);
    return std::move(*writer);
  }
  void hold() {
    std::lock_guard lock(shared->mutex);
    shared->hold = true;
  }
  void wait_until_holding() {
    std::unique_lock lock(shared->mutex);
    shared->changed.wait(lock, [&] { return shared->holding; });
  }
  void release() {
    {
      std::lock_guard lock(shared->mutex);
      shared->hold = false;
    }
    shared->changed.notify_all();
  }
  std::shared_ptr<GatedBackend::Shared> shared = std::make_shared<GatedBackend::Shared>();
};

TEST_F(JournalWriterTest, EntriesQueuedDuringACommit_AreCommittedTogetherInOneTransaction) {
  auto writer = start_writer();
  hold();
  ASSERT_TRUE(writer->append(entry(0), nullptr));
  wait_until_holding();  // the first batch (one entry) is in its commit
  for (int i = 1; i <= 500; ++i) ASSERT_TRUE(writer->append(entry(i), nullptr));
  release();
  writer->flush();
  EXPECT_EQ(shared->batch_sizes, (std::vector<std::size_t>{1, 500}));
  EXPECT_EQ(writer->stats().batches, 2u);
  EXPECT_EQ(writer->stats().largest_batch, 500u);
  EXPECT_EQ(writer->stats().committed, 501u);
}

TEST_F(JournalWriterTest, Group_IsNeverSplitAcrossTransactionsEvenPastMaxBatch) {
  JournalWriterOptions options;
  options.max_batch = 2;
  auto writer = start_writer({}, options);
  hold();
  ASSERT_TRUE(writer->append(entry(0), nullptr));
  wait_until_holding();
  ASSERT_TRUE(writer->append(entry(1), nullptr));
  ASSERT_TRUE(writer->append_group({entry(2), entry(3), entry(4)}, {nullptr, nullptr, nullptr}));  // a combo's three legs
  ASSERT_TRUE(writer->append(entry(5), nullptr));
  release();
  writer->flush();
  EXPECT_EQ(shared->batch_sizes, (std::vector<std::size_t>{1, 4, 1}));  // 1..4 together: the group is whole
}

TEST_F(JournalWriterTest, GroupWithoutACompletionPerEntry_IsRefused) {
  auto writer = start_writer();
  auto refused = writer->append_group({entry(1), entry(2)}, {nullptr});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
}

TEST_F(JournalWriterTest, Completions_ArriveInAppendOrderWithIncreasingSequences) {
  auto writer = start_writer({}, {}, /*last=*/41);
  std::mutex m;
  std::vector<std::uint64_t> seen;
  for (int i = 0; i < 2000; ++i)
    ASSERT_TRUE(writer->append(entry(i), [&](const AppendOutcome& o) {
      ASSERT_TRUE(o);
      std::lock_guard lock(m);
      seen.push_back(*o);
    }));
  writer->flush();
  ASSERT_EQ(seen.size(), 2000u);
  for (std::size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i], 42 + i);  // numbering continues after the store's last
  EXPECT_EQ(writer->stats().last_sequence, 2041u);
}

TEST_F(JournalWriterTest, Completions_AreHandedToThePosterNotRunOnTheWriterThread) {
  std::mutex m;
  std::vector<std::function<void()>> posted;
  auto writer = start_writer([&](std::function<void()> f) {
    std::lock_guard lock(m);
    posted.push_back(std::move(f));
  });
  bool acknowledged = false;
  ASSERT_TRUE(writer->append(entry(1), [&](const AppendOutcome& o) { acknowledged = o.has_value(); }));
  writer->flush();
  EXPECT_FALSE(acknowledged);  // nothing runs until the "engine thread" runs what was posted
  std::lock_guard lock(m);
  ASSERT_EQ(posted.size(), 1u);  // one post per batch
  posted[0]();
  EXPECT_TRUE(acknowledged);
}

TEST_F(JournalWriterTest, FailedCommit_IsDeliveredToEveryEntryOfTheBatchAndCounted) {
  auto writer = start_writer();
  shared->fail_next = 1;
  auto first = writer->append(entry(1));
  auto outcome = first.get();
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().message, "disk full");
  EXPECT_EQ(writer->stats().failed, 1u);
  // The writer keeps going; the failed entry's sequence is not skipped.
  auto second = writer->append(entry(2)).get();
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, 1u);
  EXPECT_EQ(writer->stats().committed, 1u);
}

TEST_F(JournalWriterTest, CommitThatFailedButLanded_IsAcknowledgedNotRewritten) {
  auto writer = start_writer();
  shared->commit_then_fail = true;
  auto outcome = writer->append(entry(1)).get();
  ASSERT_TRUE(outcome) << outcome.error().describe();
  EXPECT_EQ(*outcome, 1u);
  EXPECT_EQ(*writer->append(entry(2)).get(), 2u);
  EXPECT_EQ(shared->stored.size(), 2u);
  EXPECT_EQ(writer->stats().failed, 0u);
}

TEST_F(JournalWriterTest, UnregisteredKind_IsRefusedAtAppend) {
  auto writer = start_writer();
  JournalEntry e = entry(1);
  e.kind = "order.evnt";
  bool called = false;
  Status s = writer->append(e, [&](const AppendOutcome&) { called = true; });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(s.error().message.find("order.evnt"), std::string::npos);
  writer->flush();
  EXPECT_FALSE(called);
}

TEST_F(JournalWriterTest, FullQueue_TryAppendFailsAndAppendWaitsForSpace) {
  auto writer = start_writer({}, JournalWriterOptions{.queue_capacity = 4, .max_batch = 4});
  hold();
  ASSERT_TRUE(writer->append(entry(0), nullptr));
  wait_until_holding();
  for (int i = 1; i <= 4; ++i) ASSERT_TRUE(writer->try_append(entry(i), nullptr));
  Status full = writer->try_append(entry(5), nullptr);
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, ErrorCode::unavailable);
  std::thread producer([&] { EXPECT_TRUE(writer->append(entry(6), nullptr)); });
  release();
  producer.join();
  writer->flush();
  EXPECT_EQ(writer->stats().committed, 6u);
  EXPECT_LE(writer->stats().largest_batch, 4u);
}

TEST_F(JournalWriterTest, Stop_CommitsWhatIsQueuedThenRefusesAppends) {
  auto writer = start_writer();
  std::vector<std::future<AppendOutcome>> outcomes;
  for (int i = 0; i < 100; ++i) outcomes.push_back(writer->append(entry(i)));
  writer->stop();
  for (auto& f : outcomes) EXPECT_TRUE(f.get());
  Status late = writer->append(entry(101), nullptr);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::unavailable);
  EXPECT_EQ(shared->stored.size(), 100u);
}

TEST_F(JournalWriterTest, ManyProducerThreads_EveryEntryCommittedOnceWithUniqueSequences) {
  auto writer = start_writer();
  std::vector<std::thread> producers;
  for (int t = 0; t < 4; ++t)
    producers.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i) ASSERT_TRUE(writer->append(entry(t * 1000 + i), nullptr));
    });
  for (auto& p : producers) p.join();
  writer->flush();
  ASSERT_EQ(shared->stored.size(), 4000u);
  for (std::size_t i = 0; i < shared->stored.size(); ++i) ASSERT_EQ(shared->stored[i].sequence, i + 1);
}

class JournalWriterOnStoreTest : public ::testing::TestWithParam<std::string> {};

TEST_P(JournalWriterOnStoreTest, AppendedEntries_AreInTheStoreWhenCompletionsArrive) {
  FreshStore store(GetParam());
  auto backend = store.open();
  ASSERT_TRUE(backend) << backend.error().describe();
  auto writer = JournalWriter::start(std::move(*backend));
  ASSERT_TRUE(writer);
  std::vector<std::future<AppendOutcome>> outcomes;
  for (const JournalEntry& e : all_sample_entries()) outcomes.push_back((*writer)->append(e));
  for (auto& f : outcomes) ASSERT_TRUE(f.get());
  // A second connection sees every acknowledged record.
  auto reader = store.open_reader();
  ASSERT_TRUE(reader) << reader.error().describe();
  std::vector<JournalEntry> back;
  ASSERT_TRUE((*reader)->read(0, [&](const JournalRecord& r) -> Status {
    back.push_back(r.entry);
    return ok();
  }));
  EXPECT_EQ(back, all_sample_entries());
}

INSTANTIATE_TEST_SUITE_P(Backends, JournalWriterOnStoreTest, ::testing::Values("sqlite", "postgresql"), backend_name);

}  // namespace
}  // namespace nightdesk::store
