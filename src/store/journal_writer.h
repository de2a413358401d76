// JournalWriter: the journal's own thread. The engine appends entries to a bounded queue; the thread takes
// everything queued, commits it as one transaction (group commit: one fsync for the batch), numbers the
// records, and reports each entry's outcome through its completion, in append order, delivered by the
// CompletionPoster (the engine loop's post(), so the engine acknowledges an order or fill only after its
// commit). append/try_append/flush/stats from any thread; start/stop from the owner.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/error.h"
#include "store/journal_backend.h"
#include "store/journal_record.h"

namespace nightdesk::store {

// An entry's outcome: its sequence once committed, or why it was not (nothing of its batch is stored).
using AppendOutcome = Result<std::uint64_t>;
using Completion = std::function<void(const AppendOutcome&)>;
// Runs a batch's completions where the engine wants them, e.g. [&loop](auto f) { loop.post(std::move(f)); }.
// Empty: completions run on the writer thread.
using CompletionPoster = std::function<void(std::function<void()>)>;

struct JournalWriterOptions {
  std::size_t queue_capacity = 65'536;  // entries waiting; append() blocks and try_append() fails beyond it
  std::size_t max_batch = 16'384;       // entries per transaction; a longer queue commits in several
};

struct JournalWriterStats {
  std::uint64_t appended = 0;        // entries accepted into the queue
  std::uint64_t committed = 0;       // entries durably stored
  std::uint64_t failed = 0;          // entries whose batch failed to commit
  std::uint64_t batches = 0;         // transactions attempted
  std::uint64_t largest_batch = 0;
  std::uint64_t producer_waits = 0;  // append() calls that waited for queue space
  std::uint64_t last_sequence = 0;   // the highest committed sequence
};

class JournalWriter {
 public:
  // Takes the opened backend and starts the thread; numbering continues after the backend's last sequence.
  static Result<std::unique_ptr<JournalWriter>> start(std::unique_ptr<JournalBackend> backend, CompletionPoster poster = {},
                                                      JournalWriterOptions options = {});
  // Commits what is queued, then stops the thread (stop()).
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  // Queues `entry`; `done` later receives its outcome. Blocks while the queue is full (the engine must not
  // run ahead of its journal). Errors, with `done` never called: an unregistered kind (invalid_argument),
  // a stopped writer (unavailable).
  Status append(JournalEntry entry, Completion done);
  // As append(), but fails (unavailable) instead of waiting when the queue is full.
  Status try_append(JournalEntry entry, Completion done);
  // As append() for several entries that must commit together or not at all (one transaction): the legs
  // of one combo execution. `done` has one completion per entry (an empty function for none).
  Status append_group(std::vector<JournalEntry> entries, std::vector<Completion> done);
  // As append(), with the outcome as a future (tools and tests; the engine uses completions).
  std::future<AppendOutcome> append(JournalEntry entry);
  // Blocks until every entry appended before the call has been committed or has failed, and its
  // completion has been handed to the poster.
  void flush();
  // Commits what is queued, ends the thread and closes the store. Later appends fail. Idempotent.
  void stop();

  JournalWriterStats stats() const;

 private:
  struct Pending {
    JournalEntry entry;
    Completion done;
    std::uint32_t group_left = 0;  // entries after this one that must share its transaction
  };

  JournalWriter(std::unique_ptr<JournalBackend> backend, CompletionPoster poster, JournalWriterOptions options, std::uint64_t last);
  Status enqueue(JournalEntry&& entry, Completion&& done, bool wait_for_space);
  Status enqueue_all(std::vector<Pending>&& group, bool wait_for_space);
  void run();
  // Commits `batch` and hands its outcomes to the poster.
  void commit(std::vector<Pending>& batch);
  void deliver(std::vector<Pending>& batch, const Status& outcome, std::uint64_t first_sequence);
  // After a failed commit: whether the store holds the batch ending at `batch_last` anyway.
  bool committed_anyway(std::uint64_t batch_last);

  std::unique_ptr<JournalBackend> backend_;  // used by the writer thread only, once started
  CompletionPoster poster_;
  JournalWriterOptions options_;
  std::uint64_t next_sequence_;              // writer thread only

  mutable std::mutex mutex_;
  std::condition_variable work_ready_;   // the writer waits for entries or stop
  std::condition_variable space_ready_;  // producers wait for queue space
  std::condition_variable progress_;     // flush() waits for processed_ to advance
  std::deque<Pending> queue_;
  std::uint64_t enqueued_ = 0;           // entries ever queued (under mutex_)
  std::uint64_t processed_ = 0;          // entries committed or failed (under mutex_)
  bool stopping_ = false;

  std::atomic<std::uint64_t> committed_{0}, failed_{0}, batches_{0}, largest_batch_{0}, producer_waits_{0}, last_sequence_{0};
  std::thread thread_;
};

}  // namespace nightdesk::store
