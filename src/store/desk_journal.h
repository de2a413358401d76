// DeskJournal: the engine's journal. It listens on the loop's bus (order transitions, fills, position
// changes, management actions, risk refusals, breaker transitions) and appends each as a record through
// its JournalWriter; it snapshots the paper venue at quiet points; it is the engine's Durability (a request
// reaches the broker only after what came before it is committed) and publishes engine::Acknowledged once
// an order or fill is durable. The engine never calls the store: only this listens. Engine thread only.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "broker/paper_venue.h"
#include "common/error.h"
#include "engine/durability.h"
#include "engine/event_loop.h"
#include "engine/order_manager.h"
#include "engine/trading_desk.h"
#include "store/journal_writer.h"

namespace nightdesk::store {

struct DeskJournalOptions {
  // Backtests: when_durable() waits for the commit on the engine thread, so the simulated clock does not
  // move while a request waits and a replay stays deterministic. Live: requests wait without blocking.
  bool wait_in_place = false;
  // Engine time between paper-venue snapshots (taken at the first quiet quote after it is due).
  Nanoseconds venue_snapshot_interval = std::chrono::seconds(60);
  JournalWriterOptions writer;
};

// What the journal listens to. `desk` and `venue` may be null (no positions, no venue snapshots).
struct DeskParts {
  engine::EventLoop& loop;
  engine::OrderManager& orders;
  const engine::TradingDesk* desk = nullptr;
  broker::PaperVenue* venue = nullptr;
};

struct DeskJournalCounts {
  std::uint64_t appended = 0;   // records handed to the writer
  std::uint64_t processed = 0;  // of which the commit outcome came back
  std::uint64_t acknowledged_orders = 0, acknowledged_fills = 0;
  std::uint64_t venue_snapshots = 0;
};

class DeskJournal final : public engine::Durability {
 public:
  // Starts the writer on `journal`, subscribes to the bus and becomes `parts.orders`' durability. Attach it
  // after the desk (so a fill's position change is journaled after the desk booked it) and after recovery.
  static Result<std::unique_ptr<DeskJournal>> attach(std::unique_ptr<JournalBackend> journal, DeskParts parts,
                                                     DeskJournalOptions options = {});
  // Unsubscribes, detaches from the orders, commits what is queued and stops the writer.
  ~DeskJournal() override;
  DeskJournal(const DeskJournal&) = delete;
  DeskJournal& operator=(const DeskJournal&) = delete;

  void when_durable(std::function<void()> then) override;

  // Appends a venue snapshot when the venue is quiet (every fill it made has reached the engine, so the
  // snapshot holds no fill the journal lacks); false otherwise or without a venue.
  bool snapshot_venue();
  // Appends a record of something the bus does not carry (a recurring template's change), in order with the
  // engine's records.
  void append_record(JournalEntry entry) { append(std::move(entry)); }
  // Waits until every record appended so far is committed and runs their completions (acks, waiting
  // requests) here. Returns the journal's failure, if a commit failed.
  Status flush();
  // The first failed commit: after it nothing more is sent to the broker and the loop is asked to stop.
  const std::optional<Error>& failure() const { return failure_; }
  const DeskJournalCounts& counts() const { return counts_; }
  JournalWriterStats writer_stats() const { return writer_->stats(); }

 private:
  struct Waiting {
    std::uint64_t after;  // runs once `processed` reaches this
    std::function<void()> then;
  };

  explicit DeskJournal(DeskParts parts, DeskJournalOptions options);
  void subscribe();
  // Hands `entry` to the writer; `on_durable` (optional) runs on the engine thread with its sequence.
  void append(JournalEntry entry, std::function<void(std::uint64_t)> on_durable = {});
  struct Held;
  // Appends what `held_` holds for `id` as one transaction (a combo execution's leg fills).
  void append_held(const execution::ClientOrderId& id);
  // Appends `held`'s entries as one transaction, each with its completion.
  void append_together(Held held);
  Completion completion(std::function<void(std::uint64_t)> on_durable);
  void completed(const AppendOutcome& outcome, const std::function<void(std::uint64_t)>& on_durable);
  void drain();  // runs completions the writer handed back
  void run_waiting();
  void fail_with(const Error& error);

  void on_state_changed(const execution::OrderStateChanged& event);
  void on_filled(const execution::OrderFilled& event);
  void on_settlement(const broker::ExpirySettlement& settlement);
  void on_quote(const market::QuoteEvent& event);
  // Journals the position's new management actions (history entries not journaled yet), and the position as
  // it is now; with `into`, adds the records to that transaction instead.
  void sync_management(const std::string& position_id, Held* into = nullptr);
  void journal_position(const std::string& position_id, Timestamp time, std::string cause, Held* into = nullptr);
  // append(), or into that transaction (no completion of its own).
  void append_to(JournalEntry entry, Held* into);
  void note_venue_ids(const execution::OrderId& order_id, const std::string& fill_id);

  DeskParts parts_;
  DeskJournalOptions options_;
  std::unique_ptr<JournalWriter> writer_;
  std::vector<engine::SubscriptionId> subscriptions_;

  std::mutex inbox_mutex_;
  std::vector<std::function<void()>> inbox_;  // completions from the writer thread, run by drain()
  std::vector<std::function<void()>> draining_;

  DeskJournalCounts counts_;
  std::deque<Waiting> waiting_;
  std::optional<Error> failure_;
  // A combo executes all its legs at once but reports them one by one: its fill records wait here until
  // every leg has its share, then commit together, so a kill never leaves half an execution journaled.
  struct Held {
    std::vector<JournalEntry> entries;
    std::vector<std::function<void(std::uint64_t)>> on_durable;
  };
  std::map<execution::ClientOrderId, Held> held_;
  std::map<std::string, std::size_t, std::less<>> management_journaled_;  // per position: history entries journaled
  std::uint64_t venue_orders_seen_ = 0, venue_fills_seen_ = 0;             // highest "pv-N" / "pvf-N" the engine saw
  std::optional<Timestamp> last_snapshot_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// The number in a paper-venue id ("pv-12" with prefix "pv-" is 12); nullopt for another venue's id.
std::optional<std::uint64_t> venue_id_number(std::string_view id, std::string_view prefix);

}  // namespace nightdesk::store
