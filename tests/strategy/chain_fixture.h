// Test chains for the strategy tests: one synthetic SPY session (src/market/synthetic_market.h) and a small
// hand-made chain whose quotes are easy to add up by hand.
#pragma once

#include <gtest/gtest.h>

#include "market/chain_book.h"
#include "market/synthetic_market.h"
#include "strategy/build_context.h"

namespace nightdesk::strategy::testing {

inline const TradingCalendar& calendar() {
  static const TradingCalendar cal = *TradingCalendar::nyse();
  return cal;
}

inline Date ymd(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }
inline Price px(double v) { return *Price::from_double(v, Rounding::nearest); }

// The SPY chain at the end of the first synthetic session (2025-01-02 15:45 New York, spot near 450).
inline const market::OptionChain& synthetic_chain() {
  static const market::OptionChain chain = [] {
    market::SyntheticConfig config;
    config.trading_days = 1;
    auto feed = market::SyntheticFeed::create(config, calendar());
    market::ChainBook book;
    market::QuoteEvent e;
    while (*(*feed)->next(e)) book.apply(e);
    return *book.chain("SPY");
  }();
  return chain;
}

inline BuildContext context_at(Timestamp now) {
  BuildContext c;
  c.calendar = &calendar();
  c.now = now;
  c.pricing.rate = 0.04;
  c.pricing.dividend_yield = 0.013;
  return c;
}

inline BuildContext synthetic_context() { return context_at(synthetic_chain().as_of()); }

// XYZ at 100.00 on 2025-03-03 15:00 New York, one expiry 2025-03-21 with strikes 90..110 step 5 (no 112.5),
// plus 2025-04-17 with 95..105. Option quotes are one dollar wide around a round mid, no IV given.
inline market::OptionChain hand_chain() {
  market::OptionChain chain("XYZ");
  Timestamp t = *parse_iso8601("2025-03-03T20:00:00Z");
  market::QuoteEvent u;
  u.kind = market::InstrumentKind::underlying;
  u.underlying = "XYZ";
  u.quote = market::Quote{t, px(99.99), px(100.01), Quantity(100), Quantity(100), {}};
  chain.apply(u);
  auto add = [&](Date expiry, double strike, OptionRight right, double mid) {
    market::QuoteEvent e;
    e.kind = market::InstrumentKind::option;
    e.underlying = "XYZ";
    e.expiry = expiry;
    e.strike = px(strike);
    e.right = right;
    e.quote = market::Quote{t, px(mid - 0.05), px(mid + 0.05), Quantity(10), Quantity(10), {}};
    chain.apply(e);
  };
  // Calls 10.20 6.00 2.60 0.80 0.20; puts 0.20 0.80 2.60 6.00 10.20 (strikes 90 95 100 105 110).
  const double calls[] = {10.20, 6.00, 2.60, 0.80, 0.20};
  for (int i = 0; i < 5; ++i) {
    add(ymd(2025, 3, 21), 90 + 5 * i, OptionRight::call, calls[i]);
    add(ymd(2025, 3, 21), 90 + 5 * i, OptionRight::put, calls[4 - i]);
  }
  for (int i = 0; i < 3; ++i) {
    add(ymd(2025, 4, 17), 95 + 5 * i, OptionRight::call, 8.00 - 3 * i);
    add(ymd(2025, 4, 17), 95 + 5 * i, OptionRight::put, 2.00 + 3 * i);
  }
  return chain;
}

inline BuildContext hand_context() { return context_at(*parse_iso8601("2025-03-03T20:00:00Z")); }

}  // namespace nightdesk::strategy::testing
