// The live engine's quote source from the program's `market:` section: a synthetic market whose sessions start
// on a given New York date (none: no quotes at all). ClosedMarketSkip moves an accelerated clock over the
// hours without quotes (nights, weekends, holidays) so a demo does not sit through them. Wiring; the engine thread.
#pragma once

#include <memory>

#include "apps/program_config.h"
#include "common/accelerated_clock.h"
#include "common/trading_calendar.h"
#include "market/feed.h"

namespace nightdesk::apps {

// nullptr for source none. `calendar` must outlive the feed.
Result<std::unique_ptr<market::Feed>> open_live_market(const MarketSettings& settings, const TradingCalendar& calendar,
                                                       Date first_day);

// Passes another feed's quotes on; when the next quote is more than `max_idle` of engine time ahead of the
// clock, jumps the clock to `lead` before it (timers due in between then run at once, in order).
class ClosedMarketSkip final : public market::Feed {
 public:
  ClosedMarketSkip(std::unique_ptr<market::Feed> input, AcceleratedClock& clock, Nanoseconds max_idle, Nanoseconds lead)
      : input_(std::move(input)), clock_(clock), max_idle_(max_idle), lead_(lead) {}

  Result<bool> next(market::QuoteEvent& event) override;
  const market::LoadStats& stats() const override { return input_->stats(); }
  const std::string& name() const override { return input_->name(); }
  std::uint64_t jumps() const { return jumps_; }

 private:
  std::unique_ptr<market::Feed> input_;
  AcceleratedClock& clock_;
  Nanoseconds max_idle_;
  Nanoseconds lead_;
  std::uint64_t jumps_ = 0;
};

}  // namespace nightdesk::apps
