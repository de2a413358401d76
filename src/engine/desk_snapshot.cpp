#include "engine/desk_snapshot.h"

#include <algorithm>

namespace nightdesk::engine {

const portfolio::Position* DeskSnapshot::position(std::string_view id) const {
  auto it = std::lower_bound(positions.begin(), positions.end(), id,
                             [](const portfolio::Position& p, std::string_view key) { return p.id() < key; });
  return it != positions.end() && it->id() == id ? &*it : nullptr;
}

const execution::Order* DeskSnapshot::order(std::string_view client_order_id) const {
  for (const auto& o : orders)
    if (o.client_order_id().value() == client_order_id) return &o;
  return nullptr;
}

namespace {

ExecutionQualitySummary summarise(const execution::ExecutionQualityBook& book, std::size_t recent) {
  ExecutionQualitySummary out;
  out.total = book.total();
  out.by_symbol = book.by_symbol();
  out.by_strategy = book.by_strategy();
  const auto& kept = book.orders();
  const std::size_t first = kept.size() > recent ? kept.size() - recent : 0;
  out.recent.assign(kept.begin() + static_cast<std::ptrdiff_t>(first), kept.end());
  return out;
}

}  // namespace

DeskSnapshot take_snapshot(const TradingDesk& desk, const OrderManager& orders, const EventLoop& loop,
                           std::shared_ptr<const market::ChainBook> chains, SnapshotLimits limits) {
  DeskSnapshot s;
  s.engine_time = loop.now();
  const portfolio::Portfolio& portfolio = desk.portfolio();
  s.positions.reserve(portfolio.positions().size());
  for (const auto& [id, position] : portfolio.positions()) {
    s.positions.push_back(position);
    if (const portfolio::PositionGreeks* g = portfolio.greeks(id)) s.position_greeks.emplace(id, *g);
  }
  s.greeks_errors = portfolio.greeks_errors();
  s.greeks = portfolio.portfolio_greeks();
  orders.for_each_order([&s](const execution::Order& order) { s.orders.push_back(order); });
  std::stable_sort(s.orders.begin(), s.orders.end(),
                   [](const execution::Order& a, const execution::Order& b) { return a.created_time < b.created_time; });

  s.account = desk.account();
  s.limits = desk.risk().limits();
  s.breaker = desk.risk().breaker().state();
  s.breaker_audit = desk.risk().breaker().audit_log();
  if (auto power = desk.buying_power()) {
    s.buying_power = std::move(*power);
  } else {
    s.buying_power_error = power.error().describe();
  }

  s.quality = summarise(orders.quality(), limits.recent_quality);
  s.chains = std::move(chains);
  s.order_metrics = orders.metrics();
  s.desk_metrics = desk.metrics();
  s.loop = loop.stats();
  return s;
}

}  // namespace nightdesk::engine
