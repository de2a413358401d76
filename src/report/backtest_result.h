// BacktestResult: everything a backtest report shows, as plain values recorded on engine time by the
// BacktestRecorder (equity curve, days, trades, fills, Greeks, attribution, execution quality) plus the
// performance figures computed from them. Money is fixed point (1e-4 USD, profit positive); ratios are
// double. Built on the engine thread; a finished result is an immutable value any thread may read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/fixed_point.h"
#include "common/time.h"
#include "engine/desk_metrics.h"
#include "engine/order_manager_metrics.h"
#include "execution/execution_quality.h"
#include "portfolio/pnl_attribution.h"
#include "portfolio/portfolio_greeks.h"
#include "report/performance_metrics.h"

namespace nightdesk::report {

// The account at one instant of engine time. equity = cash + open positions' marked value.
struct EquitySample {
  Timestamp time{};
  bool day_close = false;  // the day's closing sample (else an interval sample)
  Money equity;
  Money cash;
  Money drawdown;          // peak equity so far - equity (>= 0)
  double drawdown_ratio = 0;  // drawdown / peak (0 when the peak is <= 0)
  portfolio::GreekSet greeks;  // portfolio totals in position_greeks.h units
  double dollar_delta = 0;
  std::int64_t open_positions = 0;
};

// One trading day, from its closing sample. pnl = close equity - previous close (the first day: - starting equity).
struct DayResult {
  Date day{};
  Money close_equity;
  Money pnl;
  double daily_return = 0;  // pnl / previous close equity (0 when that is <= 0)
  portfolio::PnlAttribution attribution;  // the positions held through the day (desk start-of-day marks)
  std::int64_t positions_not_attributed = 0;
};

// One position from its first fill to flat (or still open at the end).
struct TradeRecord {
  std::string position_id;
  std::string underlying;
  std::string strategy;       // the strategy tag of its first order; "" when unknown
  std::string source;         // bot_managed / manual
  Timestamp opened{};
  std::optional<Timestamp> closed;  // none while open
  Money entry_cost;           // debit positive, credit negative
  Money realized_pnl;         // before fees
  Money fees;
  std::optional<Money> unrealized_pnl;  // open and fully marked only
  Money net_pnl;              // realized - fees (+ unrealized when open and marked)
  std::int64_t fills = 0;
};

// One execution booked on a position: a venue fill, or an expiry settlement.
struct FillRecord {
  Timestamp time{};
  std::string kind;           // "fill" or the expiry outcome ("expired_worthless", "assigned", ...)
  std::string client_order_id;
  std::string position_id;
  std::string strategy;
  std::string instrument;     // OCC symbol or the stock symbol
  std::string side;           // buy / sell ("" for a settlement)
  std::int64_t quantity = 0;  // contracts (signed for a settlement: the position before it)
  Price price;                // per share (a settlement: the intrinsic value)
  Money fees;
};

// Execution quality as the OrderManager measured it (spec A6), grouped for the report's tables.
struct ExecutionTables {
  execution::QualityAggregate total;
  std::map<std::string, execution::QualityAggregate> by_strategy;
  std::map<std::string, execution::QualityAggregate> by_symbol;
  engine::OrderManagerMetrics orders;
  std::map<std::string, std::uint64_t> orders_ended_by_state;  // terminal transitions seen, by state name
};

// Desk-level events counted over the run.
struct DeskEventCounts {
  std::uint64_t risk_refusals = 0;
  std::uint64_t rolls_skipped = 0;
  std::uint64_t breaker_transitions = 0;
  std::uint64_t expiries_settled = 0;  // settlement records booked
  engine::DeskMetrics desk;
};

struct BacktestResult {
  Timestamp start{};          // the first event's engine time
  Timestamp end{};            // the last sample's engine time
  std::uint64_t quote_events = 0;
  Money starting_equity;
  Money ending_equity;
  std::vector<EquitySample> equity_curve;
  std::vector<DayResult> days;
  std::vector<TradeRecord> trades;     // by position id
  std::vector<FillRecord> fills;       // in time order
  portfolio::PnlAttribution attribution;  // sum over days
  ExecutionTables execution;
  DeskEventCounts events;
  PerformanceSummary performance;
};

}  // namespace nightdesk::report
