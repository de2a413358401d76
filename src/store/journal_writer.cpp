#include "store/journal_writer.h"

#include <spdlog/spdlog.h>

#include "store/record_kind.h"

namespace nightdesk::store {

Result<std::unique_ptr<JournalWriter>> JournalWriter::start(std::unique_ptr<JournalBackend> backend, CompletionPoster poster,
                                                            JournalWriterOptions options) {
  if (!backend) return fail(ErrorCode::invalid_argument, "journal writer needs an open journal", "backend");
  if (options.queue_capacity == 0 || options.max_batch == 0)
    return fail(ErrorCode::invalid_argument, "queue_capacity and max_batch must be > 0", "options");
  auto last = backend->last_sequence();
  if (!last) return std::unexpected(last.error());
  std::unique_ptr<JournalWriter> writer(new JournalWriter(std::move(backend), std::move(poster), options, *last));
  writer->thread_ = std::thread([w = writer.get()] { w->run(); });
  return writer;
}

JournalWriter::JournalWriter(std::unique_ptr<JournalBackend> backend, CompletionPoster poster, JournalWriterOptions options,
                             std::uint64_t last)
    : backend_(std::move(backend)), poster_(std::move(poster)), options_(options), next_sequence_(last + 1) {
  last_sequence_.store(last);
}

JournalWriter::~JournalWriter() { stop(); }

void JournalWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  space_ready_.notify_all();
  if (thread_.joinable()) thread_.join();
  backend_.reset();  // closes the store: a stopped writer holds no lock (PostgreSQL) and no file
}

Status JournalWriter::append(JournalEntry entry, Completion done) { return enqueue(std::move(entry), std::move(done), true); }

Status JournalWriter::try_append(JournalEntry entry, Completion done) { return enqueue(std::move(entry), std::move(done), false); }

std::future<AppendOutcome> JournalWriter::append(JournalEntry entry) {
  auto promise = std::make_shared<std::promise<AppendOutcome>>();
  std::future<AppendOutcome> future = promise->get_future();
  Status queued = append(std::move(entry), [promise](const AppendOutcome& outcome) { promise->set_value(outcome); });
  if (!queued) promise->set_value(std::unexpected(queued.error()));
  return future;
}

Status JournalWriter::enqueue(JournalEntry&& entry, Completion&& done, bool wait_for_space) {
  std::vector<Pending> one;
  one.push_back(Pending{std::move(entry), std::move(done)});
  return enqueue_all(std::move(one), wait_for_space);
}

Status JournalWriter::append_group(std::vector<JournalEntry> entries, std::vector<Completion> done) {
  if (done.size() != entries.size()) return fail(ErrorCode::invalid_argument, "one completion per entry", "done");
  std::vector<Pending> group;
  for (std::size_t i = 0; i < entries.size(); ++i)
    group.push_back(Pending{std::move(entries[i]), std::move(done[i]), static_cast<std::uint32_t>(entries.size() - 1 - i)});
  return enqueue_all(std::move(group), true);
}

Status JournalWriter::enqueue_all(std::vector<Pending>&& group, bool wait_for_space) {
  if (group.empty()) return ok();
  for (const Pending& p : group)
    if (!find_record_kind(p.entry.kind))
      return fail(ErrorCode::invalid_argument, "unregistered journal record kind '" + p.entry.kind + "'", "kind");
  std::unique_lock lock(mutex_);
  // A group larger than the queue still goes in once the queue is empty (it is never split).
  auto has_space = [&] { return queue_.empty() || queue_.size() + group.size() <= options_.queue_capacity; };
  if (!stopping_ && !has_space()) {
    if (!wait_for_space)
      return fail(ErrorCode::unavailable, fmt::format("journal queue full ({} entries waiting)", queue_.size()), "journal");
    producer_waits_.fetch_add(1, std::memory_order_relaxed);
    space_ready_.wait(lock, [&] { return stopping_ || has_space(); });
  }
  if (stopping_) return fail(ErrorCode::unavailable, "journal writer is stopped", "journal");
  bool was_empty = queue_.empty();
  for (Pending& p : group) queue_.push_back(std::move(p));
  enqueued_ += group.size();
  lock.unlock();
  if (was_empty) work_ready_.notify_one();
  return ok();
}

