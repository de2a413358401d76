#include "execution/order_state_machine.h"

#include <array>
#include <atomic>
#include <utility>

#include <fmt/format.h>

namespace nightdesk::execution {
namespace {

using S = OrderState;
using E = OrderEvent;

std::atomic<std::uint64_t> g_refused{0};

constexpr TransitionEntry to(S target) { return {TransitionRule::to_state, target}; }
constexpr TransitionEntry kStay{TransitionRule::stay, S::new_order};
constexpr TransitionEntry kWorking{TransitionRule::working, S::new_order};

using Row = std::array<TransitionEntry, kOrderEventCount>;

// One row per state; a missing entry is illegal.
constexpr Row row(std::initializer_list<std::pair<E, TransitionEntry>> entries) {
  Row r{};
  for (const auto& [event, entry] : entries) r[std::to_underlying(event)] = entry;
  return r;
}

// Late refusals of a cancel or replace are harmless once the order has ended; everything else is not.
constexpr Row kTerminal = row({{E::cancel_reject, kStay}, {E::replace_reject, kStay}});

constexpr std::array<Row, kOrderStateCount> kTable{
    /* new */ row({{E::submit, to(S::pending_submit)}, {E::reject, to(S::rejected)}}),
    /* pending_submit: a venue may fill or end an order before (or without) acknowledging it */
    row({{E::accept, to(S::accepted)}, {E::reject, to(S::rejected)}, {E::partial_fill, to(S::partially_filled)},
         {E::fill, to(S::filled)}, {E::cancel, to(S::cancelled)}, {E::expire, to(S::expired)}}),
    /* accepted */
    row({{E::partial_fill, to(S::partially_filled)}, {E::fill, to(S::filled)}, {E::request_cancel, to(S::pending_cancel)},
         {E::cancel, to(S::cancelled)}, {E::request_replace, to(S::pending_replace)}, {E::expire, to(S::expired)}}),
    /* partially_filled */
    row({{E::partial_fill, to(S::partially_filled)}, {E::fill, to(S::filled)}, {E::request_cancel, to(S::pending_cancel)},
         {E::cancel, to(S::cancelled)}, {E::request_replace, to(S::pending_replace)}, {E::expire, to(S::expired)}}),
    /* filled */ kTerminal,
    /* pending_cancel */
    row({{E::partial_fill, kStay}, {E::fill, to(S::filled)}, {E::cancel, to(S::cancelled)},
         {E::cancel_reject, kWorking}, {E::expire, to(S::expired)}}),
    /* cancelled */ kTerminal,
    /* pending_replace */
    row({{E::partial_fill, kStay}, {E::fill, to(S::filled)}, {E::replace, kWorking}, {E::replace_reject, kWorking},
         {E::cancel, to(S::cancelled)}, {E::expire, to(S::expired)}}),
    /* rejected */ kTerminal,
    /* expired */ kTerminal,
};

Error refuse(ErrorCode code, std::string message, std::string field) {
  g_refused.fetch_add(1, std::memory_order_relaxed);
  return Error{code, std::move(message), std::move(field)};
}

Error illegal(const Order& order, E event) {
  return refuse(ErrorCode::conflict,
                fmt::format("illegal transition for order {}: {} in state {}", order.client_order_id().value(),
                            to_string(event), to_string(order.state)),
                "order_state");
}

S working_state(const Order& order) {
  if (order.is_complete()) return S::filled;
  return order.filled_quantity().count() > 0 || !order.fills.empty() ? S::partially_filled : S::accepted;
}

// The state `event` leads to, or nullopt when the table forbids it. Call after any mutation the
// event implies, so `working` sees the new fills and terms.
std::optional<S> target_state(const Order& order, E event) {
  TransitionEntry e = transition(order.state, event);
  switch (e.rule) {
    case TransitionRule::illegal: return std::nullopt;
    case TransitionRule::to_state: return e.target;
    case TransitionRule::stay: return order.state;
    case TransitionRule::working: return working_state(order);
  }
  return std::nullopt;
}

// Appends the transition in place (no temporary to move in: a history kept by a recycled order has the
// room already). The caller sets its reason, if any, on the transition returned.
OrderTransition& record(Order& order, E event, S next, Timestamp now, std::optional<Timestamp> venue_time = std::nullopt) {
  OrderTransition& t = order.history.emplace_back();
  t.from = order.state;
  t.to = next;
  t.event = event;
  t.engine_time = now;
  t.venue_time = venue_time;
  order.state = next;
  return t;
}

// A report's reason onto its transition (an empty reason leaves the transition's as it is: empty).
void note_reason(OrderTransition& t, const std::string& reason) {
  if (!reason.empty()) t.reason = reason;
}

// Whether the table allows `event` at all (before mutating), so a refused event changes nothing.
Status check_allowed(const Order& order, E event) {
  if (transition(order.state, event).rule == TransitionRule::illegal) return std::unexpected(illegal(order, event));
  return ok();
}

Status check_identity(const Order& order, const ExecutionReport& report) {
  if (report.client_order_id != order.client_order_id())
    return std::unexpected(refuse(ErrorCode::invalid_argument,
                                  fmt::format("report for {} applied to order {}", report.client_order_id.value(),
                                              order.client_order_id().value()),
                                  "client_order_id"));
  if (!order.order_id.empty() && !report.order_id.empty() && report.order_id != order.order_id)
    return std::unexpected(refuse(ErrorCode::conflict,
                                  fmt::format("venue order id {} does not match {} for order {}", report.order_id.value(),
                                              order.order_id.value(), order.client_order_id().value()),
                                  "order_id"));
  return ok();
}

Status check_fill(const Order& order, const Fill& fill) {
  auto bad = [&](ErrorCode code, std::string message, std::string field) {
    return std::unexpected(refuse(code, fmt::format("fill for order {}: {}", order.client_order_id().value(), message), std::move(field)));
  };
  if (fill.leg >= order.request.legs.size())
    return bad(ErrorCode::invalid_argument, fmt::format("leg {} of a {}-leg order", fill.leg, order.request.legs.size()), "leg");
  if (fill.quantity.count() <= 0) return bad(ErrorCode::invalid_argument, "quantity must be > 0", "quantity");
  if (fill.price.units() <= 0) return bad(ErrorCode::invalid_argument, "a leg's fill price must be > 0", "price");
  if (!fill.fill_id.empty())
    for (const Fill& seen : order.fills)
      if (seen.fill_id == fill.fill_id) return bad(ErrorCode::conflict, fmt::format("fill id {} already applied", fill.fill_id), "fill_id");
  std::int64_t after = order.leg_fills[fill.leg].quantity().count() + fill.quantity.count();
  std::int64_t wanted = order.request.leg_quantity(fill.leg).count();
  if (after > wanted) return bad(ErrorCode::conflict, fmt::format("overfill: leg {} would hold {} of {}", fill.leg, after, wanted), "quantity");
  return ok();
}

Status apply_fill(Order& order, const ExecutionReport& report, Timestamp engine_time) {
  if (!report.fill) return std::unexpected(refuse(ErrorCode::invalid_argument, "fill report without a fill", "fill"));
  const Fill& fill = *report.fill;
  if (auto allowed = check_allowed(order, E::partial_fill); !allowed) return allowed;
  if (auto valid = check_fill(order, fill); !valid) return valid;
  // Everything that can fail is worked out on copies of the small parts first, so a late arithmetic
  // error leaves the order untouched (without copying the whole order on every fill).
  FillAverage leg = order.leg_fills[fill.leg];
  if (auto added = leg.add(fill.price, fill.quantity); !added) return added;
  auto fees = order.fees.checked_add(fill.fees);
  if (!fees) return std::unexpected(fees.error());
  const FillAverage before = std::exchange(order.leg_fills[fill.leg], leg);
  E event = order.is_complete() ? E::fill : E::partial_fill;
  auto next = target_state(order, event);  // fill events never use the `working` rule: fills need not be in
  if (!next) {
    order.leg_fills[fill.leg] = before;
    return std::unexpected(illegal(order, event));
  }
  order.fees = *fees;
  order.fills.push_back(fill);
  if (order.fills.back().engine_time == Timestamp{}) order.fills.back().engine_time = engine_time;
  if (order.order_id.empty() && !report.order_id.empty()) order.order_id = report.order_id;
  record(order, event, *next, engine_time, report.venue_time);
  if (*next == S::filled) order.pending_replace.reset();
  return ok();
}

Status apply_replaced(Order& order, const ExecutionReport& report, Timestamp engine_time) {
  if (auto allowed = check_allowed(order, E::replace); !allowed) return allowed;
  ReplaceTerms terms = order.pending_replace.value_or(ReplaceTerms{order.request.limit_price, order.request.quantity});
  if (report.limit_price) terms.limit_price = report.limit_price;
  if (report.quantity) terms.quantity = *report.quantity;
  if (terms.quantity < order.filled_quantity())
    return std::unexpected(refuse(ErrorCode::conflict,
                                  fmt::format("replace of order {} to quantity {} is below the {} already filled",
                                              order.client_order_id().value(), terms.quantity.count(), order.filled_quantity().count()),
                                  "quantity"));
  order.request.limit_price = terms.limit_price;
  order.request.quantity = terms.quantity;
  order.pending_replace.reset();
  ++order.replace_count;
  note_reason(record(order, E::replace, *target_state(order, E::replace), engine_time, report.venue_time), report.reason);
  return ok();
}

}  // namespace

TransitionEntry transition(OrderState from, OrderEvent event) {
  return kTable[std::to_underlying(from)][std::to_underlying(event)];
}

std::uint64_t refused_transition_count() { return g_refused.load(std::memory_order_relaxed); }

Status submit(Order& order, Timestamp now) {
  if (auto allowed = check_allowed(order, E::submit); !allowed) return allowed;
  if (auto valid = order.request.validate(); !valid) return std::unexpected(refuse(valid.error().code, valid.error().message, valid.error().field));
  record(order, E::submit, S::pending_submit, now);
  return ok();
}

Status reject_before_submit(Order& order, std::string reason, Timestamp now) {
  if (auto allowed = check_allowed(order, E::reject); !allowed) return allowed;
  if (order.state != S::new_order) return std::unexpected(illegal(order, E::reject));
  record(order, E::reject, S::rejected, now).reason = std::move(reason);
  return ok();
}

Status request_cancel(Order& order, Timestamp now) {
  if (auto allowed = check_allowed(order, E::request_cancel); !allowed) return allowed;
  ++order.cancel_requests;
  record(order, E::request_cancel, S::pending_cancel, now);
  return ok();
}

Status request_replace(Order& order, ReplaceTerms terms, Timestamp now) {
  if (auto allowed = check_allowed(order, E::request_replace); !allowed) return allowed;
  if (terms.quantity <= order.filled_quantity())
    return std::unexpected(refuse(ErrorCode::invalid_argument,
                                  fmt::format("replace quantity {} must exceed the {} already filled", terms.quantity.count(),
                                              order.filled_quantity().count()),
                                  "quantity"));
  OrderRequest proposed = order.request;
  proposed.limit_price = terms.limit_price;
  proposed.quantity = terms.quantity;
  if (auto valid = proposed.validate(); !valid) return std::unexpected(refuse(valid.error().code, valid.error().message, valid.error().field));
  order.pending_replace = terms;
  record(order, E::request_replace, S::pending_replace, now);
  return ok();
}

Status apply(Order& order, const ExecutionReport& report, Timestamp engine_time) {
  if (auto same = check_identity(order, report); !same) return same;
  if (report.kind == ExecutionReportKind::fill) return apply_fill(order, report, engine_time);
  if (report.kind == ExecutionReportKind::replaced) return apply_replaced(order, report, engine_time);
  E event = event_of(report.kind);
  if (auto allowed = check_allowed(order, event); !allowed) return allowed;
  if (report.kind == ExecutionReportKind::accepted) {
    if (report.order_id.empty())
      return std::unexpected(refuse(ErrorCode::invalid_argument, "an acknowledgement must carry the venue's order id", "order_id"));
    order.order_id = report.order_id;
  }
  if (report.kind == ExecutionReportKind::replace_rejected && order.state == S::pending_replace) order.pending_replace.reset();
  S next = *target_state(order, event);
  if (is_terminal(next)) order.pending_replace.reset();
  note_reason(record(order, event, next, engine_time, report.venue_time), report.reason);
  return ok();
}

}  // namespace nightdesk::execution
