// DeskSession: one engine as the programs run it — a clock (simulated for backtests, real for live), the
// event loop, the paper venue wired to the bus, the OrderManager, the TradingDesk and the expiry schedule,
// built from nightdesk.yaml's settings in the order the wiring needs (venue first, so every handler sees
// quotes the venue already knows; the desk after the manager). `nightdesk backtest`, `run` and `demo`
// attach their strategies, journal and API to it. Engine thread only, except loop().post()/request_stop().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "broker/paper_venue.h"
#include "common/error.h"
#include "common/time.h"
#include "common/trading_calendar.h"
#include "engine/event_loop.h"
#include "engine/expiry_schedule.h"
#include "engine/nightdesk_config.h"
#include "engine/order_manager.h"
#include "engine/trading_desk.h"
#include "market/feed.h"

namespace nightdesk::engine {

struct DeskSessionOptions {
  NightdeskConfig config;
  bool simulated = true;                  // true: a SimulatedClock moved to each event; false: the wall clock
  Timestamp start{};                      // the simulated clock's start (it moves to the first quote)
  std::optional<std::uint64_t> id_seed;   // deterministic bot order ids (backtests)
  // Live (simulated == false) on this clock instead of the wall clock, e.g. the demo's accelerated clock;
  // it must outlive the session. nullptr: the wall clock.
  const Clock* live_clock = nullptr;
};

class DeskSession {
 public:
  // Errors: the calendar cannot be built (tz database), or a module refuses its configuration.
  static Result<std::unique_ptr<DeskSession>> create(DeskSessionOptions options);
  ~DeskSession();
  DeskSession(const DeskSession&) = delete;
  DeskSession& operator=(const DeskSession&) = delete;

  EventLoop& loop() { return loop_; }
  const Clock& clock() const;
  broker::PaperVenue& venue() { return *venue_; }
  OrderManager& orders() { return *orders_; }
  TradingDesk& desk() { return *desk_; }
  ExpirySchedule& expiries() { return *expiries_; }
  const TradingCalendar& calendar() const { return calendar_; }
  const NightdeskConfig& config() const { return config_; }

  // Every quote of `feed` through the loop, with timers and commands in time order (EventLoop::run).
  Status run(market::Feed& feed) { return loop_.run(feed); }

 private:
  DeskSession(NightdeskConfig config, TradingCalendar calendar, bool simulated, Timestamp start, const Clock* live_clock);
  Status wire(std::optional<std::uint64_t> id_seed);

  NightdeskConfig config_;
  TradingCalendar calendar_;
  std::optional<SimulatedClock> simulated_clock_;
  RealClock real_clock_;
  const Clock* live_clock_;
  EventLoop loop_;
  std::unique_ptr<broker::PaperVenue> venue_;
  std::unique_ptr<OrderManager> orders_;
  std::unique_ptr<TradingDesk> desk_;
  std::unique_ptr<ExpirySchedule> expiries_;
};

// The TradingDesk's settings from nightdesk.yaml (risk, management and desk sections).
TradingDeskConfig trading_desk_config(const NightdeskConfig& config);

}  // namespace nightdesk::engine
