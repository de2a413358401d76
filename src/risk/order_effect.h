// OrderEffect: whether an order only reduces the risk of what is held (a close that may pass a tripped breaker)
// or opens new risk; and the legs an order would leave a position with. Pure functions; any thread.
//
// An order is risk_reducing when every leg trades against held quantity of the same instrument without
// crossing through zero (sells at most what is long, buys at most what is short), and the position it leaves
// needs no more buying power than before (closing the long wing of a credit spread leaves a naked short: that
// is opening). Anything else (including a roll's new legs) is opening.
#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "execution/order_ids.h"
#include "execution/order_request.h"
#include "risk/position_view.h"
#include "risk/risk_limits.h"

namespace nightdesk::risk {

enum class OrderEffect : std::uint8_t { opening, risk_reducing };

std::string_view to_string(OrderEffect e);

struct OrderEffectReport {
  OrderEffect effect = OrderEffect::opening;
  std::string why;  // "leg 1 buys 2 contracts of ... with 0 held"; "closes held quantity" when reducing
};

// The signed legs an order trades (leg quantity x ratio; buys positive), marked at `marks` (one per leg).
std::vector<HeldLeg> order_legs(const execution::OrderRequest& order, const std::vector<Price>& marks);

// The legs the order trades against: the parent position's when it is among `holdings`, otherwise every
// held leg on the order's instruments (an order without a parent may still close what is held).
PositionView target_position(const execution::OrderRequest& order, const std::vector<PositionView>& holdings);

// Classifies `order` against `holdings`. Held marks price the before/after requirement (a reducing order
// trades only held instruments, so no other market data is needed).
OrderEffectReport classify_order_effect(const execution::OrderRequest& order, const std::vector<PositionView>& holdings,
                                        ShortPutCollateral short_puts);

// The client ids of `open_orders` that are opening: what the engine cancels when the breaker trips.
std::vector<execution::ClientOrderId> opening_orders(const std::vector<execution::OrderRequest>& open_orders,
                                                     const std::vector<PositionView>& holdings,
                                                     ShortPutCollateral short_puts);

}  // namespace nightdesk::risk
