// PaperVenue: the embedded simulated broker. Fills orders against the latest quotes it is given
// (on_quote) under a configurable fill model, with latency through the engine's timers, fees, rejects,
// stop and stop-limit triggers, atomic combo fills and expiry settlement; keeps its own positions and
// cash. Engine thread only.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "broker/broker.h"
#include "broker/expiry_settlement.h"
#include "broker/fee_schedule.h"
#include "broker/fill_model.h"
#include "broker/instrument_key.h"
#include "broker/reject_reason.h"
#include "broker/venue_id_sequence.h"
#include "broker/venue_ledger.h"
#include "common/scheduler.h"
#include "common/tick_rule.h"
#include "common/trading_calendar.h"
#include "market/quote_event.h"
#include "market/seeded_random.h"

namespace nightdesk::broker {

struct PaperVenueConfig {
  FillModelConfig fills;
  FeeSchedule fees;
  Nanoseconds order_latency{0};   // submit/cancel/replace -> the venue acts on it
  Nanoseconds report_latency{0};  // the venue acts -> the report reaches the engine
  TickTable ticks = TickTable(TickRule::standard());  // option limit prices, per underlying
  Price stock_tick = Price::from_units(100);  // $0.01
  Price combo_tick = Price::from_units(100);  // a combo's net price: $0.01
  const TradingCalendar* calendar = nullptr;  // when set, orders outside the NYSE session are rejected
  Money starting_cash;

  Status validate() const;
};

// Everything the venue needs to resume: plain data, for the store to persist.
struct PaperVenueState {
  LedgerState ledger;
  std::vector<BrokerOrder> open_orders;  // in time priority
  std::uint64_t next_order_number = 1;
  std::uint64_t next_fill_number = 1;
  bool operator==(const PaperVenueState&) const = default;
};

class PaperVenue final : public Broker {
 public:
  // `scheduler` (the engine loop) must outlive the venue.
  static Result<std::unique_ptr<PaperVenue>> create(PaperVenueConfig config, Scheduler& scheduler);

  Status submit(const execution::OrderRequest& request, execution::OrderHandle engine_order) override;
  Status cancel(const execution::ClientOrderId& id) override;
  Status replace(const execution::ClientOrderId& id, const execution::ReplaceTerms& terms) override;
  Result<std::vector<BrokerOrder>> open_orders() const override;
  Result<std::vector<BrokerPosition>> positions() const override;
  void set_report_sink(ReportSink sink) override { sink_ = std::move(sink); }

  // A new quote: becomes the instrument's current quote and may fill resting orders on it.
  void on_quote(const market::QuoteEvent& event);

  // Settles every option position expiring on `expiry` against the price of its underlying in
  // `underlying_prices` (one price per underlying, so all legs of a spread settle alike) and expires open
  // orders in those contracts. Fails before changing anything when an underlying has no price.
  Result<std::vector<ExpirySettlement>> settle_expiry(Date expiry, const std::map<std::string, Price, std::less<>>& underlying_prices);
  // Called with each settlement as settle_expiry books it (journal, API push).
  void set_settlement_sink(std::function<void(const ExpirySettlement&)> sink) { settlement_sink_ = std::move(sink); }

  // Drops filled, cancelled, rejected and expired orders from memory (a long backtest would otherwise
  // keep every order). Afterwards their ids are unknown: a late cancel gets unknown_order and the id may
  // be used again. Call at a quiet point, e.g. each session close. Returns how many were dropped.
  std::size_t forget_closed_orders();

  const LedgerState& ledger() const { return ledger_.state(); }
  PaperVenueState state() const;
  // Replaces the venue's books and orders with `state` (quotes are not part of it: they come from the feed).
  // Refused (conflict) while a submit is on its way to the venue: its order would be dropped under it.
  Status restore(const PaperVenueState& state);

