// ExpirySchedule: settles the paper venue's expiring option positions automatically at 16:00
// America/New_York of each expiry date, on the engine clock. Every option quote's expiry date is
// scheduled once; underlying quotes give the settlement price (their mark: mid, else last trade), one
// price per underlying so every leg settles alike. The venue publishes each ExpirySettlement (see
// wire_paper_venue); this publishes one ExpiryProcessed per date. Engine thread only.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "broker/paper_venue.h"
#include "common/trading_calendar.h"
#include "engine/event_loop.h"

namespace nightdesk::engine {

// One expiry date processed: how many positions settled, or why none could (error non-empty).
struct ExpiryProcessed {
  Date expiry{};
  Timestamp time{};
  std::size_t settlements = 0;
  std::string error;
};

class ExpirySchedule {
 public:
  // Subscribes to quotes on `loop`'s bus. `loop`, `venue` and `calendar` must outlive it.
  static std::unique_ptr<ExpirySchedule> create(EventLoop& loop, broker::PaperVenue& venue, const TradingCalendar& calendar);
  ~ExpirySchedule();
  ExpirySchedule(const ExpirySchedule&) = delete;
  ExpirySchedule& operator=(const ExpirySchedule&) = delete;

  // Schedules settlement of `expiry` at its 16:00 New York instant (once per date; an instant already
  // past runs on the loop's next turn). Errors: the date is outside the calendar.
  Status schedule(Date expiry);
  std::size_t scheduled() const { return timers_.size(); }
  // Settles `expiry` now with the underlying prices known now.
  ExpiryProcessed settle(Date expiry);

 private:
  ExpirySchedule(EventLoop& loop, broker::PaperVenue& venue, const TradingCalendar& calendar)
      : loop_(loop), venue_(venue), calendar_(calendar) {}
  void on_quote(const market::QuoteEvent& event);

  EventLoop& loop_;
  broker::PaperVenue& venue_;
  const TradingCalendar& calendar_;
  std::map<Date, TimerId> timers_;
  Date last_seen_{};  // the expiry of the last option quote: quotes of one expiry come in runs
  std::map<std::string, Price, std::less<>> underlying_marks_;
  SubscriptionId subscription_;
};

}  // namespace nightdesk::engine
