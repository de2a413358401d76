// Test-only: one engine "process" on a simulated loop (paper venue, a broker that records what reaches it,
// OrderManager, TradingDesk) over a journal URL, and its restart: a second DeskUnderTest on the same URL
// rebuilds from the journal. Engine thread = the test's thread.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/order_manager.h"
#include "engine/paper_venue_wiring.h"
#include "engine/trading_desk.h"
#include "store/desk_journal.h"
#include "store/desk_recovery.h"
#include "support/quote_event.h"

namespace nightdesk::store::testing {

inline Price dollars(double d) { return *Price::from_double(d, Rounding::nearest); }
inline const Timestamp kDeskStart = *parse_iso8601("2025-01-15T15:00:00Z");  // 10:00 New York, a Wednesday
inline const Date kDeskExpiry{std::chrono::year{2025}, std::chrono::February, std::chrono::day{21}};
inline market::Instrument spy_put(double strike) {
  return market::Instrument::option("SPY", kDeskExpiry, dollars(strike), OptionRight::put);
}

// What reaches the broker, in order ("submit o1", "cancel o1", ...), passed on to the paper venue (except
// replaces while hold_replaces: sent, but the "process" dies before the venue hears of them).
class RecordingBroker final : public broker::Broker {
 public:
  explicit RecordingBroker(broker::Broker& venue) : venue_(venue) {}
  Status submit(const execution::OrderRequest& r, execution::OrderHandle engine_order) override {
    calls.push_back("submit " + r.client_order_id.value());
    return venue_.submit(r, engine_order);
  }
  Status cancel(const execution::ClientOrderId& id) override {
    calls.push_back("cancel " + id.value());
    return venue_.cancel(id);
  }
  Status replace(const execution::ClientOrderId& id, const execution::ReplaceTerms& t) override {
    calls.push_back("replace " + id.value());
    if (hold_replaces) return ok();
    return venue_.replace(id, t);
  }
  Result<std::vector<broker::BrokerOrder>> open_orders() const override { return venue_.open_orders(); }
  Result<std::vector<broker::BrokerPosition>> positions() const override { return venue_.positions(); }
  void set_report_sink(broker::ReportSink sink) override { venue_.set_report_sink(std::move(sink)); }
  std::vector<std::string> calls;
  bool hold_replaces = false;