 private:
  struct QuoteBook;
  struct VenueOrder {
    execution::OrderRequest request;
    execution::OrderId order_id;
    execution::OrderHandle engine_order;  // echoed in its reports; empty for a restored order
    Quantity filled;  // units
    bool arrived = false;  // the venue has processed the submit (until then it is in flight)
    bool open = true;
    bool triggered = true;  // false for a stop or stop-limit order until the market reaches its stop price
    Timestamp next_draw{};  // probabilistic model: the next interval in which this order may draw
    // Its legs' books, found once when it arrives (a book lives as long as the venue), so matching on
    // each quote does not look them up again; null until then.
    std::array<QuoteBook*, execution::kMaxComboLegs> books{};

    // Becomes a fresh order for `req` (as if just made), keeping the buffers it holds.
    void renew(const execution::OrderRequest& req);
  };
  struct QuoteBook {
    market::Quote quote;
    bool quoted = false;  // a book may exist for resting orders restored before any quote came
    Quantity bid_left, ask_left;  // displayed size not yet taken by this venue's fills since the quote came
    std::vector<VenueOrder*> resting;  // open orders with a leg on this instrument, in time priority
  };
  // A fill of `units` units, leg i at leg_prices[i].
  struct Match {
    Quantity units;
    std::vector<Price> leg_prices;
  };

  // A request on its way to the venue: 16 bytes, so queueing one copies no string. A submit names its
  // order directly (no id copied, no lookup when it arrives): the order is a node of orders_, which stays
  // put until forgotten, and an order that has not arrived is never forgotten (restore refuses while
  // submits are in flight). A cancel's id and a replace's id and terms wait in their own queues
  // (cancels_in_flight_, replaces_in_flight_): all requests arrive in the order sent, so the oldest there
  // is this request's.
  struct InFlight {
    enum class Kind : std::uint8_t { submit, cancel, replace } kind;
    VenueOrder* order = nullptr;  // submit only
  };
  struct ReplaceInFlight {
    execution::ClientOrderId id;
    execution::ReplaceTerms terms;
  };

  PaperVenue(PaperVenueConfig config, Scheduler& scheduler);
  void send_to_venue(InFlight request);
  std::pair<VenueOrder*, bool> add_order(const execution::OrderRequest& request);
  void on_submit_arrives(VenueOrder& order);
  void expire_at_close(VenueOrder& order);
  void expire_day_order(const execution::ClientOrderId& id);
  const Session* open_session_now();
  void on_cancel_arrives(const execution::ClientOrderId& id);
  void on_replace_arrives(const execution::ClientOrderId& id, const execution::ReplaceTerms& terms);
  // Also finds the order's books (order.books) once the request is known to be well formed.
  std::optional<std::string> reject_reason(VenueOrder& order);
  std::optional<std::string> off_tick(const execution::OrderRequest& request, Price price, std::string_view what = "limit") const;
  // Tries to fill `order` now. `arriving`: the order just arrived or was replaced (marketable fills at the
  // model price); otherwise it rests (fills at its own limit once crossed, or by the probabilistic draw).
  void try_fill(VenueOrder& order, bool arriving);
  std::optional<Match> match(VenueOrder& order, bool arriving);
  bool stop_triggered(const VenueOrder& order) const;
  void execute(VenueOrder& order, const Match& match);
  // Marks the order done; the books drop it lazily on their next quote.
  void close(VenueOrder& order);
  void index_resting(VenueOrder& order);
  // Sends a report about `order` (its ids and engine handle, now, `reason`) and returns it: the caller may
  // still set its other fields (fill, replaced terms), as it is delivered from a timer, never from here.
  // Reports are records reused from a pool, so building one copies the ids into buffers already held.
  execution::ExecutionReport& report(execution::ExecutionReportKind kind, const VenueOrder& order, std::string_view reason = {});
  // The same about an id the venue may not know (no order id, no engine handle).
  execution::ExecutionReport& report(execution::ExecutionReportKind kind, const execution::ClientOrderId& id, std::string_view reason);
  execution::ExecutionReport& send_report(execution::ExecutionReportKind kind, const execution::ClientOrderId& id,
                                         const execution::OrderId& order_id, execution::OrderHandle engine_order, std::string_view reason);

