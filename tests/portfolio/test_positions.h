// Test helpers for the portfolio tests: money and price literals, instruments and fills.
#pragma once

#include <string>

#include "common/time.h"
#include "portfolio/position.h"

namespace nightdesk::portfolio::testing {

inline Price px(const char* text) { return *Price::parse(text); }
inline Money usd(const char* text) { return *Money::parse(text); }
inline Date day(const char* text) { return *parse_date(text); }
inline Timestamp at(const char* text) { return *parse_iso8601(text); }

inline market::Instrument put(const char* expiry, const char* strike) {
  return market::Instrument::option("SPY", day(expiry), px(strike), OptionRight::put);
}
inline market::Instrument call(const char* expiry, const char* strike) {
  return market::Instrument::option("SPY", day(expiry), px(strike), OptionRight::call);
}

inline PositionFill fill(const market::Instrument& instrument, execution::Side side, std::int64_t qty, const char* price,
                         std::string id, const char* fees = "0") {
  return PositionFill{instrument, side, Quantity(qty), px(price), usd(fees), at("2025-01-06T15:00:00Z"), std::move(id)};
}

// A short put vertical: sell `qty` 440 puts at `short_px`, buy `qty` 430 puts at `long_px` (2025-01-17).
inline Position put_credit_spread(std::int64_t qty, const char* short_px, const char* long_px,
                                  PositionSource source = PositionSource::bot_managed) {
  Position p("pos-1", "SPY", source, at("2025-01-06T15:00:00Z"));
  (void)p.apply_fill(fill(put("2025-01-17", "440"), execution::Side::sell, qty, short_px, "f-short"));
  (void)p.apply_fill(fill(put("2025-01-17", "430"), execution::Side::buy, qty, long_px, "f-long"));
  return p;
}

inline void mark_spread(Position& p, const char* short_mark, const char* long_mark) {
  p.set_mark(put("2025-01-17", "440"), px(short_mark));
  p.set_mark(put("2025-01-17", "430"), px(long_mark));
}

}  // namespace nightdesk::portfolio::testing

namespace nightdesk::portfolio::testing {

// `qty` long 2025-01-17 460 calls bought at `price` (entry cost qty x price x 100).
inline Position long_calls(std::int64_t qty, const char* price, PositionSource source = PositionSource::bot_managed) {
  Position p("pos-2", "SPY", source, at("2025-01-06T15:00:00Z"));
  (void)p.apply_fill(fill(call("2025-01-17", "460"), execution::Side::buy, qty, price, "f-call"));
  return p;
}

inline void mark_calls(Position& p, const char* mark) { p.set_mark(call("2025-01-17", "460"), px(mark)); }

}  // namespace nightdesk::portfolio::testing
