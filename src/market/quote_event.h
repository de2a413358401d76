// QuoteEvent: one quote of one instrument as a feed delivers it (a row of a data file, a tick).
// Plain value; feeds reuse one event object to avoid allocating per row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/option_right.h"
#include "market/instrument.h"
#include "market/quote.h"

namespace nightdesk::market {

struct QuoteEvent {
  InstrumentKind kind = InstrumentKind::underlying;
  std::string underlying;
  Date expiry{};   // options only
  Price strike;    // options only
  OptionRight right = OptionRight::call;
  Quote quote;     // quote.time is the event's time
  // Optional fields a data source may carry; absent when the source did not say.
  std::optional<std::int64_t> volume;
  std::optional<std::int64_t> open_interest;
  std::optional<double> iv;     // implied volatility, annualized, 0.20 = 20%
  std::optional<double> delta;  // per share, call in [0, 1], put in [-1, 0]

  Timestamp time() const { return quote.time; }
  bool is_option() const { return kind == InstrumentKind::option; }
  Instrument instrument() const {
    return is_option() ? Instrument::option(underlying, expiry, strike, right) : Instrument::stock(underlying);
  }
};

}  // namespace nightdesk::market
