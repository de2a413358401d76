#include "report/report_json.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "risk/circuit_breaker.h"

namespace nightdesk::report {
namespace {

using Json = nlohmann::ordered_json;

Json money(Money m) { return m.to_string(); }
Json price(Price p) { return p.to_string(); }
// Rounded so the text is short and platform noise below 1e-8 never shows.
Json number(double v) {
  if (!std::isfinite(v)) return nullptr;
  const double rounded = std::round(v * 1e8) / 1e8;
  return rounded == 0 ? 0.0 : rounded;  // no "-0.0"
}
Json number(const std::optional<double>& v) { return v ? number(*v) : Json(nullptr); }
Json money(const std::optional<Money>& m) { return m ? money(*m) : Json(nullptr); }
Json time(Timestamp t) { return format_iso8601(t); }

Json attribution(const portfolio::PnlAttribution& a) {
  return Json{{"actual", money(a.actual)}, {"delta", money(a.delta)},  {"gamma", money(a.gamma)},
              {"theta", money(a.theta)},   {"vega", money(a.vega)},    {"residual", money(a.residual)}};
}

Json run(const BacktestResult& r, const RunInfo& info) {
  Json j;
  j["label"] = info.label;
  j["config"] = info.config_path;
  j["data"] = info.data;
  j["synthetic_seed"] = info.synthetic_seed ? Json(*info.synthetic_seed) : Json(nullptr);
  j["overrides"] = info.overrides;
  j["strategies"] = info.strategies;
  j["start"] = time(r.start);
  j["end"] = time(r.end);
  j["quote_events"] = r.quote_events;
  j["generated_at"] = time(info.generated_at);
  return j;
}

Json summary(const BacktestResult& r) {
  const PerformanceSummary& p = r.performance;
  Json j;
  j["starting_equity"] = money(r.starting_equity);
  j["ending_equity"] = money(r.ending_equity);
  j["total_pnl"] = money(p.total_pnl);
  j["total_return"] = number(p.total_return);
  j["sharpe"] = number(p.sharpe);
  j["sortino"] = number(p.sortino);
  j["risk_free_rate"] = 0;
  j["annualisation_days"] = 252;
  j["max_drawdown"] = money(p.max_drawdown.amount);
  j["max_drawdown_ratio"] = number(p.max_drawdown.ratio);
  j["trading_days"] = p.trading_days;
  j["trades_closed"] = p.trades.closed;
  j["winners"] = p.trades.winners;
  j["losers"] = p.trades.losers;
  j["win_rate"] = number(p.trades.win_rate);
  j["profit_factor"] = number(p.trades.profit_factor);
  j["gross_profit"] = money(p.trades.gross_profit);
  j["gross_loss"] = money(p.trades.gross_loss);
  j["average_trade"] = money(p.trades.average_trade);
  return j;
}

Json equity_curve(const BacktestResult& r) {
  Json rows = Json::array();
  for (const EquitySample& s : r.equity_curve) {
    rows.push_back(Json{{"time", time(s.time)},
                        {"day_close", s.day_close},
                        {"equity", money(s.equity)},
                        {"cash", money(s.cash)},
                        {"drawdown", money(s.drawdown)},
                        {"drawdown_ratio", number(s.drawdown_ratio)},
                        {"open_positions", s.open_positions}});
  }
  return rows;
}

Json greeks(const BacktestResult& r) {
  Json rows = Json::array();
  for (const EquitySample& s : r.equity_curve) {
    rows.push_back(Json{{"time", time(s.time)},
                        {"delta", number(s.greeks.delta)},
                        {"gamma", number(s.greeks.gamma)},
                        {"theta", number(s.greeks.theta)},
                        {"vega", number(s.greeks.vega)},
                        {"dollar_delta", number(s.dollar_delta)}});
  }
  return rows;
}

Json daily(const BacktestResult& r) {
  Json rows = Json::array();
  for (const DayResult& d : r.days) {
    rows.push_back(Json{{"date", format_date(d.day)},
                        {"close_equity", money(d.close_equity)},
                        {"pnl", money(d.pnl)},
                        {"return", number(d.daily_return)},
                        {"attribution", attribution(d.attribution)},
                        {"positions_not_attributed", d.positions_not_attributed}});
  }
  return rows;
}

Json trades(const BacktestResult& r) {
  Json rows = Json::array();
  for (const TradeRecord& t : r.trades) {
    rows.push_back(Json{{"position_id", t.position_id},
                        {"underlying", t.underlying},
                        {"strategy", t.strategy},
                        {"source", t.source},
                        {"opened", time(t.opened)},
                        {"closed", t.closed ? time(*t.closed) : Json(nullptr)},
                        {"entry_cost", money(t.entry_cost)},
                        {"realized_pnl", money(t.realized_pnl)},
                        {"fees", money(t.fees)},
                        {"unrealized_pnl", money(t.unrealized_pnl)},
                        {"net_pnl", money(t.net_pnl)},
                        {"fills", t.fills}});
  }
  return rows;
}

Json fills(const BacktestResult& r) {
  Json rows = Json::array();
  for (const FillRecord& f : r.fills) {
    rows.push_back(Json{{"time", time(f.time)},
                        {"kind", f.kind},
                        {"client_order_id", f.client_order_id},
                        {"position_id", f.position_id},
                        {"strategy", f.strategy},
                        {"instrument", f.instrument},
                        {"side", f.side},
                        {"quantity", f.quantity},
                        {"price", price(f.price)},
                        {"fees", money(f.fees)}});
  }
  return rows;
}

Json aggregate(const execution::QualityAggregate& a) {
  Json realized = Json::object();
  const char* horizons[] = {"1s", "5s", "60s", "300s"};
  for (std::size_t i = 0; i < a.realized_spread.size(); ++i) realized[horizons[i]] = number(a.realized_spread[i]);
  return Json{{"orders", a.orders},
              {"ordered", a.ordered.count()},
              {"filled", a.filled.count()},
              {"fills", a.fills},
              {"fill_rate", number(a.fill_rate)},
              {"replaces", a.replaces},
              {"cancel_requests", a.cancel_requests},
              {"mean_seconds_to_first_fill", number(a.mean_seconds_to_first_fill)},
              {"mean_seconds_to_complete", number(a.mean_seconds_to_complete)},
              {"arrival_slippage", number(a.arrival_slippage)},
              {"effective_spread", number(a.effective_spread)},
              {"price_improvement", number(a.price_improvement)},
              {"effective_over_quoted", number(a.effective_over_quoted)},
              {"half_spread_crossed", number(a.half_spread_crossed)},
              {"realized_spread", realized},
              {"implementation_shortfall", money(a.implementation_shortfall)},
              {"cancel_fill_ratio", number(a.cancel_fill_ratio)}};
}

Json aggregates(const std::map<std::string, execution::QualityAggregate>& by) {
  Json j = Json::object();
  for (const auto& [key, a] : by) j[key] = aggregate(a);
  return j;
}

Json counts(const auto& map) {
  Json j = Json::object();
  for (const auto& [key, n] : map) j[std::string(key)] = n;
  return j;
}

Json execution_quality(const ExecutionTables& e) {
  const engine::OrderManagerMetrics& m = e.orders;
  Json orders{{"submitted", m.orders_submitted},
              {"fills", m.fills},
              {"filled_contracts", m.filled_contracts},
              {"walks_started", m.walks_started},
              {"walks_refused", m.walks_refused},
              {"walk_steps", m.walk_steps},
              {"replaces_sent", m.replaces_sent},
              {"cancels_sent", m.cancels_sent},
              {"order_budget_stops", m.order_budget_stops},
              {"daily_budget_blocks", m.daily_budget_blocks},
              {"rate_limit_queued", m.rate_limit_queued},
              {"rate_limit_rejected", m.rate_limit_rejected},
              {"illegal_transitions", m.illegal_transitions},
              {"rejects_by_reason", counts(m.rejects_by_reason)},
              {"ended_by_state", counts(e.orders_ended_by_state)}};
  return Json{{"total", aggregate(e.total)},
              {"by_strategy", aggregates(e.by_strategy)},
              {"by_symbol", aggregates(e.by_symbol)},
              {"orders", orders}};
}

Json desk(const DeskEventCounts& e) {
  const engine::DeskMetrics& d = e.desk;
  return Json{{"risk_refusals", e.risk_refusals},
              {"refusals_by_rule", counts(d.refusals_by_rule)},
              {"rolls_skipped", e.rolls_skipped},
              {"breaker_transitions", e.breaker_transitions},
              {"breaker_state", std::string(risk::to_string(d.breaker_state))},
              {"expiries_settled", e.expiries_settled},
              {"exits_produced", d.exits_produced},
              {"rolls_started", d.rolls_started},
              {"fills_applied", d.fills_applied},
              {"fill_errors", d.fill_errors}};
}

}  // namespace

std::string report_json(const BacktestResult& result, const RunInfo& info) {
  Json doc;
  doc["schema"] = "nightdesk.backtest_report";
  doc["schema_version"] = kReportSchemaVersion;
  doc["run"] = run(result, info);
  doc["summary"] = summary(result);
  doc["equity_curve"] = equity_curve(result);
  doc["greeks"] = greeks(result);
  doc["daily"] = daily(result);
  doc["attribution"] = attribution(result.attribution);
  doc["trades"] = trades(result);
  doc["fills"] = fills(result);
  doc["execution_quality"] = execution_quality(result.execution);
  doc["desk"] = desk(result.events);
  return doc.dump(2) + "\n";
}

}  // namespace nightdesk::report
