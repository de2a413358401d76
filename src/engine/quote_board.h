// QuoteBoard: the latest quote of every instrument the engine has seen, and the net quote of an order's
// legs built from them (what a walk anchors on and quality is measured against). Engine thread only.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "broker/instrument_key.h"
#include "common/error.h"
#include "execution/net_quote.h"
#include "execution/order_request.h"
#include "market/quote_event.h"

namespace nightdesk::engine {

class QuoteBoard {
 public:
  void on_quote(const market::QuoteEvent& event);

  // The latest quote of `instrument`; nullptr when none came yet. A quote stays at the address returned
  // (later quotes overwrite it in place) for the board's life, so a caller may keep the pointer.
  const market::Quote* find(const market::Instrument& instrument) const;
  // The net quote of `request`'s legs from their latest quotes. Errors: not_found when a leg was never
  // quoted; unavailable when a leg has no two-sided quote (see execution::net_quote).
  Result<execution::NetQuote> net_quote(const execution::OrderRequest& request) const;
  // The price to settle an underlying at: its latest quote's mark (mid, else last); none when unknown.
  std::optional<Price> underlying_mark(const std::string& symbol) const;

 private:
  std::unordered_map<broker::InstrumentKey, market::Quote, broker::InstrumentKeyHash, broker::InstrumentKeyEqual> quotes_;
};

}  // namespace nightdesk::engine
