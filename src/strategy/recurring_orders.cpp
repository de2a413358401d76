#include "strategy/recurring_orders.h"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "strategy/entry_params.h"

namespace nightdesk::strategy {
namespace {

constexpr std::string_view kTagPrefix = "recurring:";

// When the template was last looked at: its last record, else its creation.
Timestamp last_seen(const RecurringTemplate& t) {
  return t.history.empty() ? t.created_at : std::max(t.created_at, t.history.back().time);
}

}  // namespace

RecurringOrders::RecurringOrders(engine::EventLoop& loop, engine::TradingDesk& desk, engine::OrderManager& orders,
                                 const TradingCalendar& calendar, RecurringOrdersConfig config)
    : loop_(loop), desk_(desk), orders_(orders), calendar_(calendar), config_(config) {
  subscribe();
}

RecurringOrders::~RecurringOrders() {
  *alive_ = false;
  if (wake_.valid()) loop_.cancel(wake_);
  for (auto id : subscriptions_) loop_.bus().unsubscribe(id);
}

void RecurringOrders::subscribe() {
  auto& bus = loop_.bus();
  subscriptions_.push_back(bus.subscribe<market::QuoteEvent>([this](const market::QuoteEvent& e) { on_quote(e); }));
  subscriptions_.push_back(bus.subscribe<execution::OrderFilled>([this](const execution::OrderFilled& e) { on_fill(e); }));
  subscriptions_.push_back(
      bus.subscribe<execution::OrderStateChanged>([this](const execution::OrderStateChanged& e) { on_state_changed(e); }));
}

Result<std::string> RecurringOrders::add(RecurringTemplate t) {
  if (auto valid = t.validate(); !valid) return std::unexpected(valid.error());
  if (t.id.empty()) {
    do t.id = fmt::format("t{}", next_id_++);
    while (templates_.contains(t.id));
  }
  if (templates_.contains(t.id)) return fail(ErrorCode::conflict, fmt::format("template {} already exists", t.id), "id");
  if (t.created_at == Timestamp{}) t.created_at = loop_.now();
  indicators_.try_emplace(t.underlying, config_.iv_every);
  auto [it, inserted] = templates_.emplace(t.id, std::move(t));
  (void)refresh_status(it->second, loop_.now(), calendar_);
  changed(it->second);
  arm();
  return it->first;
}

Status RecurringOrders::pause(std::string_view id) {
  auto it = templates_.find(id);
  if (it == templates_.end()) return fail(ErrorCode::not_found, fmt::format("no template {}", id), "id");
  if (auto s = strategy::pause(it->second); !s) return s;
  changed(it->second);
  return ok();
}

Status RecurringOrders::resume(std::string_view id) {
  auto it = templates_.find(id);
  if (it == templates_.end()) return fail(ErrorCode::not_found, fmt::format("no template {}", id), "id");
  Status s = strategy::resume(it->second, loop_.now(), calendar_);
  changed(it->second);  // resume may have expired or completed it instead
  arm();
  return s;
}

Status RecurringOrders::remove(std::string_view id) {
  auto it = templates_.find(id);
  if (it == templates_.end()) return fail(ErrorCode::not_found, fmt::format("no template {}", id), "id");
  const std::string removed = it->first;
  templates_.erase(it);
  holds_.erase(removed);
  arm();
  if (removal_listener_) removal_listener_(removed);
  return ok();
}

Status RecurringOrders::update(std::string_view id, RecurringTemplate definition) {
  auto it = templates_.find(id);
  if (it == templates_.end()) return fail(ErrorCode::not_found, fmt::format("no template {}", id), "id");
  RecurringTemplate& t = it->second;
  if (t.status == TemplateStatus::expired || t.status == TemplateStatus::completed)
    return fail(ErrorCode::conflict, fmt::format("template {} is {}: it cannot change", id, to_string(t.status)), "status");
  if (auto valid = definition.validate(); !valid) return valid;
  const TemplateStatus wanted = definition.status;
  definition.id = t.id;
  definition.created_at = t.created_at;
  definition.history = std::move(t.history);
  definition.status = t.status;
  t = std::move(definition);
  holds_.erase(t.id);  // a new definition may be an order the breaker lets through
  indicators_.try_emplace(t.underlying, config_.iv_every);
  Status moved = ok();
  if (wanted == TemplateStatus::paused) moved = strategy::pause(t);
  else if (wanted == TemplateStatus::active && t.status == TemplateStatus::paused) moved = strategy::resume(t, loop_.now(), calendar_);
  (void)refresh_status(t, loop_.now(), calendar_);
  changed(t);
  arm();
  return moved;
}

const RecurringTemplate* RecurringOrders::find(std::string_view id) const {
  auto it = templates_.find(id);
  return it == templates_.end() ? nullptr : &it->second;
}

std::vector<const RecurringTemplate*> RecurringOrders::templates() const {
  std::vector<const RecurringTemplate*> out;
  for (const auto& [id, t] : templates_) out.push_back(&t);
  return out;
}

const UnderlyingIndicators* RecurringOrders::indicators(std::string_view underlying) const {
  auto it = indicators_.find(underlying);
  return it == indicators_.end() ? nullptr : &it->second;
}

void RecurringOrders::changed(const RecurringTemplate& t) {
  if (listener_) listener_(t);
}

BuildContext RecurringOrders::build_context(std::string_view underlying) const {
  BuildContext c;
  c.calendar = &calendar_;
  c.now = loop_.now();
  const portfolio::PricingAssumptions& p = desk_.portfolio().settings().pricing;
  c.pricing.rate = p.rate;
  c.pricing.dividend_yield = p.dividend_for(underlying);
  return c;
}

void RecurringOrders::arm() {
  std::optional<Timestamp> earliest;
  for (const auto& [id, t] : templates_) {
    const bool waiting = t.status == TemplateStatus::active || t.status == TemplateStatus::paused;
    if (!waiting || t.schedule.kind == ScheduleKind::conditional) continue;
    auto next = next_fire_time(t.schedule, last_seen(t), calendar_);
    if (!next) {
      spdlog::warn("template {}: no next fire time: {}", t.id, next.error().describe());
      continue;
    }
    if (*next && (!earliest || **next < *earliest)) earliest = **next;
  }
  if (wake_.valid() && earliest && *earliest == wake_at_) return;
  if (wake_.valid()) loop_.cancel(wake_);
  wake_ = TimerId{};
  if (!earliest) return;
  wake_at_ = std::max(*earliest, loop_.now());
  wake_ = loop_.schedule_at(wake_at_, [this, alive = alive_] {
    if (!*alive) return;
    wake_ = TimerId{};
    evaluate();
  });
}

void RecurringOrders::evaluate() {
  const Timestamp now = loop_.now();
  for (auto& [id, t] : templates_)
    if (t.schedule.kind != ScheduleKind::conditional) evaluate(t, now);
  arm();
}

void RecurringOrders::evaluate(RecurringTemplate& t, Timestamp now) {
  const TemplateStatus before = t.status;
  if (auto status = refresh_status(t, now, calendar_); status && *status != before) changed(t);
  if (t.status == TemplateStatus::paused) return skip_paused(t, now);
  auto due = due_fire(t, now, calendar_);
  if (!due) {
    spdlog::warn("template {}: {}", t.id, due.error().describe());
    return;
  }
  if (!*due) return;
  if ((*due)->missed) {
    const auto late = std::chrono::duration_cast<std::chrono::minutes>(now - (*due)->scheduled);
    record_fire(t, {(*due)->scheduled, "", FireOutcome::missed,
                    fmt::format("found {} min late (late_tolerance {} min)", late.count(), t.late_tolerance.count())});
    changed(t);
    return;
  }
  fire(t, now);
}

// A fire time that passes while paused is recorded as skipped, so resuming only takes later fires.
void RecurringOrders::skip_paused(RecurringTemplate& t, Timestamp now) {
  auto next = next_fire_time(t.schedule, last_seen(t), calendar_);
  if (!next || !*next || **next > now) return;
  record_fire(t, {**next, "", FireOutcome::skipped, "paused"});
  changed(t);
}

void RecurringOrders::fire(RecurringTemplate& t, Timestamp now) {
  const bool conditional = t.schedule.kind == ScheduleKind::conditional;
  const market::OptionChain* chain = desk_.chains().chain(t.underlying);
  if (chain == nullptr) {
    if (!conditional) {
      record_fire(t, {now, "", FireOutcome::skipped, fmt::format("no quotes for {} yet", t.underlying)});
      changed(t);
    }
    return;
  }
  const risk::CircuitBreaker& breaker = desk_.risk().breaker();
  BreakerHold& hold = holds_[t.id];
  if (hold.held(breaker)) {
    if (!conditional) {  // a conditional template looks every check interval: recording each look would flood its history
      record_fire(t, {now, "", FireOutcome::skipped, hold.reason(breaker)});
      changed(t);
    }
    return;
  }
  ConditionSnapshot snapshot = indicators_.at(t.underlying).snapshot(*chain);
  const portfolio::GreekSet greeks = desk_.portfolio().portfolio_greeks().total;
  snapshot.portfolio_delta = greeks.delta;
  snapshot.portfolio_gamma = greeks.gamma;
  snapshot.portfolio_theta = greeks.theta;
  snapshot.portfolio_vega = greeks.vega;
  const std::size_t records = t.history.size();
  auto prepared = prepare_fire(t, now, snapshot, *chain, build_context(t.underlying));
  if (!prepared) {
    record_fire(t, {now, "", FireOutcome::skipped, prepared.error().describe()});
    changed(t);
    return;
  }
  if (!*prepared) {
    if (t.history.size() != records) changed(t);
    return;
  }
  BuiltOrder& order = **prepared;
  const engine::ExecutionStyle style = t.pricing.mode == PricingMode::smart ? engine::ExecutionStyle::smart : engine::ExecutionStyle::direct;
  order.request.limit_price = entry_limit(order, style);
  order.request.client_order_id = execution::ClientOrderId(fmt::format("rt-{}-{}", t.id, t.history.size() + 1));
  order.request.source = execution::OrderSource::strategy;
  const std::string id = order.request.client_order_id.value();
  auto placed = desk_.submit(engine::ParentOrderRequest{std::move(order.request), style});
  hold.note(breaker, placed ? nullptr : &placed.error());
  if (!placed) {
    record_fire(t, {now, id, FireOutcome::rejected, placed.error().message});
  } else {
    record_fire(t, {now, id, FireOutcome::submitted, ""});
    if ((*placed)->state == execution::OrderState::rejected)
      (void)update_outcome(t, id, FireOutcome::rejected, "rejected by the order manager");
  }
  changed(t);
}

void RecurringOrders::on_quote(const market::QuoteEvent& event) {
  auto ind = indicators_.find(event.underlying);
  if (ind == indicators_.end()) return;
  const market::OptionChain* chain = desk_.chains().chain(event.underlying);
  if (chain == nullptr) return;
  const Timestamp now = loop_.now();
  ind->second.on_quote(*chain, build_context(event.underlying));
  if (event.kind != market::InstrumentKind::underlying) return;
  for (auto& [id, t] : templates_) {
    if (t.schedule.kind != ScheduleKind::conditional || t.underlying != event.underlying || t.status != TemplateStatus::active) continue;
    auto last = last_conditional_check_.find(id);
    if (last != last_conditional_check_.end() && now - last->second < config_.conditional_every) continue;
    last_conditional_check_[id] = now;
    evaluate(t, now);
  }
}

RecurringTemplate* RecurringOrders::template_of(const execution::ClientOrderId& id) {
  const execution::Order* order = orders_.find(id);
  if (order == nullptr || !order->request.strategy_tag.starts_with(kTagPrefix)) return nullptr;
  auto it = templates_.find(std::string_view(order->request.strategy_tag).substr(kTagPrefix.size()));
  return it == templates_.end() ? nullptr : &it->second;
}

void RecurringOrders::on_fill(const execution::OrderFilled& event) {
  if (event.state_after != execution::OrderState::filled) return;
  RecurringTemplate* t = template_of(event.fill.client_order_id);
  if (t == nullptr) return;
  if (update_outcome(*t, event.fill.client_order_id.value(), FireOutcome::filled)) changed(*t);
}

void RecurringOrders::on_state_changed(const execution::OrderStateChanged& event) {
  const execution::OrderState to = event.transition.to;
  if (!execution::is_terminal(to) || to == execution::OrderState::filled) return;
  RecurringTemplate* t = template_of(event.client_order_id);
  if (t == nullptr) return;
  const FireOutcome outcome = to == execution::OrderState::rejected ? FireOutcome::rejected : FireOutcome::cancelled;
  if (update_outcome(*t, event.client_order_id.value(), outcome, std::string(execution::to_string(to)))) {
    changed(*t);
    arm();  // a rejection may have reopened a completed template
  }
}

}  // namespace nightdesk::strategy
