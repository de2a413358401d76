// DeskSnapshot: an immutable copy of everything a person watches — positions with their Greeks and
// management history, every order the manager holds, portfolio Greeks and P&L, the account, risk limits and
// the breaker with its audit log, execution quality, the chains and the counters — taken whole on the
// engine thread so that a reader on another thread never sees a half-updated position. take_snapshot()
// runs on the engine thread; a finished snapshot is read-only and may be shared by any thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/desk_metrics.h"
#include "engine/event_loop.h"
#include "engine/order_manager.h"
#include "engine/order_manager_metrics.h"
#include "engine/trading_desk.h"
#include "execution/execution_quality.h"
#include "execution/order.h"
#include "market/chain_book.h"
#include "portfolio/pnl_attribution.h"
#include "portfolio/portfolio_greeks.h"
#include "portfolio/position.h"
#include "portfolio/position_greeks.h"
#include "risk/account_snapshot.h"
#include "risk/buying_power.h"
#include "risk/circuit_breaker.h"
#include "risk/risk_limits.h"

namespace nightdesk::engine {

struct ExecutionQualitySummary {
  execution::QualityAggregate total;
  std::map<std::string, execution::QualityAggregate> by_symbol;
  std::map<std::string, execution::QualityAggregate> by_strategy;
  std::vector<execution::OrderQuality> recent;  // the newest per-order records, oldest first
};

struct DeskSnapshot {
  std::uint64_t sequence = 0;  // 1, 2, ... per publisher: a reader can tell a newer snapshot
  Timestamp engine_time{};

  std::vector<portfolio::Position> positions;  // by id; flat (closed) positions included
  std::map<std::string, portfolio::PositionGreeks, std::less<>> position_greeks;  // positions that could be priced
  std::map<std::string, std::string, std::less<>> greeks_errors;                  // why a position has none
  portfolio::PortfolioGreeks greeks;
  std::vector<execution::Order> orders;  // every order the manager holds, oldest first

  risk::AccountSnapshot account;
  risk::RiskLimits limits;
  risk::BreakerState breaker = risk::BreakerState::active;
  std::vector<risk::BreakerTransition> breaker_audit;
  std::optional<risk::BuyingPower> buying_power;  // none when a position could not be priced
  std::string buying_power_error;

  ExecutionQualitySummary quality;
  std::shared_ptr<const market::ChainBook> chains;  // shared between snapshots until a quote changes it

  OrderManagerMetrics order_metrics;
  DeskMetrics desk_metrics;
  LoopStats loop;

  const portfolio::Position* position(std::string_view id) const;
  const execution::Order* order(std::string_view client_order_id) const;
};

struct SnapshotLimits {
  std::size_t recent_quality = 200;  // per-order quality records copied
};

// Engine thread. `chains` is the copy to share (the caller refreshes it when quotes arrived).
DeskSnapshot take_snapshot(const TradingDesk& desk, const OrderManager& orders, const EventLoop& loop,
                           std::shared_ptr<const market::ChainBook> chains, SnapshotLimits limits = {});

}  // namespace nightdesk::engine
