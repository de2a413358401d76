// Fill: one execution of one leg of an order, as the broker reports it. Plain value; safe to copy.
#pragma once

#include <cstddef>
#include <string>

#include "common/fixed_point.h"
#include "common/time.h"
#include "execution/order_ids.h"

namespace nightdesk::execution {

struct Fill {
  OrderId order_id;
  ClientOrderId client_order_id;
  std::string fill_id;     // the venue's execution id; unique per order, so a replayed fill is recognised
  std::size_t leg = 0;     // index into the order's legs (0 for a single-leg order)
  Quantity quantity;       // contracts of that leg, > 0
  Price price;             // per share, > 0: the leg's own price, never a net price
  Money fees;              // commission + exchange/regulatory fees for this fill (paid: positive)
  Timestamp venue_time{};  // when the venue says it traded
  Timestamp engine_time{}; // when the engine received it

  bool operator==(const Fill&) const = default;
};

}  // namespace nightdesk::execution
