#include "strategy/strategy_host.h"

#include <algorithm>
#include <exception>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/id_generator.h"

namespace nightdesk::strategy {
namespace {

bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
}

}  // namespace

Result<std::unique_ptr<StrategyHost>> StrategyHost::create(engine::EventLoop& loop, engine::TradingDesk& desk,
                                                           engine::OrderManager& orders, const TradingCalendar& calendar,
                                                           StrategyHostConfig config) {
  if (config.max_exceptions == 0) return fail(ErrorCode::invalid_argument, "must be > 0", "max_exceptions");
  std::unique_ptr<StrategyHost> host(new StrategyHost(loop, desk, orders, calendar, config));
  host->subscribe();
  host->recurring_ = std::make_unique<RecurringOrders>(loop, desk, orders, calendar, config.recurring);
  return host;
}

StrategyHost::StrategyHost(engine::EventLoop& loop, engine::TradingDesk& desk, engine::OrderManager& orders,
                           const TradingCalendar& calendar, StrategyHostConfig config)
    : loop_(loop), desk_(desk), orders_(orders), calendar_(calendar), config_(config) {}

StrategyHost::~StrategyHost() {
  *alive_ = false;
  for (auto id : subscriptions_) loop_.bus().unsubscribe(id);
}

void StrategyHost::subscribe() {
  auto& bus = loop_.bus();
  subscriptions_.push_back(bus.subscribe<market::QuoteEvent>([this](const market::QuoteEvent& e) { on_quote(e); }));
  subscriptions_.push_back(bus.subscribe<execution::OrderFilled>([this](const execution::OrderFilled& e) { on_fill(e); }));
  subscriptions_.push_back(
      bus.subscribe<execution::OrderStateChanged>([this](const execution::OrderStateChanged& e) { on_state_changed(e); }));
}

Status StrategyHost::add(std::unique_ptr<Strategy> strategy) {
  if (!strategy) return fail(ErrorCode::invalid_argument, "no strategy", "strategy");
  const std::string name = strategy->name();
  if (!valid_name(name))
    return fail(ErrorCode::invalid_argument, fmt::format("'{}' must be non-empty letters, digits, '_', '-' or '.'", name), "name");
  if (by_name_.contains(name)) return fail(ErrorCode::conflict, fmt::format("a strategy named '{}' is already running", name), "name");
  const std::size_t index = slots_.size();
  auto slot = std::make_unique<Slot>();
  slot->strategy = std::move(strategy);
  slot->context.reset(new StrategyContext(*this, index));
  slots_.push_back(std::move(slot));
  by_name_.emplace(name, index);
  Slot& s = *slots_[index];
  // After a restart the manager holds the journal's orders: this strategy's ids continue after its own.
  const std::string id_prefix = name + "-";
  orders_.for_each_order([&](const execution::Order& order) {
    if (auto n = id_sequence(order.client_order_id().value(), id_prefix); n && *n >= s.next_order) s.next_order = *n + 1;
  });
  guarded(s, "on_start", [&] { s.strategy->on_start(*s.context); });
  return ok();
}

const Strategy* StrategyHost::find(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? nullptr : slots_[it->second]->strategy.get();
}

Result<StrategyCounters> StrategyHost::counters(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  if (it == by_name_.end()) return fail(ErrorCode::not_found, fmt::format("no strategy named '{}'", name), "name");
  return slots_[it->second]->counters;
}

std::vector<std::pair<std::string, StrategyCounters>> StrategyHost::all_counters() const {
  std::vector<std::pair<std::string, StrategyCounters>> out;
  out.reserve(slots_.size());
  for (const auto& s : slots_) out.emplace_back(s->strategy->name(), s->counters);
  return out;
}

template <class F>
void StrategyHost::guarded(Slot& slot, const char* callback, F&& call) {
  if (slot.counters.stopped) return;
  try {
    call();
    return;
  } catch (const std::exception& e) {
    slot.counters.last_exception = fmt::format("{}: {}", callback, e.what());
  } catch (...) {
    slot.counters.last_exception = fmt::format("{}: unknown exception", callback);
  }
  ++slot.counters.exceptions;
  spdlog::error("strategy {} threw in {}", slot.strategy->name(), slot.counters.last_exception);
  if (slot.counters.exceptions >= config_.max_exceptions) {
    slot.counters.stopped = true;
    spdlog::error("strategy {} stopped after {} exceptions", slot.strategy->name(), slot.counters.exceptions);
  }
}

