// A synthetic SPY option chain (src/market/synthetic_market.h) as it stood at the end of one session,
// for roll and Greeks tests. Deterministic: same seed, same chain.
#pragma once

#include "common/trading_calendar.h"
#include "market/chain_book.h"
#include "market/synthetic_market.h"

namespace nightdesk::portfolio::testing {

inline const TradingCalendar& nyse_calendar() {
  static const TradingCalendar calendar = *TradingCalendar::nyse();
  return calendar;
}

// The chain of the session on `session` (spot about 450 at the start; one end-of-day snapshot).
inline market::OptionChain synthetic_chain(Date session, std::uint64_t seed = 7) {
  market::SyntheticConfig config;
  config.seed = seed;
  config.start = session;
  config.trading_days = 1;
  auto feed = market::SyntheticFeed::create(config, nyse_calendar());
  market::ChainBook book;
  market::QuoteEvent event;
  while (*(*feed)->next(event)) book.apply(event);
  return *book.chain("SPY");
}

}  // namespace nightdesk::portfolio::testing