 private:
  broker::Broker& venue_;
};

class DeskUnderTest {
 public:
  // Builds the engine at `start`; recovers from `url` when `recover`, then attaches the journal.
  DeskUnderTest(const std::string& url, Timestamp start, bool wait_in_place, bool recover = true) : clock(start) {
    broker::PaperVenueConfig vc;
    vc.starting_cash = Money::from_units(1'000'000'0000);  // $1,000,000
    venue = *broker::PaperVenue::create(vc, loop);
    engine::wire_paper_venue(loop, *venue);
    broker = std::make_unique<RecordingBroker>(*venue);
    engine::OrderManagerConfig oc;
    oc.walk.slippage_budget.reset();
    oc.rate_limit.per_minute = 10'000;
    orders = *engine::OrderManager::create(oc, loop, *broker);
    engine::TradingDeskConfig dc;
    dc.id_seed = 1;
    auto d = engine::TradingDesk::create(dc, loop, *orders, [this] { return venue->ledger().cash; }, calendar());
    EXPECT_TRUE(d) << d.error().describe();
    desk = std::move(*d);
    loop.bus().subscribe<engine::Acknowledged>([this](const engine::Acknowledged& a) { acks.push_back(a); });
    DeskParts parts{loop, *orders, desk.get(), venue.get()};
    auto journal = open_journal(url);
    EXPECT_TRUE(journal) << journal.error().describe();
    if (!journal) return;  // the test fails on the expectation; nothing below has a journal to work on
    if (recover) {
      auto rebuilt = rebuild_desk(**journal, parts, desk.get());
      EXPECT_TRUE(rebuilt) << rebuilt.error().describe();
      if (rebuilt) report = std::move(*rebuilt);
      advance(0);  // the desk's follow-ups from the replayed fills
    }
    DeskJournalOptions options;
    options.wait_in_place = wait_in_place;
    auto attached = DeskJournal::attach(std::move(*journal), parts, options);
    EXPECT_TRUE(attached) << attached.error().describe();
    journal_ = std::move(*attached);
    if (recover) {
      EXPECT_TRUE(reconcile_desk(report, parts, desk.get()));
    }
  }

  static const TradingCalendar& calendar() {
    static const TradingCalendar c = *TradingCalendar::nyse();
    return c;
  }
  void quote(const market::Instrument& i, double bid, double ask) {
    loop.bus().publish(nightdesk::testing::quote_event(i, loop.now(), dollars(bid), dollars(ask), Quantity(10), Quantity(10)));
  }
  void advance(double seconds) {
    EXPECT_TRUE(loop.run_until(loop.now() + std::chrono::nanoseconds(static_cast<std::int64_t>(seconds * 1e9))));
  }
  // The market for 440/430 puts on SPY at 450 (locked quotes: an order at the mark is marketable).
  void market(double put440, double put430) {
    quote(market::Instrument::stock("SPY"), 450, 450);
    quote(spy_put(440), put440, put440);
    quote(spy_put(430), put430, put430);
  }
  execution::OrderRequest put_spread(const std::string& id, std::int64_t units, double credit) {
    execution::OrderRequest r;
    r.client_order_id = execution::ClientOrderId(id);
    r.legs = {execution::OrderLeg{spy_put(440), 1, execution::Side::sell}, execution::OrderLeg{spy_put(430), 1, execution::Side::buy}};
    r.quantity = Quantity(units);
    r.limit_price = dollars(-credit);
    r.strategy_tag = "test";
    return r;
  }
  // Sells `units` 440/430 put spreads ("o1") for 2.00 into a 5.00/3.00 market, where they fill; returns the
  // position's id (empty when the order was refused).
  std::string open_spreads(std::int64_t units) {
    market(5.00, 3.00);
    auto opened = send(put_spread("o1", units, 2.00));
    EXPECT_TRUE(opened) << opened.error().describe();
    if (!opened) return {};
    advance(1);
    return (*opened)->request.parent_position_id;
  }
  Result<const execution::Order*> send(execution::OrderRequest r) {
    return desk->submit(engine::ParentOrderRequest{std::move(r), engine::ExecutionStyle::direct});
  }
  DeskJournal& journal() { return *journal_; }
  // Ends the "process" without committing what is queued would need a kill; this commits and stops.
  void stop() { journal_.reset(); }

  SimulatedClock clock;
  engine::EventLoop loop = engine::EventLoop::simulated(clock);
  std::unique_ptr<broker::PaperVenue> venue;
  std::unique_ptr<RecordingBroker> broker;
  std::unique_ptr<engine::OrderManager> orders;
  std::unique_ptr<engine::TradingDesk> desk;
  std::vector<engine::Acknowledged> acks;
  RecoveryReport report;

 private:
  std::unique_ptr<DeskJournal> journal_;
};

// Every record of the journal at `url`, read as another process would.
inline std::vector<JournalRecord> journal_records(const std::string& url) {
  std::vector<JournalRecord> out;
  auto reader = open_journal(url, OpenMode::reader);
  EXPECT_TRUE(reader) << reader.error().describe();
  if (!reader) return out;
  Status read = (*reader)->read(0, [&](const JournalRecord& r) -> Status {
    out.push_back(r);
    return ok();
  });
  EXPECT_TRUE(read);
  return out;
}

inline std::size_t count_kind(const std::vector<JournalRecord>& records, std::string_view kind, std::string_view entity = {}) {
  std::size_t n = 0;
  for (const auto& r : records) n += r.entry.kind == kind && (entity.empty() || r.entry.entity_id == entity);
  return n;
}

}  // namespace nightdesk::store::testing