void StrategyHost::on_quote(const market::QuoteEvent& event) {
  const std::size_t n = slots_.size();  // a strategy added during delivery starts with the next quote
  for (std::size_t i = 0; i < n; ++i) {
    Slot& s = *slots_[i];
    if (s.counters.stopped) continue;
    ++s.counters.quotes;
    guarded(s, "on_quote", [&] { s.strategy->on_quote(*s.context, event); });
  }
}

StrategyHost::Slot* StrategyHost::owner_of(const execution::ClientOrderId& id, const execution::Order** order) {
  const execution::Order* o = orders_.find(id);
  if (o == nullptr) return nullptr;
  auto it = by_name_.find(o->request.strategy_tag);
  if (it == by_name_.end()) return nullptr;
  *order = o;
  return slots_[it->second].get();
}

void StrategyHost::on_fill(const execution::OrderFilled& event) {
  const execution::Order* order = nullptr;
  Slot* s = owner_of(event.fill.client_order_id, &order);
  if (s == nullptr) return;
  if (execution::is_terminal(event.state_after)) std::erase(s->working, event.fill.client_order_id);
  news_.push_back(OrderNews{by_name_.at(s->strategy->name()), event, event.fill.client_order_id, event.state_after});
  schedule_delivery();
}

// A filled order ends with its last OrderFilled (which comes after the state change); other ends here.
void StrategyHost::on_state_changed(const execution::OrderStateChanged& event) {
  const execution::OrderState to = event.transition.to;
  if (!execution::is_terminal(to) || to == execution::OrderState::filled) return;
  const execution::Order* order = nullptr;
  Slot* s = owner_of(event.client_order_id, &order);
  if (s == nullptr) return;
  std::erase(s->working, event.client_order_id);
  news_.push_back(OrderNews{by_name_.at(s->strategy->name()), std::nullopt, event.client_order_id, to});
  schedule_delivery();
}

void StrategyHost::schedule_delivery() {
  if (delivery_scheduled_) return;
  delivery_scheduled_ = true;
  loop_.schedule_at(loop_.now(), [this, alive = alive_] {
    if (*alive) deliver_order_events();
  });
}

void StrategyHost::deliver_order_events() {
  delivery_scheduled_ = false;
  std::vector<OrderNews> batch;
  batch.swap(news_);
  for (const OrderNews& n : batch) {
    Slot& s = *slots_[n.slot];
    const execution::Order* order = orders_.find(n.id);
    if (order == nullptr || s.counters.stopped) continue;
    if (n.fill) {
      ++s.counters.fills;
      guarded(s, "on_fill", [&] { s.strategy->on_fill(*s.context, StrategyFill{*n.fill, *order}); });
    } else {
      ++s.counters.order_ends;
      guarded(s, "on_order_end", [&] { s.strategy->on_order_end(*s.context, StrategyOrderEnd{*order, n.end}); });
    }
  }
}

Result<const execution::Order*> StrategyHost::submit(std::size_t index, execution::OrderRequest request,
                                                     engine::ExecutionStyle style) {
  Slot& s = *slots_.at(index);
  request.strategy_tag = s.strategy->name();
  request.source = execution::OrderSource::strategy;
  if (request.client_order_id.value().empty())
    request.client_order_id = execution::ClientOrderId(fmt::format("{}-{}", s.strategy->name(), s.next_order++));
  const std::uint64_t refused_before = desk_.metrics().orders_refused;
  auto placed = desk_.submit(engine::ParentOrderRequest{request, style});
  if (placed) {
    ++s.counters.orders_submitted;
    if (!execution::is_terminal((*placed)->state)) s.working.push_back((*placed)->client_order_id());
    return placed;
  }
  if (desk_.metrics().orders_refused > refused_before) {
    ++s.counters.orders_refused;
    s.counters.last_refusal = placed.error().message;
  } else {
    ++s.counters.submit_errors;
  }
  return placed;
}

Status StrategyHost::cancel(std::size_t index, const execution::ClientOrderId& id) {
  if (own_order(index, id) == nullptr)
    return fail(ErrorCode::not_found, fmt::format("{} is not an order of this strategy", id.value()), "client_order_id");
  ++slots_[index]->counters.cancels;
  return orders_.cancel(id);
}

