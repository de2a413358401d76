// Test fixture for strategies on the real engine path: a simulated loop, the paper venue wired to its bus,
// an OrderManager, a TradingDesk and a StrategyHost, and a small scripted XYZ chain whose choices can be
// checked by hand. One thread.
//
// The chain (2025-01-15 10:00 New York, spot 100, every option quoted with IV 20%, so deltas come from BSM
// at r = 4%): expiry 2025-02-14 (30 DTE) strikes 85..115 step 2.5, and 2025-01-17 (2 DTE, outside 7..45).
// 2025-02-14 put deltas: 92.5 -0.075, 95 -0.164, 97.5 -0.299, 100 -0.466; call deltas: 100 0.534,
// 102.5 0.366, 105 0.223, 107.5 0.121, 110 0.058. Quotes are locked (bid = ask = the BSM price rounded to
// $0.05) so an order at the mid is marketable on the paper venue and fills at once.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>

#include "broker/paper_venue.h"
#include "engine/event_loop.h"
#include "engine/order_manager.h"
#include "engine/paper_venue_wiring.h"
#include "engine/trading_desk.h"
#include "strategy/strategy_host.h"
#include "support/quote_event.h"

namespace nightdesk::strategy::testing {

inline Price dollars(double v) { return *Price::from_double(v, Rounding::nearest); }
inline Date day(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }

inline const TradingCalendar& nyse() {
  static const TradingCalendar cal = *TradingCalendar::nyse();
  return cal;
}

inline const Timestamp kOpen = *parse_iso8601("2025-01-15T15:00:00Z");  // Wednesday 10:00 New York
inline const Date kFeb14 = day(2025, 2, 14);
inline const Date kJan17 = day(2025, 1, 17);

// Black-Scholes price with r = 4%, no dividend, IV 20%, spot `spot`, expiring 16:00 New York on `expiry`.
inline double bsm(double spot, double strike, OptionRight right, Date expiry, Timestamp now) {
  const double t = *nyse().years_to_expiry(now, expiry);
  const double v = 0.20, r = 0.04;
  const double d1 = (std::log(spot / strike) + (r + v * v / 2) * t) / (v * std::sqrt(t));
  const double d2 = d1 - v * std::sqrt(t);
  auto n = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
  return right == OptionRight::call ? spot * n(d1) - strike * std::exp(-r * t) * n(d2)
                                    : strike * std::exp(-r * t) * n(-d2) - spot * n(-d1);
}

// At least $0.05, on a $0.05 grid below $3 and a $0.10 grid from $3 (the venue's standard ticks).
inline double tick_price(double p) {
  const double step = p < 3 ? 0.05 : 0.10;
  return std::max(0.05, std::round(p / step) * step);
}

inline market::Instrument option(double strike, OptionRight right, Date expiry = kFeb14) {
  return market::Instrument::option("XYZ", expiry, dollars(strike), right);
}

class DeskFixture : public ::testing::Test {
 public:
  SimulatedClock clock{kOpen};
  engine::EventLoop loop = engine::EventLoop::simulated(clock);
  std::unique_ptr<broker::PaperVenue> venue;
  std::unique_ptr<engine::OrderManager> manager;
  std::unique_ptr<engine::TradingDesk> desk;
  std::unique_ptr<StrategyHost> host;
  std::int64_t open_interest = 5000;
  std::int64_t volume = 500;

  // Call once per test, first. Rolls and exits are off so a test sees only what its strategy does.
  void open(double starting_cash = 1'000'000, StrategyHostConfig host_config = {}) {
    broker::PaperVenueConfig venue_config;
    venue_config.starting_cash = *Money::from_double(starting_cash, Rounding::nearest);
    auto v = broker::PaperVenue::create(std::move(venue_config), loop);
    ASSERT_TRUE(v) << v.error().describe();
    venue = std::move(*v);
    engine::wire_paper_venue(loop, *venue);
    engine::OrderManagerConfig manager_config;
    manager_config.walk.slippage_budget.reset();
    manager_config.rate_limit.per_minute = 10'000;
    auto m = engine::OrderManager::create(std::move(manager_config), loop, *venue);
    ASSERT_TRUE(m) << m.error().describe();
    manager = std::move(*m);
    engine::TradingDeskConfig desk_config;
    desk_config.management.roll.enabled = false;
    desk_config.management.exits.stop_loss.enabled = false;
    desk_config.id_seed = 1;
    auto d = engine::TradingDesk::create(std::move(desk_config), loop, *manager, [this] { return venue->ledger().cash; }, nyse());
    ASSERT_TRUE(d) << d.error().describe();
    desk = std::move(*d);
    auto h = StrategyHost::create(loop, *desk, *manager, nyse(), host_config);
    ASSERT_TRUE(h) << h.error().describe();
    host = std::move(*h);
  }

  void quote(const market::Instrument& i, double bid, double ask) {
    market::QuoteEvent e = nightdesk::testing::quote_event(i, loop.now(), dollars(bid), dollars(ask), Quantity(50), Quantity(50));
    if (i.is_option()) {
      e.iv = 0.20;
      e.open_interest = open_interest;
      e.volume = volume;
    }
    loop.bus().publish(e);
  }
  void mark(const market::Instrument& i, double price) { quote(i, price, price); }
  // The price the chain quotes for an option now (locked at the rounded BSM price), unless overridden.
  double price_of(double strike, OptionRight right, Date expiry = kFeb14, double spot = 100) const {
    auto it = overrides.find({strike, right == OptionRight::call});
    if (it != overrides.end() && expiry == kFeb14) return it->second;
    return tick_price(bsm(spot, strike, right, expiry, kOpen));
  }
  // Every option of both expiries, then the underlying (whose quote is what strategies look on).
  void publish_chain(double spot = 100) {
    for (Date expiry : {kJan17, kFeb14})
      for (double k = 85; k <= 115; k += 2.5)
        for (OptionRight right : {OptionRight::call, OptionRight::put}) mark(option(k, right, expiry), price_of(k, right, expiry, spot));
    quote(market::Instrument::stock("XYZ"), spot - 0.01, spot + 0.01);
  }
  // Runs timers and follow-ups up to now + `minutes` of engine time.
  void advance_minutes(double minutes) {
    ASSERT_TRUE(loop.run_until(loop.now() + std::chrono::nanoseconds(static_cast<std::int64_t>(minutes * 60e9))));
  }
  void advance_to(std::string_view iso) { ASSERT_TRUE(loop.run_until(*parse_iso8601(iso))); }

  StrategyCounters counters(std::string_view name) {
    auto c = host->counters(name);
    EXPECT_TRUE(c) << c.error().describe();
    return c ? *c : StrategyCounters{};
  }
  const portfolio::Position* position(const std::string& id) { return desk->portfolio().position(id); }
  static std::int64_t held(const portfolio::Position& p, const market::Instrument& i) {
    const portfolio::PositionLeg* leg = p.leg(i);
    return leg == nullptr ? 0 : leg->quantity.count();
  }

  std::map<std::pair<double, bool>, double> overrides;  // (strike, is_call) -> locked price on 2025-02-14
};

}  // namespace nightdesk::strategy::testing
