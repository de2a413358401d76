// A two-sided quote event for an instrument, as a feed would deliver it: the test fixtures that drive the
// paper venue or the engine build their quotes here.
#pragma once

#include "common/fixed_point.h"
#include "common/time.h"
#include "market/instrument.h"
#include "market/quote_event.h"

namespace nightdesk::testing {

inline market::QuoteEvent quote_event(const market::Instrument& i, Timestamp time, Price bid, Price ask,
                                      Quantity bid_size, Quantity ask_size) {
  market::QuoteEvent e;
  e.kind = i.kind;
  e.underlying = i.underlying;
  e.expiry = i.expiry;
  e.strike = i.strike;
  e.right = i.right;
  e.quote.time = time;
  e.quote.bid = bid;
  e.quote.ask = ask;
  e.quote.bid_size = bid_size;
  e.quote.ask_size = ask_size;
  return e;
}

}  // namespace nightdesk::testing
