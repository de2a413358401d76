// Quote: the best bid and offer of one instrument at one instant, with sizes and the last trade.
// Plain value; safe to copy across threads.
#pragma once

#include <cstdint>
#include <optional>

#include "common/fixed_point.h"
#include "common/time.h"

namespace nightdesk::market {

// Prices are per share (1e-4 USD). A zero bid is valid (nobody bids); a zero ask means "no offer",
// which only an underlying quoted by its last trade may have. Crossed (bid > ask) and locked
// (bid == ask) quotes are valid data: consumers must not assume a positive spread.
struct Quote {
  Timestamp time{};
  Price bid;
  Price ask;
  Quantity bid_size;  // contracts (options) or shares (underlying) displayed at the bid
  Quantity ask_size;
  std::optional<Price> last;

  bool has_offer() const { return ask.units() > 0; }
  bool is_crossed() const { return has_offer() && bid > ask; }
  bool is_locked() const { return has_offer() && bid == ask; }
  // (bid + ask) / 2; an odd half unit rounds to nearest (up). Meaningless without an offer.
  Price mid() const {
    // Halving each side first cannot overflow; the two dropped halves add back as one rounded unit.
    std::int64_t odd = bid.units() % 2 + ask.units() % 2;
    return Price::from_units(bid.units() / 2 + ask.units() / 2 + (odd + 1) / 2);
  }
  // ask - bid; negative when crossed.
  Price spread() const { return ask - bid; }
  // The price to value a position at: the mid of a sane two-sided quote, else the last trade.
  std::optional<Price> mark() const {
    if (has_offer() && !is_crossed()) return mid();
    return last;
  }

  bool operator==(const Quote&) const = default;
};

}  // namespace nightdesk::market
