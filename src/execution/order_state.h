// OrderState and OrderEvent: the states of an order's life and the events that move it between them
// (the transition table is in order_state_machine.h). Plain enums; safe everywhere.
//   new -> pending_submit -> accepted -> (partially_filled)* -> filled
//   working -> pending_cancel -> cancelled;  working -> pending_replace -> working (replaced)
//   -> rejected;  -> expired          ("working" = accepted or partially_filled)
#pragma once

#include <cstdint>
#include <string_view>

namespace nightdesk::execution {

enum class OrderState : std::uint8_t {
  new_order,         // created by the engine, not sent ("new" is a C++ keyword; printed "new")
  pending_submit,    // sent to the broker, no acknowledgement yet
  accepted,          // working at the venue, nothing filled
  partially_filled,  // working at the venue, part filled
  filled,            // terminal
  pending_cancel,    // cancel sent, no answer yet
  cancelled,         // terminal (what was filled stays filled)
  pending_replace,   // replace (new price/quantity) sent, no answer yet; fills may still arrive
  rejected,          // terminal: refused by the engine's checks or the venue
  expired,           // terminal: time in force ran out (day close, IOC remainder)
};

// What happened to an order. Engine actions: submit, request_cancel, request_replace.
// Broker reports: the rest. partial_fill/fill are chosen by whether the order is complete afterwards.
enum class OrderEvent : std::uint8_t {
  submit,
  accept,
  reject,
  partial_fill,
  fill,
  request_cancel,
  cancel,          // the venue cancelled (asked for or not)
  cancel_reject,   // the venue refused a cancel (too late, unknown order)
  request_replace,
  replace,         // the venue now works the new terms
  replace_reject,  // the venue refused a replace; the old terms keep working
  expire,
};

inline constexpr int kOrderStateCount = 10;
inline constexpr int kOrderEventCount = 12;

std::string_view to_string(OrderState state);
std::string_view to_string(OrderEvent event);

// filled, cancelled, rejected, expired: nothing can change the order any more.
constexpr bool is_terminal(OrderState s) {
  return s == OrderState::filled || s == OrderState::cancelled || s == OrderState::rejected || s == OrderState::expired;
}
// accepted or partially_filled: live at the venue with no request in flight.
constexpr bool is_working(OrderState s) { return s == OrderState::accepted || s == OrderState::partially_filled; }
// Live at the venue or about to be: may still fill.
constexpr bool is_open(OrderState s) { return s != OrderState::new_order && !is_terminal(s); }

}  // namespace nightdesk::execution
