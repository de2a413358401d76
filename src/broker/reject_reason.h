// Why the paper venue refused an order, replace or cancel. A report's reason text starts with the
// name ("off_tick: ..."), so journal readers and tests can match it. Plain enum.
#pragma once

#include <cstdint>
#include <string_view>

namespace nightdesk::broker {

enum class RejectReason : std::uint8_t {
  quantity_not_positive,
  invalid_request,         // OrderRequest::validate() failed; the text names the field
  unknown_instrument,      // the venue has never seen a quote for a leg
  market_closed,           // outside the NYSE session (when a calendar is configured)
  off_tick,                // limit or stop price not on the tick grid
  unknown_order,           // cancel/replace of an id the venue does not know
  order_closed,            // cancel/replace after the order filled, cancelled or expired
  quantity_below_filled,   // a replace to a total at or below what already filled
};

constexpr std::string_view to_string(RejectReason r) {
  switch (r) {
    case RejectReason::quantity_not_positive: return "quantity_not_positive";
    case RejectReason::invalid_request: return "invalid_request";
    case RejectReason::unknown_instrument: return "unknown_instrument";
    case RejectReason::market_closed: return "market_closed";
    case RejectReason::off_tick: return "off_tick";
    case RejectReason::unknown_order: return "unknown_order";
    case RejectReason::order_closed: return "order_closed";
    case RejectReason::quantity_below_filled: return "quantity_below_filled";
  }
  return "unknown";
}

}  // namespace nightdesk::broker
