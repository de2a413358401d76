// Order: the engine's record of one order: the request as currently working (after replaces), its
// state, fills per leg with exact averages, and every transition with its timestamps.
// Owned by the engine thread; change it only through order_state_machine.h so history stays complete.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "common/fixed_point.h"
#include "common/time.h"
#include "execution/fill.h"
#include "execution/fill_average.h"
#include "execution/order_ids.h"
#include "execution/order_request.h"
#include "execution/order_state.h"

namespace nightdesk::execution {

// One step of an order's life, journaled as it happens.
struct OrderTransition {
  OrderState from = OrderState::new_order;
  OrderState to = OrderState::new_order;
  OrderEvent event = OrderEvent::submit;
  Timestamp engine_time{};
  std::optional<Timestamp> venue_time;  // for broker reports
  std::string reason;                   // rejects, cancels, expiries; empty otherwise
};

// The terms a replace asks for. `quantity` is the order's new TOTAL quantity (filled + leaves), so a fill
// that arrives while the replace is in flight simply shrinks what is left to work.
struct ReplaceTerms {
  std::optional<Price> limit_price;
  Quantity quantity;
};

struct Order {
  Order() = default;
  Order(OrderRequest req, Timestamp created) : request(std::move(req)), created_time(created), leg_fills(request.legs.size()) {}
  // Becomes a fresh order for `req` created at `created` (as if just constructed), keeping the buffers
  // it already holds (history, fills) so that a recycled record allocates nothing. `req` is moved from.
  void renew(OrderRequest&& req, Timestamp created);

  OrderRequest request;  // the terms working now: limit price and quantity follow each accepted replace
  OrderId order_id;      // the venue's id, once accepted
  OrderState state = OrderState::new_order;
  Timestamp created_time{};
  std::vector<FillAverage> leg_fills;  // one per leg: contracts filled and the exact sum of price x qty
  std::vector<Fill> fills;             // every fill, in arrival order
  Money fees;                          // sum of the fills' fees
  std::optional<ReplaceTerms> pending_replace;  // set while state == pending_replace
  std::int32_t replace_count = 0;      // replaces the venue accepted
  std::int32_t cancel_requests = 0;    // cancels the engine asked for
  std::vector<OrderTransition> history;

  const ClientOrderId& client_order_id() const { return request.client_order_id; }
  // Whole units done: for a combo, the smallest leg's filled contracts / ratio.
  Quantity filled_quantity() const;
  // Units not filled: quantity - filled (a cancelled order still reports what it left undone).
  Quantity leaves_quantity() const;
  // Every leg has filled quantity * ratio.
  bool is_complete() const;
  // Exact per-leg average, rounded once as asked; not_found when that leg has no fills.
  Result<Price> leg_average_fill_price(std::size_t leg, Rounding rounding = Rounding::nearest) const;
  // Single leg: the leg's average. Combo: the NET average per unit (debit positive), exact when the legs
  // are filled in proportion (always, for atomic combo fills): sum(+-price x qty) / units, rounded once.
  Result<Price> average_fill_price(Rounding rounding = Rounding::nearest) const;
  // When the order last changed state (created_time before any transition).
  Timestamp last_transition_time() const { return history.empty() ? created_time : history.back().engine_time; }
};

}  // namespace nightdesk::execution