const execution::Order* StrategyHost::own_order(std::size_t index, const execution::ClientOrderId& id) const {
  const execution::Order* o = orders_.find(id);
  return o != nullptr && o->request.strategy_tag == slots_.at(index)->strategy->name() ? o : nullptr;
}

TimerId StrategyHost::set_timer(std::size_t index, Timestamp when, std::uint64_t tag) {
  return loop_.schedule_at(when, [this, alive = alive_, index, tag] {
    if (!*alive) return;
    Slot& s = *slots_[index];
    if (s.counters.stopped) return;
    ++s.counters.timers;
    guarded(s, "on_timer", [&] { s.strategy->on_timer(*s.context, tag); });
  });
}

void StrategyHost::note_skip(std::size_t index, std::string reason) {
  Slot& s = *slots_.at(index);
  ++s.counters.skips;
  if (reason != s.counters.last_skip) spdlog::debug("strategy {} skipped: {}", s.strategy->name(), reason);
  s.counters.last_skip = std::move(reason);
}

// --- StrategyContext ---

const std::string& StrategyContext::strategy_name() const { return host_.slots_[slot_]->strategy->name(); }
Timestamp StrategyContext::now() const { return host_.loop_.now(); }
const TradingCalendar& StrategyContext::calendar() const { return host_.calendar_; }
const market::ChainBook& StrategyContext::chains() const { return host_.desk_.chains(); }
const market::OptionChain* StrategyContext::chain(std::string_view underlying) const { return host_.desk_.chains().chain(underlying); }
const portfolio::Portfolio& StrategyContext::portfolio() const { return host_.desk_.portfolio(); }
const risk::CircuitBreaker& StrategyContext::breaker() const { return host_.desk_.risk().breaker(); }
portfolio::PortfolioGreeks StrategyContext::portfolio_greeks() const { return host_.desk_.portfolio().portfolio_greeks(); }

BuildContext StrategyContext::build_context(std::string_view underlying) const {
  BuildContext c;
  c.calendar = &host_.calendar_;
  c.now = now();
  const portfolio::PricingAssumptions& p = host_.desk_.portfolio().settings().pricing;
  c.pricing.rate = p.rate;
  c.pricing.dividend_yield = p.dividend_for(underlying);
  return c;
}

Result<OptionAnalytics> StrategyContext::analyse(const market::OptionChain& chain, Date expiry, Price strike, OptionRight right) const {
  const market::ExpirySlice* slice = chain.expiry(expiry);
  const market::StrikeRow* row = slice == nullptr ? nullptr : slice->find(strike);
  if (row == nullptr || !row->side(right))
    return fail(ErrorCode::not_found, fmt::format("{} {} {} is not quoted", format_date(expiry), strike.to_string(), to_string(right)),
                "strike");
  auto spot = chain.spot();
  if (!spot) return fail(ErrorCode::unavailable, fmt::format("no price for {}", chain.underlying()), "underlying_price");
  return analyse_option(*row->side(right), right, strike, expiry, spot->to_double(), build_context(chain.underlying()));
}

Result<const execution::Order*> StrategyContext::submit(execution::OrderRequest request, engine::ExecutionStyle style) {
  return host_.submit(slot_, std::move(request), style);
}
Status StrategyContext::cancel(const execution::ClientOrderId& id) { return host_.cancel(slot_, id); }
const execution::Order* StrategyContext::order(const execution::ClientOrderId& id) const { return host_.own_order(slot_, id); }

std::vector<const execution::Order*> StrategyContext::working_orders() const {
  std::vector<const execution::Order*> out;
  for (const auto& id : host_.slots_[slot_]->working)
    if (const auto* o = host_.orders_.find(id); o != nullptr && !execution::is_terminal(o->state)) out.push_back(o);
  return out;
}

TimerId StrategyContext::set_timer(Timestamp when, std::uint64_t tag) { return host_.set_timer(slot_, when, tag); }
bool StrategyContext::cancel_timer(TimerId id) { return host_.loop_.cancel(id); }
void StrategyContext::skip(std::string reason) { host_.note_skip(slot_, std::move(reason)); }

}  // namespace nightdesk::strategy
