// PositionLeg: one instrument held in a position: its signed quantity (long positive), the open lots it
// is made of (first in, first out; each at its exact fill price) and its latest mark.
// Plain value owned by its Position (engine thread).
#pragma once

#include <deque>
#include <optional>

#include "common/fixed_point.h"
#include "market/instrument.h"

namespace nightdesk::portfolio {

// Contracts opened together at one price. `quantity` is signed like the leg (short lots negative).
struct Lot {
  Quantity quantity;
  Price price;
};

struct PositionLeg {
  market::Instrument instrument;
  Quantity quantity;             // signed: sum of the lots
  std::deque<Lot> lots;          // oldest first; closes consume the front
  std::optional<Price> mark;     // per share; from the instrument's quote (mid, else last)
  std::optional<double> quoted_iv;  // the feed's implied volatility with that quote, when it sent one

  std::int64_t multiplier() const { return instrument.multiplier; }
  // What the open lots cost: sum(lot price x lot quantity x multiplier); debit positive, so a short leg
  // (sold for a credit) has a negative cost.
  Money open_cost() const;
  // mark x quantity x multiplier (a short leg is worth a negative amount); nullopt without a mark.
  std::optional<Money> market_value() const;
};

}  // namespace nightdesk::portfolio
