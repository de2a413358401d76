// ExecutionReport: what a broker sends back about one order (ack, reject, fill, cancelled, replaced,
// expired, and refusals of a cancel or replace). Produced on the broker's side, consumed by the engine
// thread, which applies it with order_state_machine.h. Plain value; safe to copy across threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/fixed_point.h"
#include "common/time.h"
#include "execution/fill.h"
#include "execution/order_ids.h"
#include "execution/order_state.h"

namespace nightdesk::execution {

enum class ExecutionReportKind : std::uint8_t {
  accepted,          // the venue works the order; order_id is set
  rejected,          // the venue refused the order; reason says why
  fill,              // `fill` is set (one leg's execution)
  cancelled,         // the order is off the venue (asked for or unsolicited; reason says which)
  replaced,          // the venue works the new terms in limit_price / quantity
  expired,           // time in force ran out (day close, IOC remainder)
  cancel_rejected,   // a cancel was refused (too late: filled, or unknown); reason says why
  replace_rejected,  // a replace was refused; the old terms keep working
};

std::string_view to_string(ExecutionReportKind kind);
// The state-machine event a report is (fill maps to partial_fill; the machine decides which it is).
OrderEvent event_of(ExecutionReportKind kind);

struct ExecutionReport {
  ExecutionReportKind kind = ExecutionReportKind::accepted;
  ClientOrderId client_order_id;
  OrderId order_id;            // the venue's id; may be empty on a reject before the venue numbered it
  Timestamp venue_time{};
  std::string reason;          // free text from the venue for rejects, cancels, expiries
  std::optional<Fill> fill;    // kind == fill
  // kind == replaced: the terms now working. quantity is the order's TOTAL quantity (filled + leaves).
  std::optional<Price> limit_price;
  std::optional<Quantity> quantity;
  // The engine's handle for the order, as given with its submit (Broker::submit) and echoed back, so the
  // engine finds the order without hashing its id; empty when the venue does not have one (an order it
  // restored, a report about an unknown id). Only a hint: the engine checks it against client_order_id.
  OrderHandle engine_order;
};

}  // namespace nightdesk::execution
