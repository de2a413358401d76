// TradingDesk: construction, subscriptions, account updates and the snapshot accessors.
#include "engine/trading_desk.h"

#include <algorithm>

#include "engine/risk_inputs.h"

namespace nightdesk::engine {

Status TradingDeskConfig::validate() const {
  if (auto s = limits.validate(); !s) return s;
  if (auto s = management.validate(); !s) return s;
  if (management_interval.count() < 0) return fail(ErrorCode::invalid_argument, "must be >= 0", "management_interval");
  if (account_interval.count() < 0) return fail(ErrorCode::invalid_argument, "must be >= 0", "account_interval");
  return ok();
}

Result<std::unique_ptr<TradingDesk>> TradingDesk::create(TradingDeskConfig config, EventLoop& loop, OrderManager& orders,
                                                         CashSource cash, const TradingCalendar& calendar) {
  if (auto s = config.validate(); !s) return std::unexpected(s.error());
  if (!cash) return fail(ErrorCode::invalid_argument, "a cash source is required", "cash");
  std::unique_ptr<TradingDesk> desk(new TradingDesk(std::move(config), loop, orders, std::move(cash), calendar));
  desk->subscribe();
  return desk;
}

TradingDesk::TradingDesk(TradingDeskConfig config, EventLoop& loop, OrderManager& orders, CashSource cash,
                         const TradingCalendar& calendar)
    : config_(std::move(config)),
      loop_(loop),
      orders_(orders),
      cash_(std::move(cash)),
      calendar_(calendar),
      order_ids_("bot", config_.id_seed),
      person_order_ids_("close", config_.id_seed),
      portfolio_(config_.management, calendar, order_ids_),
      gate_(config_.limits),
      account_(calendar) {}

TradingDesk::~TradingDesk() {
  *alive_ = false;
  for (SubscriptionId id : subscriptions_) loop_.bus().unsubscribe(id);
}

void TradingDesk::subscribe() {
  MessageBus& bus = loop_.bus();
  subscriptions_.push_back(bus.subscribe<market::QuoteEvent>([this](const market::QuoteEvent& e) { on_quote(e); }));
  subscriptions_.push_back(bus.subscribe<execution::OrderFilled>([this](const execution::OrderFilled& e) { on_fill(e); }));
  subscriptions_.push_back(
      bus.subscribe<execution::OrderStateChanged>([this](const execution::OrderStateChanged& e) { on_state_changed(e); }));
  subscriptions_.push_back(
      bus.subscribe<broker::ExpirySettlement>([this](const broker::ExpirySettlement& s) { on_settlement(s); }));
}

risk::AccountSnapshot TradingDesk::snapshot() {
  bool new_day = false;
  risk::AccountSnapshot s = account_.update(cash_(), portfolio_, loop_.now(), &new_day);
  if (new_day) portfolio_.mark_start_of_day();
  return s;
}

risk::AccountSnapshot TradingDesk::update_account() {
  const Timestamp now = loop_.now();
  risk::AccountSnapshot s = snapshot();
  ++counters_.account_updates;
  last_account_ = now;
  account_due_ = false;
  auto actions = gate_.on_account(s, open_orders(), portfolio_view(portfolio_, orders_.quotes()), now);
  if (actions) carry_out(*actions);
  return s;
}

Result<risk::BuyingPower> TradingDesk::buying_power() const {
  return gate_.buying_power(account_.last(), portfolio_view(portfolio_, orders_.quotes()));
}

std::vector<execution::OrderRequest> TradingDesk::open_orders() const {
  std::vector<execution::OrderRequest> out;
  for (const auto& id : open_) {
    const execution::Order* order = orders_.find(id);
    if (order != nullptr && !execution::is_terminal(order->state)) out.push_back(order->request);
  }
  return out;
}

DeskMetrics TradingDesk::metrics() const {
  DeskMetrics m = counters_;
  m.breaker_state = gate_.breaker().state();
  for (const auto& [id, position] : portfolio_.positions()) {
    if (position.is_flat()) continue;
    ++(position.is_bot_managed() ? m.positions_bot_managed : m.positions_manual);
  }
  return m;
}

}  // namespace nightdesk::engine
