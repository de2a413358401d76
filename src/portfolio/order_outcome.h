// OrderOutcome: what the portfolio needs to know about one of its orders once it has finished (filled,
// cancelled, rejected or expired): units done, the net cash of the fills and the fees. Built from the
// engine's execution::Order. Plain value; safe to copy.
#pragma once

#include <string>

#include "common/error.h"
#include "common/fixed_point.h"
#include "execution/order.h"

namespace nightdesk::portfolio {

struct OrderOutcome {
  std::string client_order_id;
  Quantity ordered;   // units asked for
  Quantity filled;    // units done
  Money net_cost;     // cash of the fills, DEBIT POSITIVE (a filled credit roll is negative)
  Money fees;
  std::string reason;  // the venue's or the engine's words when it ended unfilled (reject, cancel, expiry)

  bool complete() const { return filled.count() > 0 && filled == ordered; }
};

// Sums the order's fills exactly: sum(+-price x contracts x multiplier) over legs (buy +, sell -).
// overflow when the money does not fit.
Result<OrderOutcome> outcome_of(const execution::Order& order);

}  // namespace nightdesk::portfolio
