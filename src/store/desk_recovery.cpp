#include "store/desk_recovery.h"

#include <algorithm>
#include <variant>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "broker/venue_ledger.h"
#include "execution/execution_events.h"
#include "execution/order_state_machine.h"
#include "store/management_records.h"
#include "store/order_rebuild.h"
#include "store/order_records.h"
#include "store/record_kind.h"
#include "store/risk_records.h"

namespace nightdesk::store {
namespace {

using execution::ExecutionReport;
using execution::ExecutionReportKind;
using execution::Order;
using execution::OrderState;

struct JournalContents {
  std::vector<execution::OrderFilled> fills;  // journal order
  // What moves positions, in journal order: a fill (index into fills) or a person's management change.
  std::vector<std::variant<std::size_t, ManagementChangeRecord>> position_steps;
  std::optional<VenueSnapshot> venue;
  std::optional<risk::BreakerTransition> breaker;
  std::map<std::string, PositionChange, std::less<>> positions;
  std::map<std::string, std::vector<portfolio::ManagementAction>, std::less<>> management;  // by position
};

Status collect(const JournalRecord& record, JournalContents& out) {
  const JournalEntry& e = record.entry;
  if (e.kind == kinds::kFill) {
    auto f = decode_fill(e);
    if (!f) return std::unexpected(f.error());
    out.position_steps.emplace_back(out.fills.size());
    out.fills.push_back(std::move(*f));
  } else if (e.kind == kinds::kManagementChange) {
    auto c = decode_management_change(e);
    if (!c) return std::unexpected(c.error());
    out.position_steps.emplace_back(std::move(*c));
  } else if (e.kind == kinds::kVenueState) {
    auto v = decode_venue_snapshot(e);
    if (!v) return std::unexpected(v.error());
    out.venue = std::move(*v);
  } else if (e.kind == kinds::kBreakerTransition) {
    auto t = decode_breaker_transition(e);
    if (!t) return std::unexpected(t.error());
    out.breaker = std::move(*t);
  } else if (e.kind == kinds::kPositionChange) {
    auto p = decode_position_change(e);
    if (!p) return std::unexpected(p.error());
    out.positions[p->position_id] = std::move(*p);
  } else if (e.kind == kinds::kManagementAction) {
    auto m = decode_management_action(e);
    if (!m) return std::unexpected(m.error());
    out.management[m->position_id].push_back(std::move(m->action));
  }
  return ok();
}

bool at_venue(OrderState s) {
  return s == OrderState::accepted || s == OrderState::partially_filled || s == OrderState::pending_cancel ||
         s == OrderState::pending_replace;
}

// The venue's state: its last snapshot, with the fills journaled after it booked into the ledger and its
// open orders taken from the journal (the later truth). A pending_submit order the snapshot already holds
// (its acceptance was on its way) stays, for reconcile_desk() to accept.
Result<broker::PaperVenueState> roll_venue_forward(const JournalContents& journal, broker::PaperVenueState state,
                                                   const execution::OrderRegistry& orders, RecoveryReport& report) {
  broker::VenueLedger ledger;
  ledger.restore(state.ledger);
  for (const execution::OrderFilled& f : journal.fills) {
    auto n = venue_id_number(f.fill.fill_id, "pvf-");
    if (!n || *n < state.next_fill_number) continue;  // in the snapshot already
    const Order* order = orders.find(f.fill.client_order_id);
    if (!order || f.fill.leg >= order->request.legs.size())
      return fail(ErrorCode::conflict, fmt::format("fill {} names no journaled order leg", f.fill.fill_id), "fill_id");
    const execution::OrderLeg& leg = order->request.legs[f.fill.leg];
    Quantity signed_qty = leg.side == execution::Side::buy ? f.fill.quantity : -f.fill.quantity;
    if (auto booked = ledger.apply_trade(leg.instrument, signed_qty, f.fill.price, f.fill.fees); !booked)
      return std::unexpected(booked.error());
    state.next_fill_number = *n + 1;
    ++report.venue_fills_rolled_forward;
  }
  state.ledger = ledger.state();
  std::vector<broker::BrokerOrder> open;
  for (const broker::BrokerOrder& o : state.open_orders) {  // snapshot orders first: they keep time priority
    const Order* order = orders.find(o.request.client_order_id);
    if (order && order->state == OrderState::pending_submit) open.push_back(o);
  }
  std::vector<const Order*> working;
  orders.for_each([&](const Order& order) {
    if (at_venue(order.state)) working.push_back(&order);
    if (auto n = venue_id_number(order.order_id.value(), "pv-"); n && *n >= state.next_order_number) state.next_order_number = *n + 1;
  });
  auto rank = [&](const Order* o) {
    auto it = std::find_if(state.open_orders.begin(), state.open_orders.end(),
                           [&](const broker::BrokerOrder& b) { return b.request.client_order_id == o->client_order_id(); });
    return std::pair{it == state.open_orders.end(), o->created_time};
  };
  std::stable_sort(working.begin(), working.end(), [&](const Order* a, const Order* b) { return rank(a) < rank(b); });
  for (const Order* o : working) open.push_back(broker::BrokerOrder{o->request, o->order_id, o->filled_quantity()});
  state.open_orders = std::move(open);
  return state;
}

ExecutionReport recovery_report(ExecutionReportKind kind, const Order& order, Timestamp now, std::string reason) {
  ExecutionReport r;
  r.kind = kind;
  r.client_order_id = order.client_order_id();
  r.order_id = order.order_id;
  r.venue_time = now;
  r.reason = std::move(reason);
  return r;
}

// The roll itself is not rebuilt (its plan is not journaled), and the bot must not start a second one beside
// what the first left working: the position goes to a person, who sees the roll's orders and finishes it.
void hand_over_unfinished_roll(engine::TradingDesk& desk, const std::string& position_id, const std::string& order_id,
                               RecoveryReport& report) {
  const execution::Order* order = desk.order(execution::ClientOrderId(order_id));
  const std::string where = order == nullptr ? "never sent" : std::string(to_string(order->state));
  const portfolio::Position* position = desk.portfolio().position(position_id);
  if (position == nullptr || !position->is_bot_managed() || position->is_flat()) {
    report.differences.push_back(fmt::format("roll_interrupted: {} was rolling (order {} {}); left as it is", position_id, order_id, where));
    return;
  }
  portfolio::ManagementChange change;
  change.source = portfolio::PositionSource::manual;
  auto handed = desk.manage_position(position_id, change, "recovery");
  report.differences.push_back(
      handed ? fmt::format("roll_interrupted: {} was rolling (order {} {}); handed to manual for a person to finish", position_id,
                           order_id, where)
             : fmt::format("roll_interrupted: {} was rolling (order {} {}); not handed over: {}", position_id, order_id, where,
                           handed.error().message));
}

std::string describe_legs(const std::vector<PositionLegRecord>& legs) {
  std::string out;
  for (const auto& l : legs) out += fmt::format("{} {} x{} cost {}; ", l.instrument.underlying, l.instrument.strike.to_string(),
                                                l.quantity.count(), l.open_cost.to_string());
  return out;
}

}  // namespace

Result<RecoveryReport> rebuild_desk(JournalBackend& journal, DeskParts parts, engine::TradingDesk* desk) {
  RecoveryReport report;
  JournalContents contents;
  OrderRebuilder rebuilder(parts.orders.registry_for_recovery());
  auto summary = replay_journal(journal, [&](const JournalRecord& record) -> Status {
    report.last_time = record.entry.engine_time;
    if (auto s = rebuilder.apply(record); !s) return s;
    return collect(record, contents);
  });
  if (!summary) return std::unexpected(summary.error());
  if (auto s = rebuilder.finish(); !s) return std::unexpected(s.error());
  report.replay = *summary;
  report.orders = rebuilder.counts().orders;
  report.fills = contents.fills.size();
  report.breaker = contents.breaker;
  report.venue_snapshot = contents.venue;
  report.last_positions = std::move(contents.positions);
  const execution::OrderRegistry& orders = parts.orders.registry_for_recovery();
  report.open_orders = orders.open_count();
  parts.orders.adopt_recovered_orders();

  if (parts.venue) {
    broker::PaperVenueState base = contents.venue ? contents.venue->state : parts.venue->state();
    auto rolled = roll_venue_forward(contents, std::move(base), orders, report);
    if (!rolled) return std::unexpected(rolled.error());
    if (auto s = parts.venue->restore(*rolled); !s) return std::unexpected(s.error());
  }
  // Positions: every journaled fill again, through the desk's own booking (it listens for OrderFilled), and
  // each person's management change where it came between them (a change needs its position open).
  for (const auto& step : contents.position_steps) {
    if (const std::size_t* fill = std::get_if<std::size_t>(&step)) {
      parts.loop.bus().publish(contents.fills[*fill]);
      continue;
    }
    if (!desk) continue;
    const ManagementChangeRecord& c = std::get<ManagementChangeRecord>(step);
    if (auto applied = desk->manage_position(c.position_id, c.change, c.who); applied)
      ++report.management_changes;
    else
      report.differences.push_back(fmt::format("management_not_applied: {} by {}: {}", c.position_id, c.who, applied.error().message));
  }
  // The bot's own decisions: the history and the exit memory of each position, and the rolls left unfinished.
  if (desk) {
    for (auto& [id, actions] : contents.management) {
      const std::size_t decisions = actions.size();
      auto restored = desk->restore_management(id, std::move(actions));
      if (!restored) {  // its fills did not reach the journal (a kill): the decisions are about nothing held
        report.differences.push_back(fmt::format("management_orphaned: {} decisions for {}, which no journaled fill opened; ignored",
                                                 decisions, id));
        continue;
      }
      if (*restored) report.unfinished_rolls.emplace_back(id, **restored);
    }
  }
  return report;
}

Status reconcile_desk(RecoveryReport& report, DeskParts parts, engine::TradingDesk* desk) {
  const Timestamp now = parts.loop.now();
  std::vector<broker::BrokerOrder> venue_open;
  if (parts.venue) {
    auto held = parts.venue->open_orders();
    if (!held) return std::unexpected(held.error());
    venue_open = std::move(*held);
  }
  auto venue_order = [&](const execution::ClientOrderId& id) -> const broker::BrokerOrder* {
    auto it = std::find_if(venue_open.begin(), venue_open.end(), [&](const auto& b) { return b.request.client_order_id == id; });
    return it == venue_open.end() ? nullptr : &*it;
  };
  std::vector<ExecutionReport> answers;
  std::vector<execution::ClientOrderId> cancel_again, never_submitted;
  execution::OrderRegistry& registry = parts.orders.registry_for_recovery();
  for (const Order* order : registry.open_orders()) {
    const auto& id = order->client_order_id();
    const broker::BrokerOrder* held = venue_order(id);
    switch (order->state) {
      case OrderState::new_order:  // created, but its first transition never committed: its send never ran
        never_submitted.push_back(id);
        report.differences.push_back(fmt::format("reject_unsent: {} was created but its submit was never journaled", id.value()));
        break;
      case OrderState::pending_submit:
        if (held) {
          auto r = recovery_report(ExecutionReportKind::accepted, *order, now, "recovery: the venue holds it");
          r.order_id = held->order_id;
          answers.push_back(r);
          report.differences.push_back(fmt::format("accept_held: {} was pending_submit; the venue holds it as {}", id.value(),
                                                   held->order_id.value()));
        } else {
          answers.push_back(recovery_report(ExecutionReportKind::rejected, *order, now,
                                            "recovery: the venue never received it (lost in the restart); not resent"));
          report.differences.push_back(fmt::format("reject_unsent: {} was pending_submit and the venue does not hold it", id.value()));
        }
        break;
      case OrderState::pending_cancel:
        answers.push_back(recovery_report(ExecutionReportKind::cancel_rejected, *order, now, "recovery: the cancel was lost in the restart"));
        cancel_again.push_back(id);
        report.differences.push_back(fmt::format("cancel_again: {} had a cancel in flight; it is sent again", id.value()));
        break;
      case OrderState::pending_replace:
        answers.push_back(recovery_report(ExecutionReportKind::replace_rejected, *order, now, "recovery: the replace was lost in the restart"));
        report.differences.push_back(fmt::format("replace_dropped: {} had a replace in flight; it works on its old terms", id.value()));
        break;
      default:
        if (!held && at_venue(order->state)) {
          answers.push_back(recovery_report(ExecutionReportKind::cancelled, *order, now, "recovery: not open at the venue"));
          report.differences.push_back(fmt::format("venue_closed: {} was {} but the venue does not hold it; cancelled", id.value(),
                                                   to_string(order->state)));
        }
        break;
    }
  }
  for (const auto& id : never_submitted) {  // the engine's own refusal (no venue time), as an unsent order gets live
    Order* order = registry.find(id);
    if (auto s = execution::reject_before_submit(*order, "recovery: created but never submitted (lost in the restart); not sent", now); !s)
      return std::unexpected(s.error());
    parts.loop.bus().publish(execution::OrderStateChanged{order->client_order_id(), order->order_id, order->history.back()});
  }
  for (const ExecutionReport& r : answers) parts.loop.bus().publish(r);  // the manager applies them; the journal records them
  for (const auto& id : cancel_again)
    if (auto s = parts.orders.cancel(id); !s) report.differences.push_back(fmt::format("cancel_again: {}: {}", id.value(), s.error().message));
  if (desk) {
    report.exits_finished = desk->resume_after_recovery();
    for (const auto& [position_id, order_id] : report.unfinished_rolls) hand_over_unfinished_roll(*desk, position_id, order_id, report);
  }

  if (desk && report.breaker && report.breaker->to != risk::BreakerState::active) {
    // A person's halt carries a reason, a limit's trip its numbers.
    const std::string& cause = report.breaker->numbers.empty() ? report.breaker->reason : report.breaker->numbers;
    std::string why = fmt::format("restored from the journal: {} by {} ({})", to_string(report.breaker->trigger), report.breaker->who, cause);
    auto restored = report.breaker->to == risk::BreakerState::halted ? desk->halt("recovery", why) : desk->reduce_only("recovery", why);
    if (!restored) return std::unexpected(restored.error());
  }
  if (parts.desk) {
    for (const auto& [id, journaled] : report.last_positions) {
      const portfolio::Position* p = parts.desk->portfolio().position(id);
      if (!p) {
        report.differences.push_back(fmt::format("position_missing: {} is journaled but no fill rebuilt it", id));
        continue;
      }
      PositionChange rebuilt = position_change(*p, journaled.time, journaled.cause);
      if (rebuilt.legs != journaled.legs || rebuilt.realized_pnl != journaled.realized_pnl || rebuilt.fees != journaled.fees)
        report.differences.push_back(fmt::format("position_differs: {}: journal {} rebuilt {}", id, describe_legs(journaled.legs),
                                                 describe_legs(rebuilt.legs)));
    }
  }
  return ok();
}

}  // namespace nightdesk::store
