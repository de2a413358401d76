// VectorFeed: a market::Feed over quote events held in memory, for engine and broker tests.
// One consumer thread.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "market/feed.h"

namespace nightdesk::testing {

class VectorFeed final : public market::Feed {
 public:
  explicit VectorFeed(std::vector<market::QuoteEvent> events) : events_(std::move(events)) {}
  Result<bool> next(market::QuoteEvent& event) override {
    if (next_ == events_.size()) return false;
    event = events_[next_++];
    ++stats_.events;
    return true;
  }
  const market::LoadStats& stats() const override { return stats_; }
  const std::string& name() const override { return name_; }

 private:
  std::vector<market::QuoteEvent> events_;
  std::size_t next_ = 0;
  market::LoadStats stats_;
  std::string name_ = "vector";
};

// An underlying quote of `symbol` at `time` (bid/ask in 1e-4 USD).
inline market::QuoteEvent stock_quote(std::string symbol, Timestamp time, std::int64_t bid, std::int64_t ask) {
  market::QuoteEvent e;
  e.kind = market::InstrumentKind::underlying;
  e.underlying = std::move(symbol);
  e.quote.time = time;
  e.quote.bid = Price::from_units(bid);
  e.quote.ask = Price::from_units(ask);
  e.quote.bid_size = Quantity(100);
  e.quote.ask_size = Quantity(100);
  return e;
}

}  // namespace nightdesk::testing
