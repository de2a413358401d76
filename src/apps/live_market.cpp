#include "apps/live_market.h"

#include "market/synthetic_market.h"

namespace nightdesk::apps {

Result<std::unique_ptr<market::Feed>> open_live_market(const MarketSettings& settings, const TradingCalendar& calendar,
                                                       Date first_day) {
  if (settings.source == MarketSettings::Source::none) return std::unique_ptr<market::Feed>();
  market::SyntheticConfig config;
  config.seed = settings.seed;
  config.underlying = settings.underlying;
  config.start = first_day;
  config.trading_days = settings.trading_days;
  config.snapshots_per_day = settings.snapshots_per_day;
  config.path.spot = settings.spot;
  auto feed = market::SyntheticFeed::create(std::move(config), calendar);
  if (!feed) return std::unexpected(feed.error());
  return std::unique_ptr<market::Feed>(std::move(*feed));
}

Result<bool> ClosedMarketSkip::next(market::QuoteEvent& event) {
  auto more = input_->next(event);
  if (!more || !*more) return more;
  if (event.time() - clock_.now() > max_idle_) {
    clock_.jump_to(event.time() - lead_);
    ++jumps_;
  }
  return true;
}

}  // namespace nightdesk::apps
