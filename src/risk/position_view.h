// PositionView: what the risk module needs to know about one held position, as the engine feeds it (risk does
// not depend on the portfolio module). Plain values; safe to copy across threads.
#pragma once

#include <string>
#include <vector>

#include "common/fixed_point.h"
#include "market/instrument.h"

namespace nightdesk::risk {

// One leg as held now, or as it would be held after an order.
struct HeldLeg {
  market::Instrument instrument;
  Quantity quantity;  // signed: long positive, short negative; contracts for options, shares for stock
  Price mark;         // current price per share (option premium, or the stock's price); >= 0

  bool operator==(const HeldLeg&) const = default;
};

// One position: legs on one underlying, margined together as one structure.
struct PositionView {
  std::string position_id;
  std::string underlying;  // "SPY"
  Price underlying_price;  // last or mid of the underlying; the Reg-T naked formula needs it
  std::vector<HeldLeg> legs;
};

// `legs` with the legs of one instrument merged (quantities summed; an addition marked at the weighted
// average rounded up, a reduction at the held mark) and flat legs dropped, in a stable order (stock first, then by expiry, right, strike).
std::vector<HeldLeg> net_legs(std::vector<HeldLeg> legs);

}  // namespace nightdesk::risk
