#include "execution/order_request.h"

#include <string_view>

#include <fmt/format.h>

namespace nightdesk::execution {
namespace {

bool needs_limit(OrderType type) { return type == OrderType::limit || type == OrderType::stop_limit; }
bool needs_stop(OrderType type) { return type == OrderType::stop || type == OrderType::stop_limit; }

Status validate_legs(const std::vector<OrderLeg>& legs) {
  if (legs.empty()) return fail(ErrorCode::invalid_argument, "an order needs at least one leg", "legs");
  if (legs.size() > kMaxComboLegs)
    return fail(ErrorCode::invalid_argument, fmt::format("a combo has at most {} legs, got {}", kMaxComboLegs, legs.size()), "legs");
  for (std::size_t i = 0; i < legs.size(); ++i) {
    // The field name is formatted only for an error: validation runs on every order, several times.
    auto field = [i](std::string_view member) { return fmt::format("legs[{}].{}", i, member); };
    if (legs[i].ratio < 1) return fail(ErrorCode::invalid_argument, fmt::format("ratio must be >= 1, got {}", legs[i].ratio), field("ratio"));
    if (legs[i].instrument.underlying.empty()) return fail(ErrorCode::invalid_argument, "instrument has no symbol", field("instrument"));
    for (std::size_t j = 0; j < i; ++j)
      if (legs[j].instrument == legs[i].instrument)
        return fail(ErrorCode::invalid_argument, fmt::format("same instrument as legs[{}]", j), field("instrument"));
  }
  return ok();
}

// Every check of validate() as one yes/no, building no error: each order is validated several times on
// its way out (registry, state machine, venue), and only a refused one needs to know which field failed.
bool passes_all_checks(const OrderRequest& r) {
  if (r.client_order_id.empty() || r.legs.empty() || r.legs.size() > kMaxComboLegs || r.quantity.count() <= 0) return false;
  for (std::size_t i = 0; i < r.legs.size(); ++i) {
    if (r.legs[i].ratio < 1 || r.legs[i].instrument.underlying.empty()) return false;
    for (std::size_t j = 0; j < i; ++j)
      if (r.legs[j].instrument == r.legs[i].instrument) return false;
  }
  if (r.legs.size() == 1 && r.legs.front().ratio != 1) return false;
  if (needs_limit(r.type) != r.limit_price.has_value() || needs_stop(r.type) != r.stop_price.has_value()) return false;
  if (needs_stop(r.type) && r.is_combo()) return false;
  if (!r.is_combo() && r.limit_price && r.limit_price->units() <= 0) return false;
  return !(r.stop_price && r.stop_price->units() <= 0);
}

}  // namespace

Status OrderRequest::validate() const {
  if (passes_all_checks(*this)) return ok();
  // Refused: the same checks in the same order, naming the first that fails.
  if (client_order_id.empty()) return fail(ErrorCode::invalid_argument, "client order id is empty", "client_order_id");
  if (auto legs_ok = validate_legs(legs); !legs_ok) return legs_ok;
  if (quantity.count() <= 0) return fail(ErrorCode::invalid_argument, fmt::format("quantity must be > 0, got {}", quantity.count()), "quantity");
  if (legs.size() == 1 && legs.front().ratio != 1)
    return fail(ErrorCode::invalid_argument, "a single-leg order has ratio 1", "legs[0].ratio");
  if (needs_limit(type) != limit_price.has_value())
    return fail(ErrorCode::invalid_argument, fmt::format("a {} order {} a limit price", to_string(type), needs_limit(type) ? "needs" : "takes no"), "limit_price");
  if (needs_stop(type) != stop_price.has_value())
    return fail(ErrorCode::invalid_argument, fmt::format("a {} order {} a stop price", to_string(type), needs_stop(type) ? "needs" : "takes no"), "stop_price");
  if (needs_stop(type) && is_combo()) return fail(ErrorCode::invalid_argument, "stop orders are single-leg only", "type");
  if (!is_combo() && limit_price && limit_price->units() <= 0)
    return fail(ErrorCode::invalid_argument, "a single-leg limit price must be > 0 (net debit/credit signs apply to combos only)", "limit_price");
  if (stop_price && stop_price->units() <= 0) return fail(ErrorCode::invalid_argument, "stop price must be > 0", "stop_price");
  return ok();
}

}  // namespace nightdesk::execution
