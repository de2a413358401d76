#include "engine/expiry_schedule.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace nightdesk::engine {

std::unique_ptr<ExpirySchedule> ExpirySchedule::create(EventLoop& loop, broker::PaperVenue& venue, const TradingCalendar& calendar) {
  std::unique_ptr<ExpirySchedule> schedule(new ExpirySchedule(loop, venue, calendar));
  ExpirySchedule* self = schedule.get();
  schedule->subscription_ = loop.bus().subscribe<market::QuoteEvent>([self](const market::QuoteEvent& e) { self->on_quote(e); });
  return schedule;
}

ExpirySchedule::~ExpirySchedule() {
  loop_.bus().unsubscribe(subscription_);
  for (const auto& [date, timer] : timers_) loop_.cancel(timer);
}

void ExpirySchedule::on_quote(const market::QuoteEvent& event) {
  if (!event.is_option()) {
    if (auto mark = event.quote.mark()) underlying_marks_.insert_or_assign(event.underlying, *mark);
    return;
  }
  if (event.expiry == last_seen_) return;
  last_seen_ = event.expiry;
  if (auto scheduled = schedule(event.expiry); !scheduled) spdlog::warn("expiry schedule: {}", scheduled.error().describe());
}

Status ExpirySchedule::schedule(Date expiry) {
  if (timers_.contains(expiry)) return ok();
  auto instant = calendar_.expiry_instant(expiry);
  if (!instant) return std::unexpected(instant.error());
  timers_[expiry] = loop_.schedule_at(*instant, [this, expiry] { settle(expiry); });
  return ok();
}

ExpiryProcessed ExpirySchedule::settle(Date expiry) {
  ExpiryProcessed processed{expiry, loop_.now(), 0, {}};
  auto settled = venue_.settle_expiry(expiry, underlying_marks_);
  if (settled) {
    processed.settlements = settled->size();
  } else {
    processed.error = settled.error().describe();
    spdlog::error("expiry {}: not settled: {}", format_date(expiry), processed.error);
  }
  loop_.bus().publish(processed);
  return processed;
}

}  // namespace nightdesk::engine
