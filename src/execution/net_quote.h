// NetQuote: the bid, ask and mid an order's limit price is measured against: the instrument's own quote
// for a single leg, or the combo's net quote built from its legs (debit positive, like the net limit price).
// Plain value; net_quote() is pure and callable from any thread.
#pragma once

#include <span>

#include "common/error.h"
#include "common/fixed_point.h"
#include "common/time.h"
#include "execution/order_request.h"
#include "market/quote.h"

namespace nightdesk::execution {

// For a combo, with + for bought legs and - for sold legs (ratio r_i):
//   bid = sum(+r*bid or -r*ask)   the net price of resting on every leg's near side,
//   ask = sum(+r*ask or -r*bid)   the net price of crossing every leg,
//   mid = sum(+-r*mid) from the legs' mids, and spread = ask - bid = sum(r * leg spread).
struct NetQuote {
  Price bid;
  Price ask;
  Price mid;
  Timestamp time{};  // the newest leg quote's time

  Price spread() const { return ask - bid; }
  // The touch a passive order rests at, and the one it would cross, for an order priced on `side`.
  Price near_touch(Side side) const { return side == Side::buy ? bid : ask; }
  Price far_touch(Side side) const { return side == Side::buy ? ask : bid; }
};

// Builds the quote for `request` from one quote per leg (same order as request.legs). Errors
// (unavailable) when a leg has no offer or a crossed quote: there is no sane mid to work from.
Result<NetQuote> net_quote(const OrderRequest& request, std::span<const market::Quote> leg_quotes);

}  // namespace nightdesk::execution