  PaperVenueConfig config_;
  Scheduler& scheduler_;
  ReportSink sink_;
  std::function<void(const ExpirySettlement&)> settlement_sink_;
  VenueLedger ledger_;
  market::SeededRandom random_;
  // The venue's maps keep each key's hash in its node: libstdc++ does so only for a hash it deems slow or
  // one that may throw, and otherwise hashes the NEXT node's key again at every step of a lookup or
  // insert (to see where its bucket ends). Not being noexcept is what makes these store it.
  struct StoredIdHash {
    std::size_t operator()(const execution::ClientOrderId& id) const { return std::hash<execution::ClientOrderId>{}(id); }
  };
  struct StoredInstrumentKeyHash {
    using is_transparent = void;
    template <class Keyed>
    std::size_t operator()(const Keyed& k) const {
      return InstrumentKeyHash{}(k);
    }
  };
  using OrderMap = std::unordered_map<execution::ClientOrderId, VenueOrder, StoredIdHash>;

  std::unordered_map<InstrumentKey, QuoteBook, StoredInstrumentKeyHash, InstrumentKeyEqual> books_;
  OrderMap orders_;  // node-based: VenueOrder* stay valid
  // Forgotten orders' nodes, reused by submit() with their buffers (bounded: see kSpareOrders).
  std::vector<OrderMap::node_type> spare_orders_;
  // Every order held, in the order submitted (for state()); nodes of orders_ stay put, so a pointer is
  // enough and a submit copies no id here.
  std::vector<VenueOrder*> order_sequence_;
  // First in, first out over one reused vector: a deque of these large items would allocate and free a
  // block every item or two; this allocates only while the backlog grows past what it held before. The
  // slots behind the queue keep the items last taken from them (a taken string's slot keeps its buffer
  // when it was read with front() and pop()), and push assigns into them: an id copied in reuses it.
  template <class T>
  class Fifo {
   public:
    template <class U>
    void push(U&& item) {
      if (tail_ < items_.size()) {
        items_[tail_] = std::forward<U>(item);
      } else {
        items_.push_back(std::forward<U>(item));
      }
      ++tail_;
    }
    // The oldest item; the queue must not be empty. front() stays valid until pop() or push().
    const T& front() const { return items_[head_]; }
    T take() {
      T item = std::move(items_[head_]);
      pop();
      return item;
    }
    void pop() {
      if (++head_ == tail_) {
        head_ = tail_ = 0;
      } else if (head_ >= 64 && head_ * 2 >= tail_) {  // a backlog that never drains stays bounded
        // Swaps the waiting items to the front, so the slots behind keep their buffers too.
        std::rotate(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_), items_.begin() + static_cast<std::ptrdiff_t>(tail_));
        tail_ -= head_;
        head_ = 0;
      }
    }
    template <class Visit>
    void for_each(Visit visit) const {
      for (std::size_t i = head_; i < tail_; ++i) visit(items_[i]);
    }

   private:
    std::vector<T> items_;
    std::size_t head_ = 0;
    std::size_t tail_ = 0;  // items_[head_, tail_) wait; later slots are spare
  };
  Fifo<InFlight> in_flight_;                      // requests sent, not yet arrived
  Fifo<execution::ClientOrderId> day_orders_;     // day orders whose close timer has not fired, by close
  Timestamp last_day_close_{};
  std::optional<Session> open_session_;           // the last session found open (see open_session_now)
  Fifo<execution::ClientOrderId> cancels_in_flight_;
  Fifo<ReplaceInFlight> replaces_in_flight_;
  // Reports sent, not yet delivered. Each is a pooled record: delivery takes it out of the queue (so the
  // sink may send more reports meanwhile) and then returns it to spare_reports_ with its buffers.
  Fifo<std::unique_ptr<execution::ExecutionReport>> outbound_;
  std::vector<std::unique_ptr<execution::ExecutionReport>> spare_reports_;
  VenueIdSequence order_ids_{"pv-"};  // the venue's order ids
  VenueIdSequence fill_ids_{"pvf-"};  // its execution ids
};

}  // namespace nightdesk::broker
