#include "store/desk_journal.h"

#include <charconv>

#include <spdlog/spdlog.h>

#include "engine/desk_events.h"
#include "engine/management_changed.h"
#include "store/management_records.h"
#include "store/order_records.h"
#include "store/position_records.h"
#include "store/risk_records.h"
#include "store/venue_records.h"

namespace nightdesk::store {

std::optional<std::uint64_t> venue_id_number(std::string_view id, std::string_view prefix) {
  if (!id.starts_with(prefix)) return std::nullopt;
  std::uint64_t n = 0;
  auto digits = id.substr(prefix.size());
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return n;
}

Result<std::unique_ptr<DeskJournal>> DeskJournal::attach(std::unique_ptr<JournalBackend> journal, DeskParts parts,
                                                         DeskJournalOptions options) {
  std::unique_ptr<DeskJournal> self(new DeskJournal(parts, options));
  DeskJournal* raw = self.get();
  std::weak_ptr<bool> alive = self->alive_;
  engine::EventLoop& loop = parts.loop;
  auto writer = JournalWriter::start(
      std::move(journal),
      [raw, alive, &loop](std::function<void()> completions) {
        {
          std::lock_guard lock(raw->inbox_mutex_);  // the writer is stopped before *raw goes away
          raw->inbox_.push_back(std::move(completions));
        }
        loop.post([raw, alive] {
          if (!alive.expired()) raw->drain();
        });
      },
      options.writer);
  if (!writer) return std::unexpected(writer.error());
  self->writer_ = std::move(*writer);
  if (parts.venue) {
    broker::PaperVenueState state = parts.venue->state();
    self->venue_orders_seen_ = state.next_order_number - 1;
    self->venue_fills_seen_ = state.next_fill_number - 1;
  }
  if (parts.desk) {  // what recovery rebuilt came from the journal: only later history entries are new
    for (const auto& [id, position] : parts.desk->portfolio().positions()) self->management_journaled_[id] = position.history().size();
  }
  self->subscribe();
  parts.orders.set_durability(raw);
  return self;
}

DeskJournal::DeskJournal(DeskParts parts, DeskJournalOptions options) : parts_(parts), options_(options) {}

DeskJournal::~DeskJournal() {
  parts_.orders.set_durability(nullptr);
  for (auto id : subscriptions_) parts_.loop.bus().unsubscribe(id);
  if (writer_) writer_->stop();
  *alive_ = false;
}

void DeskJournal::subscribe() {
  engine::MessageBus& bus = parts_.loop.bus();
  subscriptions_.push_back(bus.subscribe<execution::OrderStateChanged>([this](const auto& e) { on_state_changed(e); }));
  subscriptions_.push_back(bus.subscribe<execution::OrderFilled>([this](const auto& e) { on_filled(e); }));
  subscriptions_.push_back(bus.subscribe<broker::ExpirySettlement>([this](const auto& e) { on_settlement(e); }));
  subscriptions_.push_back(bus.subscribe<risk::BreakerTransition>([this](const auto& t) { append(encode(t)); }));
  subscriptions_.push_back(bus.subscribe<engine::OrderRiskRefused>([this](const auto& r) { append(encode(risk_refusal(r))); }));
  // A roll completed or a level re-armed when the desk took an order's end: journal the decision now, not
  // with the position's next event (a kill before that would lose it, and recovery would think the roll is
  // still working).
  subscriptions_.push_back(
      bus.subscribe<engine::PositionOrderFinished>([this](const engine::PositionOrderFinished& f) { sync_management(f.position_id); }));
  subscriptions_.push_back(bus.subscribe<engine::ManagementChanged>([this](const engine::ManagementChanged& c) {
    append(encode(ManagementChangeRecord{c.position_id, c.change, c.who, c.time}));
    sync_management(c.position_id);  // its history entry (management_changed, handed_to_*) at once
  }));
  if (parts_.venue) subscriptions_.push_back(bus.subscribe<market::QuoteEvent>([this](const auto& q) { on_quote(q); }));
}

// ---- appending and completions ----

Completion DeskJournal::completion(std::function<void(std::uint64_t)> on_durable) {
  return [this, alive = std::weak_ptr<bool>(alive_), on_durable = std::move(on_durable)](const AppendOutcome& outcome) {
    if (!alive.expired()) completed(outcome, on_durable);
  };
}

void DeskJournal::append(JournalEntry entry, std::function<void(std::uint64_t)> on_durable) {
  if (failure_) return;  // a broken journal takes nothing more; the loop is stopping
  Status queued = writer_->append(std::move(entry), completion(std::move(on_durable)));
  if (!queued) return fail_with(queued.error());
  ++counts_.appended;
}

void DeskJournal::append_held(const execution::ClientOrderId& id) {
  auto it = held_.find(id);
  if (it == held_.end()) return;
  Held held = std::move(it->second);
  held_.erase(it);
  append_together(std::move(held));
}

void DeskJournal::append_together(Held held) {
  if (failure_) return;
  std::vector<Completion> done;
  for (auto& f : held.on_durable) done.push_back(completion(std::move(f)));
  const std::size_t n = held.entries.size();
  Status queued = writer_->append_group(std::move(held.entries), std::move(done));
  if (!queued) return fail_with(queued.error());
  counts_.appended += n;
}

namespace {

bool is_fill_event(execution::OrderEvent e) { return e == execution::OrderEvent::partial_fill || e == execution::OrderEvent::fill; }

// Every leg of a combo has filled the same number of units (ratio x units): no execution is half reported.
bool legs_balanced(const execution::Order& order) {
  if (order.request.legs.size() < 2) return true;
  std::optional<std::int64_t> units;
  for (std::size_t i = 0; i < order.request.legs.size(); ++i) {
    const std::int64_t ratio = std::max(1, order.request.legs[i].ratio);
    const std::int64_t filled = order.leg_fills[i].quantity().count();
    if (filled % ratio != 0 || (units && *units != filled / ratio)) return false;
    units = filled / ratio;
  }
  return true;
}

}  // namespace

void DeskJournal::completed(const AppendOutcome& outcome, const std::function<void(std::uint64_t)>& on_durable) {
  ++counts_.processed;
  if (!outcome) return fail_with(outcome.error());
  if (on_durable) on_durable(*outcome);
}

void DeskJournal::drain() {
  {
    std::lock_guard lock(inbox_mutex_);
    draining_.swap(inbox_);
  }
  for (auto& completions : draining_) completions();
  draining_.clear();
  run_waiting();
}

void DeskJournal::run_waiting() {
  while (!failure_ && !waiting_.empty() && waiting_.front().after <= counts_.processed) {
    auto then = std::move(waiting_.front().then);
    waiting_.pop_front();
    then();
  }
}

void DeskJournal::fail_with(const Error& error) {
  if (failure_) return;
  failure_ = error;
  spdlog::critical("journal failed, nothing more is sent to the broker and the engine stops: {}", error.describe());
  waiting_.clear();  // withheld: these requests were never acknowledged
  parts_.loop.request_stop();
}

void DeskJournal::when_durable(std::function<void()> then) {
  if (failure_) return;
  if (waiting_.empty() && counts_.processed == counts_.appended) return then();
  waiting_.push_back({counts_.appended, std::move(then)});
  if (options_.wait_in_place) (void)flush();
}

Status DeskJournal::flush() {
  writer_->flush();
  drain();
  if (failure_) return std::unexpected(*failure_);
  return ok();
}

// ---- what the bus tells ----

void DeskJournal::on_state_changed(const execution::OrderStateChanged& event) {
  const execution::Order* order = parts_.orders.find(event.client_order_id);
  const bool first = event.transition.from == execution::OrderState::new_order;
  // The decision that made an order (a ladder level fired, a stop, a roll step) is recorded before the
  // order exists: journal it first, so a restart that finds the order also finds why it was sent. (Only
  // then: a later transition may come while a combo's fills are held, and the history must not get ahead
  // of the fills that made the position.)
  if (first && order && !order->request.parent_position_id.empty()) sync_management(order->request.parent_position_id);
  OrderEventRecord record{event.client_order_id, event.order_id, event.transition, std::nullopt, std::nullopt};
  if (order && !order->history.empty() && order->history.back().event == event.transition.event &&
      order->history.back().engine_time == event.transition.engine_time) {
    if (auto latest = latest_order_event(*order)) record = std::move(*latest);
  }
  note_venue_ids(event.order_id, {});
  std::function<void(std::uint64_t)> ack;
  if (first) {
    ack = [this, id = event.client_order_id, time = event.transition.engine_time](std::uint64_t sequence) {
      ++counts_.acknowledged_orders;
      parts_.loop.bus().publish(engine::Acknowledged{engine::Acknowledged::What::order, id, {}, sequence, time});
    };
  }
  if (order && order->request.legs.size() > 1 && is_fill_event(event.transition.event)) {
    Held& held = held_[event.client_order_id];  // its OrderFilled follows and decides when the execution is whole
    held.entries.push_back(encode(record));
    held.on_durable.push_back(std::move(ack));
    return;
  }
  append_held(event.client_order_id);  // (nothing, unless a combo's execution was left incomplete)
  if (first && order) {
    // One transaction: a kill never leaves an order created without the transition that says what became
    // of it (its send waits for this commit, so a restart knows whether it may have gone out).
    Held created;
    created.entries.push_back(encode(OrderCreated{order->request, order->created_time}));
    created.on_durable.emplace_back();
    created.entries.push_back(encode(record));
    created.on_durable.push_back(std::move(ack));
    append_together(std::move(created));
  } else {
    append(encode(record), std::move(ack));
  }
  if (order && !order->request.parent_position_id.empty()) sync_management(order->request.parent_position_id);
}

void DeskJournal::on_filled(const execution::OrderFilled& event) {
  note_venue_ids(event.fill.order_id, event.fill.fill_id);
  auto ack = [this, id = event.fill.client_order_id, fill_id = event.fill.fill_id, time = event.fill.engine_time](std::uint64_t s) {
    ++counts_.acknowledged_fills;
    parts_.loop.bus().publish(engine::Acknowledged{engine::Acknowledged::What::fill, id, fill_id, s, time});
  };
  const execution::Order* order = parts_.orders.find(event.fill.client_order_id);
  // One transaction: the fill (a combo: its whole execution), the position it changed and the decisions
  // that change recorded, so a kill never leaves a journaled fill without its position.change.
  Held together;
  if (order && order->request.legs.size() > 1) {
    Held& held = held_[event.fill.client_order_id];
    held.entries.push_back(encode(event));
    held.on_durable.push_back(std::move(ack));
    if (!legs_balanced(*order)) return;  // the other legs' reports are on their way
    together = std::move(held);
    held_.erase(event.fill.client_order_id);
  } else {
    together.entries.push_back(encode(event));
    together.on_durable.push_back(std::move(ack));
  }
  if (order && !order->request.parent_position_id.empty()) {
    journal_position(order->request.parent_position_id, event.fill.engine_time, event.fill.fill_id, &together);
    sync_management(order->request.parent_position_id, &together);
  }
  append_together(std::move(together));
}

// A settlement moves the venue's books outside any order: snapshot them at once so recovery starts after it.
void DeskJournal::on_settlement(const broker::ExpirySettlement& settlement) {
  snapshot_venue();
  if (!parts_.desk) return;
  for (const auto& [id, position] : parts_.desk->portfolio().positions()) {
    if (position.underlying() != settlement.instrument.underlying) continue;
    journal_position(id, settlement.time, "settlement " + std::string(to_string(settlement.outcome)));
    sync_management(id);
  }
}

void DeskJournal::on_quote(const market::QuoteEvent& event) {
  const Timestamp now = event.quote.time;
  if (last_snapshot_ && now - *last_snapshot_ < options_.venue_snapshot_interval) return;
  if (!last_snapshot_) last_snapshot_ = now;  // the first one is due one interval after the first quote
  else snapshot_venue();
}

bool DeskJournal::snapshot_venue() {
  if (!parts_.venue) return false;
  broker::PaperVenueState state = parts_.venue->state();
  // Quiet: every fill the venue made has reached the engine (and so the journal, before this record). An
  // acceptance or cancel still on its way is settled by recovery's rules; a fill could not be.
  if (state.next_fill_number != venue_fills_seen_ + 1) return false;
  last_snapshot_ = parts_.loop.now();
  ++counts_.venue_snapshots;
  append(encode(VenueSnapshot{"paper", parts_.loop.now(), std::move(state)}));
  return true;
}

void DeskJournal::journal_position(const std::string& position_id, Timestamp time, std::string cause, Held* into) {
  if (!parts_.desk) return;
  const portfolio::Position* position = parts_.desk->portfolio().position(position_id);
  if (!position) return;
  append_to(encode(position_change(*position, time, std::move(cause))), into);
}

void DeskJournal::append_to(JournalEntry entry, Held* into) {
  if (!into) return append(std::move(entry));
  into->entries.push_back(std::move(entry));
  into->on_durable.emplace_back();
}

void DeskJournal::sync_management(const std::string& position_id, Held* into) {
  if (!parts_.desk) return;
  const portfolio::Position* position = parts_.desk->portfolio().position(position_id);
  if (!position) return;
  std::size_t& journaled = management_journaled_[position_id];
  const auto& history = position->history();
  for (; journaled < history.size(); ++journaled) append_to(encode(ManagementRecord{position_id, history[journaled]}), into);
}

void DeskJournal::note_venue_ids(const execution::OrderId& order_id, const std::string& fill_id) {
  if (auto n = venue_id_number(order_id.value(), "pv-"); n && *n > venue_orders_seen_) venue_orders_seen_ = *n;
  if (auto n = venue_id_number(fill_id, "pvf-"); n && *n > venue_fills_seen_) venue_fills_seen_ = *n;
}

}  // namespace nightdesk::store
