#include "engine/order_manager.h"

#include <algorithm>
#include <memory>
#include <new>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "execution/execution_events.h"
#include "execution/order_state_machine.h"

namespace nightdesk::engine {

using execution::ClientOrderId;
using execution::ExecutionReport;
using execution::ExecutionReportKind;
using execution::Order;
using execution::OrderState;

Status OrderManagerConfig::validate() const {
  if (auto walk_ok = walk.validate(); !walk_ok) return walk_ok;
  if (auto rate_ok = rate_limit.validate(); !rate_ok) return rate_ok;
  if (auto kept = quality_retention.validate(); !kept) return kept;
  if (daily_slippage_budget && daily_slippage_budget->units() < 0)
    return fail(ErrorCode::out_of_range, "must be >= 0", "daily_slippage_budget_usd");
  if (account.empty()) return fail(ErrorCode::invalid_argument, "must not be empty", "account");
  if (stock_tick.units() <= 0) return fail(ErrorCode::out_of_range, "must be > 0", "stock_tick");
  if (combo_tick.units() <= 0) return fail(ErrorCode::out_of_range, "must be > 0", "combo_tick");
  return ok();
}

Result<std::unique_ptr<OrderManager>> OrderManager::create(OrderManagerConfig config, EventLoop& loop, broker::Broker& broker) {
  if (auto valid = config.validate(); !valid) return std::unexpected(valid.error());
  auto limiter = execution::OrderRateLimiter::create(config.rate_limit);
  if (!limiter) return std::unexpected(limiter.error());
  std::unique_ptr<OrderManager> manager(new OrderManager(std::move(config), loop, broker, std::move(*limiter)));
  OrderManager* self = manager.get();
  manager->quote_subscription_ = loop.bus().subscribe<market::QuoteEvent>([self](const market::QuoteEvent& e) { self->on_quote(e); });
  manager->report_subscription_ = loop.bus().subscribe<ExecutionReport>([self](const ExecutionReport& r) { self->on_report(r); });
  return manager;
}

OrderManager::OrderManager(OrderManagerConfig config, EventLoop& loop, broker::Broker& broker, execution::OrderRateLimiter limiter)
    : config_(std::move(config)),
      loop_(loop),
      broker_(broker),
      gate_(std::move(limiter), loop, [this](const execution::BrokerRequest& r) { on_released(r); }),
      daily_(config_.daily_slippage_budget),
      quality_(config_.quality_retention) {}

OrderManager::~OrderManager() {
  loop_.bus().unsubscribe(quote_subscription_);
  loop_.bus().unsubscribe(report_subscription_);
  // Every timer the manager arms is one of these (the gate cancels its own): none can outlive it.
  for (Parent& parent : parents_)
    if (parent.walk_timer.valid()) loop_.cancel(parent.walk_timer);
  if (horizon_timer_.valid()) loop_.cancel(horizon_timer_);
}

OrderManager::Parent* OrderManager::parent_of(execution::OrderHandle handle) {
  if (!handle.valid() || handle.slot >= parents_.size() || parents_[handle.slot].handle != handle) return nullptr;
  return &parents_[handle.slot];
}

OrderManager::Parent& OrderManager::adopt(execution::OrderHandle handle) {
  if (handle.slot >= parents_.size()) parents_.resize(handle.slot + 1);
  Parent& parent = parents_[handle.slot];
  recycle(parent);
  parent.handle = handle;
  return parent;
}

void OrderManager::recycle(Parent& parent) {
  // A contract's quality symbol is longer than a short string holds: the next order in this slot
  // reuses its buffer rather than allocating one.
  std::string symbol = parent.quality ? std::move(parent.quality->symbol) : std::move(parent.spare_symbol);
  // Made anew in place, default-initialized (its members' initializers only): assigning Parent{} would
  // zero a temporary and move each member out of it.
  std::destroy_at(&parent);
  ::new (static_cast<void*>(&parent)) Parent;
  parent.spare_symbol = std::move(symbol);
}

Result<const Order*> OrderManager::submit(ParentOrderRequest request) {
  roll_day();
  auto added = registry_.add(std::move(request.order), loop_.now());
  if (!added) {
    count_reject(added.error().code == ErrorCode::conflict ? "duplicate_client_order_id" : "invalid_request");
    return std::unexpected(added.error());
  }
  Order& order = *added->order;
  if (!added->created) {
    ++counters_.duplicate_submits;
    return &order;
  }
  ++counters_.orders_submitted;
  Parent& parent = adopt(added->handle);
  const bool smart = request.style == ExecutionStyle::smart && order.request.type == execution::OrderType::limit;
  parent.style = smart ? ExecutionStyle::smart : ExecutionStyle::direct;
  auto arrival = arrive(parent, order);
  if (smart && !start_walk(parent, order, arrival)) {
    finish(parent, order);
    return &order;
  }
  dispatch(parent, order, execution::BrokerRequestKind::submit);
  return &order;
}

Result<const Order*> OrderManager::record_refused(execution::OrderRequest request, std::string reason) {
  auto added = registry_.add(std::move(request), loop_.now());
  if (!added) return std::unexpected(added.error());
  Order& order = *added->order;
  if (!added->created) return &order;
  Parent& parent = adopt(added->handle);
  reject_unsent(order, std::move(reason));
  finish(parent, order);
  return &order;
}

Status OrderManager::cancel(const ClientOrderId& id) {
  const execution::OrderHandle handle = registry_.handle_of(id);
  Order* order = registry_.find(handle);
  if (order == nullptr) return fail(ErrorCode::not_found, fmt::format("no order {}", id.value()), "client_order_id");
  if (is_terminal(order->state))
    return fail(ErrorCode::conflict, fmt::format("order {} is already {}", id.value(), to_string(order->state)), "client_order_id");
  Parent& parent = *parent_of(handle);
  parent.walk_done = true;
  if (parent.queued) {
    auto kind = parent.queued->kind;
    if (kind == execution::BrokerRequestKind::cancel) return ok();  // already waiting for its token
    gate_.withdraw(config_.account, handle);  // a queued replace is moot now; a queued submit never goes out
    parent.queued.reset();
    if (kind == execution::BrokerRequestKind::submit) {
      reject_unsent(*order, "cancelled: withdrawn before it was sent");
      finish(parent, *order);
      return ok();
    }
  }
  if (is_working(order->state)) {
    dispatch(parent, *order, execution::BrokerRequestKind::cancel);
  } else {
    parent.cancel_wanted = true;  // a submit, cancel or replace is in flight: cancel once it is answered
  }
  return ok();
}

void OrderManager::on_quote(const market::QuoteEvent& event) {
  board_.on_quote(event);
  if (awaiting_quote_.empty()) return;
  auto waiting = awaiting_quote_;  // drive_walk may change the list
  for (execution::OrderHandle handle : waiting) {
    Order* order = registry_.find(handle);
    Parent* parent = parent_of(handle);
    if (order == nullptr || parent == nullptr) continue;
    bool quoted_leg = std::any_of(order->request.legs.begin(), order->request.legs.end(),
                                  [&](const execution::OrderLeg& leg) { return broker::InstrumentKeyEqual{}(leg.instrument, event); });
    if (quoted_leg) drive_walk(*parent, *order);
  }
}

void OrderManager::on_report(const ExecutionReport& report) {
  const execution::OrderHandle handle = registry_.locate(report);
  const Order* known = registry_.find(handle);
  const std::size_t before = known == nullptr ? 0 : known->history.size();
  const OrderState state_before = known == nullptr ? OrderState::new_order : known->state;
  auto applied = registry_.apply(handle, report, loop_.now());
  if (!applied) {
    if (applied.error().code == ErrorCode::not_found) {
      ++counters_.unknown_order_reports;
      spdlog::warn("order manager: {}", applied.error().describe());
      return;
    }
    note_refused(report.client_order_id, state_before, execution::event_of(report.kind), applied.error());
    return;
  }
  Order& order = **applied;
  publish_transitions(order, before);
  after_report(*parent_of(handle), order, report);
}

void OrderManager::after_report(Parent& parent, Order& order, const ExecutionReport& report) {
  switch (report.kind) {
    case ExecutionReportKind::fill: on_fill(parent, order, *report.fill); break;
    case ExecutionReportKind::rejected:
    case ExecutionReportKind::cancel_rejected:
    case ExecutionReportKind::replace_rejected: count_reject(report.reason); break;
    case ExecutionReportKind::replaced: ++counters_.replaces_accepted; break;
    default: break;
  }
  drive_walk(parent, order);  // a walk learns of fills and of the order's end here, and publishes its stop
  if (is_terminal(order.state)) return finish(parent, order);
  if (parent.cancel_wanted && is_working(order.state) && !parent.queued) {
    parent.cancel_wanted = false;
    dispatch(parent, order, execution::BrokerRequestKind::cancel);
  }
}

void OrderManager::publish_transitions(const Order& order, std::size_t from) {
  for (std::size_t i = from; i < order.history.size(); ++i) {
    if (publishing_state_) {  // nested: state_event_ is being delivered
      loop_.bus().publish(execution::OrderStateChanged{order.client_order_id(), order.order_id, order.history[i]});
      continue;
    }
    state_event_.client_order_id = order.client_order_id();  // assignments: no allocation once warm
    state_event_.order_id = order.order_id;
    state_event_.transition = order.history[i];
    publishing_state_ = true;
    loop_.bus().publish(state_event_);  // the bus catches handlers' exceptions: the flag is always reset
    publishing_state_ = false;
  }
}

void OrderManager::note_refused(const ClientOrderId& id, OrderState state, execution::OrderEvent event, const Error& error) {
  ++counters_.illegal_transitions;
  spdlog::error("order manager: refused {} for order {} in state {}: {}", to_string(event), id.value(), to_string(state),
                error.describe());
  loop_.bus().publish(execution::OrderTransitionRefused{id, state, event, error.message, loop_.now()});
}

OrderManagerMetrics OrderManager::metrics() const {
  OrderManagerMetrics m = counters_;
  registry_.for_each([&m](const Order& o) { ++m.orders_by_state[static_cast<std::size_t>(o.state)]; });
  m.rejects_by_reason = rejects_by_reason_;
  m.slippage_spent_today = daily_.spent();
  m.daily_slippage_budget = daily_.limit();
  return m;
}

void OrderManager::adopt_recovered_orders() {
  registry_.for_each([this](const Order& order) {
    const execution::OrderHandle handle = registry_.handle_of(order.client_order_id());
    if (parent_of(handle) == nullptr) adopt(handle).style = ExecutionStyle::direct;
  });
}

std::size_t OrderManager::prune_closed_before(Timestamp cutoff) {
  std::size_t dropped = registry_.prune_closed_before(cutoff);
  for (Parent& parent : parents_)
    if (parent.handle.valid() && registry_.find(parent.handle) == nullptr) recycle(parent);
  return dropped;
}

}  // namespace nightdesk::engine