void JournalWriter::flush() {
  std::unique_lock lock(mutex_);
  std::uint64_t target = enqueued_;
  progress_.wait(lock, [&] { return processed_ >= target; });
}

JournalWriterStats JournalWriter::stats() const {
  JournalWriterStats s;
  {
    std::lock_guard lock(mutex_);
    s.appended = enqueued_;
  }
  s.committed = committed_.load();
  s.failed = failed_.load();
  s.batches = batches_.load();
  s.largest_batch = largest_batch_.load();
  s.producer_waits = producer_waits_.load();
  s.last_sequence = last_sequence_.load();
  return s;
}

void JournalWriter::run() {
  std::vector<Pending> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is committed
      std::size_t n = std::min(queue_.size(), options_.max_batch);
      while (n < queue_.size() && queue_[n - 1].group_left > 0) ++n;  // a group commits whole
      batch.clear();
      for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    space_ready_.notify_all();
    const std::size_t taken = batch.size();
    commit(batch);  // hands the batch's completions on and leaves `batch` empty
    {
      std::lock_guard lock(mutex_);
      processed_ += taken;
    }
    progress_.notify_all();
  }
}

void JournalWriter::commit(std::vector<Pending>& batch) {
  std::vector<JournalRecord> records;
  records.reserve(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) records.push_back(JournalRecord{next_sequence_ + i, std::move(batch[i].entry)});
  batches_.fetch_add(1, std::memory_order_relaxed);
  if (batch.size() > largest_batch_.load(std::memory_order_relaxed)) largest_batch_.store(batch.size(), std::memory_order_relaxed);
  Status outcome = backend_->append(records);
  std::uint64_t first = next_sequence_;
  if (!outcome) {
    failed_.fetch_add(batch.size(), std::memory_order_relaxed);
    spdlog::error("journal commit of {} records ({}..{}) failed: {}", batch.size(), first, first + batch.size() - 1,
                  outcome.error().describe());
    if (committed_anyway(first + batch.size() - 1)) {
      failed_.fetch_sub(batch.size(), std::memory_order_relaxed);
      outcome = ok();
    }
  }
  if (outcome) {
    next_sequence_ = first + batch.size();
    committed_.fetch_add(batch.size(), std::memory_order_relaxed);
    last_sequence_.store(next_sequence_ - 1, std::memory_order_release);
  }
  deliver(batch, outcome, first);
}

// After a failed commit the store may still have committed it (a connection lost during COMMIT: "in
// doubt"). A transaction is all or nothing and this writer is the journal's only one (data-directory lock,
// PostgreSQL advisory lock), so the store holding `batch_last` means the batch is in. Any other surplus is
// skipped so a sequence is never reused.
bool JournalWriter::committed_anyway(std::uint64_t batch_last) {
  auto last = backend_->last_sequence();
  if (!last) {
    spdlog::error("journal: cannot read the last sequence after a failed commit: {}", last.error().describe());
    return false;
  }
  if (*last == batch_last) {
    spdlog::warn("journal: the failed commit is in the store after all (last sequence {}); acknowledging it", *last);
    return true;
  }
  if (*last >= next_sequence_) {
    spdlog::error("journal: store holds records up to {}, beyond this writer's {}; continuing after them", *last, next_sequence_ - 1);
    next_sequence_ = *last + 1;
    last_sequence_.store(*last, std::memory_order_release);
  }
  return false;
}

void JournalWriter::deliver(std::vector<Pending>& batch, const Status& outcome, std::uint64_t first_sequence) {
  auto run_completions = [completions = std::move(batch), outcome, first_sequence]() {
    for (std::size_t i = 0; i < completions.size(); ++i) {
      if (!completions[i].done) continue;
      if (outcome) completions[i].done(AppendOutcome(first_sequence + i));
      else completions[i].done(AppendOutcome(std::unexpected(outcome.error())));
    }
  };
  batch = {};
  try {
    if (poster_) poster_(std::move(run_completions));
    else run_completions();
  } catch (const std::exception& e) {
    spdlog::error("journal: a completion threw: {}", e.what());
  }
}

}  // namespace nightdesk::store
