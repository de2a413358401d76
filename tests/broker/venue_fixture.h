// Test fixture for the paper venue: a simulated loop, a venue, helpers for quotes and orders, and the
// reports the venue sent in order. One test thread.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "broker/paper_venue.h"
#include "common/trading_calendar.h"
#include "engine/event_loop.h"
#include "support/quote_event.h"

namespace nightdesk::broker::testing {

using execution::ExecutionReport;
using execution::ExecutionReportKind;
using execution::OrderRequest;
using execution::Side;

inline Price px(double dollars) { return *Price::from_double(dollars, Rounding::nearest); }
inline Money usd(double dollars) { return *Money::from_double(dollars, Rounding::nearest); }

// 2025-01-15 15:00Z: a Wednesday, inside the NYSE session (10:00 New York).
inline const Timestamp kStart = *parse_iso8601("2025-01-15T15:00:00Z");
inline const Date kExpiry{std::chrono::year{2025}, std::chrono::January, std::chrono::day{17}};

inline market::Instrument call(double strike, std::string underlying = "SPY") {
  return market::Instrument::option(std::move(underlying), kExpiry, px(strike), OptionRight::call);
}
inline market::Instrument put(double strike, std::string underlying = "SPY") {
  return market::Instrument::option(std::move(underlying), kExpiry, px(strike), OptionRight::put);
}

inline PaperVenueConfig with_model(FillModel model) {
  PaperVenueConfig c;
  c.fills.model = model;
  return c;
}
inline PaperVenueConfig with_latency(Nanoseconds order, Nanoseconds report = Nanoseconds{0}) {
  PaperVenueConfig c;
  c.order_latency = order;
  c.report_latency = report;
  return c;
}

class VenueTest : public ::testing::Test {
 public:  // helpers are shared with free functions in the tests
  SimulatedClock clock{kStart};
  engine::EventLoop loop = engine::EventLoop::simulated(clock);
  std::unique_ptr<PaperVenue> venue;
  std::vector<ExecutionReport> reports;
  int next_id = 1;

  void make_venue() { make_venue(PaperVenueConfig()); }
  void make_venue(PaperVenueConfig config) {
    auto v = PaperVenue::create(std::move(config), loop);
    ASSERT_TRUE(v) << v.error().describe();
    venue = std::move(*v);
    venue->set_report_sink([this](const ExecutionReport& r) { reports.push_back(r); });
  }
  // A venue that follows the NYSE calendar: sessions, market_closed rejects, day orders expiring at the close.
  void make_venue_with_nyse_calendar() {
    static const Result<TradingCalendar> nyse = TradingCalendar::nyse();
    ASSERT_TRUE(nyse) << nyse.error().describe();
    PaperVenueConfig c;
    c.calendar = &*nyse;
    make_venue(c);
  }
  void SetUp() override { make_venue(); }

  void quote(const market::Instrument& i, double bid, double ask, std::int64_t bid_size = 10, std::int64_t ask_size = 10) {
    venue->on_quote(nightdesk::testing::quote_event(i, loop.now(), px(bid), px(ask), Quantity(bid_size), Quantity(ask_size)));
  }
  OrderRequest limit(const market::Instrument& i, Side side, std::int64_t qty, double limit_price) {
    OrderRequest r;
    r.client_order_id = execution::ClientOrderId("c" + std::to_string(next_id++));
    r.legs = {execution::OrderLeg{i, 1, side}};
    r.quantity = Quantity(qty);
    r.limit_price = px(limit_price);
    return r;
  }
  OrderRequest combo(std::vector<execution::OrderLeg> legs, std::int64_t qty, double net) {
    OrderRequest r;
    r.client_order_id = execution::ClientOrderId("c" + std::to_string(next_id++));
    r.legs = std::move(legs);
    r.quantity = Quantity(qty);
    r.limit_price = px(net);
    return r;
  }
  void send(const OrderRequest& r) { ASSERT_TRUE(venue->submit(r, {})); }
  // Runs every timer due up to now + `ms` milliseconds.
  void run(int ms = 0) { ASSERT_TRUE(loop.run_until(loop.now() + std::chrono::milliseconds(ms))); }

  std::vector<ExecutionReport> of_kind(ExecutionReportKind kind) const {
    std::vector<ExecutionReport> out;
    for (const auto& r : reports)
      if (r.kind == kind) out.push_back(r);
    return out;
  }
  std::vector<execution::Fill> fills() const {
    std::vector<execution::Fill> out;
    for (const auto& r : reports)
      if (r.fill) out.push_back(*r.fill);
    return out;
  }
  Quantity position(const market::Instrument& i) const {
    const auto* p = [&]() -> const BrokerPosition* {
      for (const auto& pos : venue->ledger().positions)
        if (InstrumentKey::of(pos.instrument) == InstrumentKey::of(i)) return &pos;
      return nullptr;
    }();
    return p == nullptr ? Quantity{} : p->quantity;
  }
};

}  // namespace nightdesk::broker::testing
