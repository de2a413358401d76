#include "report/report_html.h"

#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "report/svg_chart.h"
#include "risk/circuit_breaker.h"

namespace nightdesk::report {
namespace {

constexpr const char* kStyle = R"(
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1000px;color:#1d2330;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d8dce3;padding-bottom:4px}
h3{font-size:14px;margin:14px 0 6px}.meta{color:#5a6372;font-size:12px}
table{border-collapse:collapse;margin:6px 0;font-size:12px}th,td{padding:3px 8px;border-bottom:1px solid #eceef2;text-align:right}
th{background:#f4f6f9;font-weight:600}td.l,th.l{text-align:left}.neg{color:#b3261e}.pos{color:#1b7f3b}
.chart{display:block;max-width:100%;height:auto}.frame{fill:#fbfcfd;stroke:#d8dce3}.axis{font-size:11px;fill:#5a6372}
.zero{stroke:#9aa3b1;stroke-dasharray:3 3}.line{fill:none;stroke-width:1.5}.equity{stroke:#2357c6}.drawdown{stroke:#b3261e}
.greek{stroke:#6a3fb5}.dot{fill:transparent}.dot:hover{fill:#1d2330}rect.up{fill:#3a9a5b}rect.down{fill:#c8473d}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:8px}.note{color:#5a6372;font-size:12px}
)";

std::string cell(const std::string& text, bool left = false) {
  return fmt::format("<td{}>{}</td>", left ? " class=\"l\"" : "", escape_html(text));
}
std::string money_cell(Money m) {
  return fmt::format("<td class=\"{}\">{}</td>", m < Money{} ? "neg" : "pos", escape_html(m.to_string()));
}
std::string ratio(const std::optional<double>& v, int decimals = 4) {
  return v && std::isfinite(*v) ? fmt::format("{:.{}f}", *v, decimals) : "n/a";
}
std::string percent(const std::optional<double>& v) { return v ? fmt::format("{:.2f}%", *v * 100) : "n/a"; }
std::string header_row(std::initializer_list<const char*> names, std::size_t left_columns = 1) {
  std::string out = "<tr>";
  std::size_t i = 0;
  for (const char* n : names) out += fmt::format("<th{}>{}</th>", i++ < left_columns ? " class=\"l\"" : "", n);
  return out + "</tr>";
}
std::string when(Timestamp t) { return format_iso8601(t); }

std::string section(const char* id, const char* title, const std::string& body) {
  return fmt::format("<section id=\"{}\"><h2>{}</h2>{}</section>\n", id, title, body);
}

std::string summary(const BacktestResult& r) {
  const PerformanceSummary& p = r.performance;
  auto row = [](const char* name, const std::string& value) {
    return fmt::format("<tr><th class=\"l\">{}</th><td>{}</td></tr>", name, escape_html(value));
  };
  std::string t = "<table>";
  t += row("Starting equity", r.starting_equity.to_string());
  t += row("Ending equity", r.ending_equity.to_string());
  t += row("Total P&amp;L", p.total_pnl.to_string());
  t += row("Total return", percent(p.total_return));
  t += row("Sharpe (daily, &#8730;252, rf 0)", ratio(p.sharpe, 3));
  t += row("Sortino (daily, &#8730;252, rf 0)", ratio(p.sortino, 3));
  t += row("Max drawdown", fmt::format("{} ({:.2f}%)", p.max_drawdown.amount.to_string(), p.max_drawdown.ratio * 100));
  t += row("Trading days", std::to_string(p.trading_days));
  t += row("Closed trades", std::to_string(p.trades.closed));
  t += row("Win rate", percent(p.trades.win_rate));
  t += row("Profit factor", ratio(p.trades.profit_factor, 3));
  t += row("Average trade", p.trades.average_trade ? p.trades.average_trade->to_string() : "n/a");
  t += row("Quote events", std::to_string(r.quote_events));
  return t + "</table>";
}

ChartFrame frame(const BacktestResult& r, std::string title, int decimals = 2) {
  ChartFrame f;
  f.title = std::move(title);
  if (!r.equity_curve.empty()) {
    f.x_first = format_iso8601(r.equity_curve.front().time).substr(0, 10);
    f.x_last = format_iso8601(r.equity_curve.back().time).substr(0, 10);
  }
  f.y_decimals = decimals;
  return f;
}

double seconds(Timestamp t) { return static_cast<double>(to_unix_nanos(t)) / 1e9; }

std::string curve_chart(const BacktestResult& r, const char* title, const char* css,
                        double (*value)(const EquitySample&), int decimals = 2) {
  std::vector<ChartPoint> points;
  points.reserve(r.equity_curve.size());
  for (const EquitySample& s : r.equity_curve)
    points.push_back({seconds(s.time), value(s), fmt::format("{}: {:.{}f}", when(s.time), value(s), decimals)});
  return line_chart_svg(frame(r, title, decimals), points, css);
}

std::string daily_chart(const BacktestResult& r) {
  std::vector<ChartPoint> points;
  for (const DayResult& d : r.days)
    points.push_back({0, d.pnl.to_double(), fmt::format("{}: {}", format_date(d.day), d.pnl.to_string())});
  ChartFrame f = frame(r, "Daily P&L");
  if (!r.days.empty()) f.x_first = format_date(r.days.front().day), f.x_last = format_date(r.days.back().day);
  return bar_chart_svg(f, points);
}

std::string greeks(const BacktestResult& r) {
  std::string out = "<p class=\"note\">Portfolio totals at each sample: delta in shares, gamma in shares per $1, "
                    "theta in $ per calendar day, vega in $ per vol point.</p><div class=\"grid\">";
  auto one = [&](const char* name, double (*value)(const EquitySample&)) {
    out += fmt::format("<div><h3>{}</h3>{}</div>", name, curve_chart(r, name, "greek", value, 2));
  };
  one("Delta", [](const EquitySample& s) { return s.greeks.delta; });
  one("Gamma", [](const EquitySample& s) { return s.greeks.gamma; });
  one("Theta", [](const EquitySample& s) { return s.greeks.theta; });
  one("Vega", [](const EquitySample& s) { return s.greeks.vega; });
  return out + "</div>";
}

std::string attribution_cells(const portfolio::PnlAttribution& a) {
  return money_cell(a.actual) + money_cell(a.delta) + money_cell(a.gamma) + money_cell(a.theta) + money_cell(a.vega) +
         money_cell(a.residual);
}

std::string attribution(const BacktestResult& r) {
  std::string t = "<p class=\"note\">Mark-to-mark P&amp;L of the positions held through each day, split by the "
                  "start-of-day Greeks; trading P&amp;L of positions opened or closed that day is not attributed.</p>";
  t += "<table>" + header_row({"Period", "Actual", "Delta", "Gamma", "Theta", "Vega", "Residual"});
  t += "<tr>" + cell("Whole run", true) + attribution_cells(r.attribution) + "</tr>";
  for (const DayResult& d : r.days) t += "<tr>" + cell(format_date(d.day), true) + attribution_cells(d.attribution) + "</tr>";
  return t + "</table>";
}

std::string aggregate_row(const std::string& name, const execution::QualityAggregate& a) {
  return "<tr>" + cell(name, true) + cell(std::to_string(a.orders)) + cell(std::to_string(a.filled.count())) +
         cell(ratio(a.fill_rate)) + cell(ratio(a.arrival_slippage)) + cell(ratio(a.effective_spread)) +
         cell(ratio(a.price_improvement)) + cell(ratio(a.half_spread_crossed)) + cell(ratio(a.realized_spread[2])) +
         cell(std::to_string(a.replaces)) + money_cell(a.implementation_shortfall) + "</tr>";
}

std::string execution_quality(const BacktestResult& r) {
  const ExecutionTables& e = r.execution;
  const auto head = header_row({"Group", "Orders", "Filled", "Fill rate", "Arrival slip $", "Eff. spread $",
                                "Price impr. $", "Half-spread crossed", "Realized 60s $", "Replaces", "Shortfall $"});
  std::string out = "<table>" + head + aggregate_row("All orders", e.total) + "</table>";
  out += "<h3>By strategy</h3><table>" + head;
  for (const auto& [name, a] : e.by_strategy) out += aggregate_row(name, a);
  out += "</table><h3>By symbol</h3><table>" + head;
  for (const auto& [name, a] : e.by_symbol) out += aggregate_row(name, a);
  out += "</table>";
  const engine::OrderManagerMetrics& m = e.orders;
  out += "<h3>Orders</h3><table>" + header_row({"Counter", "Value"});
  auto row = [&](const std::string& name, std::uint64_t v) { out += "<tr>" + cell(name, true) + cell(std::to_string(v)) + "</tr>"; };
  row("submitted", m.orders_submitted);
  row("fills", m.fills);
  row("walks started", m.walks_started);
  row("walk steps", m.walk_steps);
  row("replaces sent", m.replaces_sent);
  row("cancels sent", m.cancels_sent);
  row("risk refusals", r.events.risk_refusals);
  row("breaker transitions", r.events.breaker_transitions);
  for (const auto& [state, n] : e.orders_ended_by_state) row("ended " + state, n);
  for (const auto& [reason, n] : m.rejects_by_reason) row("rejected: " + reason, n);
  return out + "</table>";
}

std::string trades(const BacktestResult& r) {
  std::string t = "<table>" + header_row({"Position", "Strategy", "Opened", "Closed", "Entry cost", "Realized", "Fees",
                                          "Unrealized", "Net P&amp;L", "Fills"}, 2);
  for (const TradeRecord& x : r.trades) {
    t += "<tr>" + cell(x.position_id, true) + cell(x.strategy, true) + cell(when(x.opened)) +
         cell(x.closed ? when(*x.closed) : "open") + money_cell(x.entry_cost) + money_cell(x.realized_pnl) +
         money_cell(x.fees) + (x.unrealized_pnl ? money_cell(*x.unrealized_pnl) : cell("")) + money_cell(x.net_pnl) +
         cell(std::to_string(x.fills)) + "</tr>";
  }
  return t + "</table>";
}

std::string fills(const BacktestResult& r) {
  std::string t = fmt::format("<details><summary>{} executions</summary><table>", r.fills.size());
  t += header_row({"Time", "Kind", "Order", "Position", "Instrument", "Side", "Qty", "Price", "Fees"}, 6);
  for (const FillRecord& f : r.fills) {
    t += "<tr>" + cell(when(f.time), true) + cell(f.kind, true) + cell(f.client_order_id, true) +
         cell(f.position_id, true) + cell(f.instrument, true) + cell(f.side, true) + cell(std::to_string(f.quantity)) +
         cell(f.price.to_string()) + money_cell(f.fees) + "</tr>";
  }
  return t + "</table></details>";
}

std::string run_line(const BacktestResult& r, const RunInfo& info) {
  std::string data = info.synthetic_seed ? fmt::format("synthetic market, seed {}", *info.synthetic_seed) : "";
  for (const auto& d : info.data) data += (data.empty() ? "" : ", ") + d;
  std::string strategies = info.strategies.empty() ? "none (bot management only)" : "";
  for (const auto& s : info.strategies) strategies += (strategies.empty() ? "" : ", ") + s;
  std::string overrides;
  for (const auto& o : info.overrides) overrides += (overrides.empty() ? "" : ", ") + o;
  return fmt::format("<p class=\"meta\">{} to {} &#183; config {} &#183; data {} &#183; strategies {}{}</p>",
                     when(r.start), when(r.end), escape_html(info.config_path.empty() ? "(defaults)" : info.config_path),
                     escape_html(data), escape_html(strategies),
                     overrides.empty() ? "" : " &#183; overrides " + escape_html(overrides));
}

}  // namespace

std::string report_html(const BacktestResult& result, const RunInfo& info) {
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  page += fmt::format("<title>Nightdesk backtest: {}</title><style>{}</style></head>\n<body>\n", escape_html(info.label), kStyle);
  page += fmt::format("<header><h1>Nightdesk backtest: {}</h1>{}</header>\n", escape_html(info.label), run_line(result, info));
  page += section("summary", "Summary", summary(result));
  page += section("equity", "Equity curve",
                  curve_chart(result, "Equity", "equity", [](const EquitySample& s) { return s.equity.to_double(); }));
  page += section("drawdown", "Drawdown",
                  curve_chart(result, "Drawdown from peak", "drawdown", [](const EquitySample& s) { return -s.drawdown.to_double(); }));
  page += section("daily-pnl", "Daily P&amp;L", daily_chart(result));
  page += section("greeks", "Greeks over time", greeks(result));
  page += section("attribution", "P&amp;L attribution by Greek", attribution(result));
  page += section("execution-quality", "Execution quality", execution_quality(result));
  page += section("trades", "Trades", trades(result));
  page += section("fills", "Fills and settlements", fills(result));
  page += fmt::format("<footer class=\"meta\">Generated {} by nightdesk (report schema {}).</footer>\n</body></html>\n",
                      when(info.generated_at), 1);
  return page;
}

}  // namespace nightdesk::report
