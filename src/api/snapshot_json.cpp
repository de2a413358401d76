#include "api/snapshot_json.h"

#include <array>

#include "execution/order_state.h"
#include "execution/order_terms.h"
#include "risk/margin_structure.h"

namespace nightdesk::api {
namespace {

// The realized-spread horizons of execution/execution_quality.h, in its order.
constexpr std::array<const char*, 4> kHorizons = {"1s", "5s", "60s", "5m"};

template <class T>
Json optional_json(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}
template <class Tag>
Json decimal(const Decimal4<Tag>& value) { return value.to_string(); }
template <class Tag>
Json decimal(const std::optional<Decimal4<Tag>>& value) { return value ? Json(value->to_string()) : Json(nullptr); }
template <class T>
Json money(const Result<T>& value) { return value ? Json(value->to_string()) : Json(nullptr); }

Json greek_set_json(const portfolio::GreekSet& g) {
  return {{"delta", g.delta}, {"gamma", g.gamma}, {"theta", g.theta}, {"vega", g.vega}};
}

Json action_json(const portfolio::ManagementAction& a) {
  Json j = {{"time", format_iso8601(a.time)},
            {"kind", std::string(portfolio::to_string(a.kind))},
            {"reason", a.reason},
            {"who", a.who},
            {"quantity", a.quantity.count()},
            {"pnl_pct", a.pnl_pct ? Json(a.pnl_pct->to_string()) : Json(nullptr)},
            {"threshold", a.threshold ? Json(a.threshold->to_string()) : Json(nullptr)},
            {"amount", decimal(a.amount)},
            {"level", optional_json(a.level)},
            {"order_id", a.order_id}};
  return j;
}

Json position_greeks_json(const portfolio::PositionGreeks& g) {
  return {{"as_of", format_iso8601(g.as_of)},
          {"spot", g.spot},
          {"units", g.units.count()},
          {"per_unit", greek_set_json(g.per_unit)},
          {"position", greek_set_json(g.position)},
          {"dollar_delta", g.dollar_delta},
          {"dollar_gamma_1pct", g.dollar_gamma_1pct}};
}

Json transition_json(const execution::OrderTransition& t) {
  return {{"from", std::string(execution::to_string(t.from))},
          {"to", std::string(execution::to_string(t.to))},
          {"event", std::string(execution::to_string(t.event))},
          {"time", format_iso8601(t.engine_time)},
          {"reason", t.reason}};
}

Json aggregate_json(const execution::QualityAggregate& a) {
  Json realized = Json::object();
  for (std::size_t i = 0; i < kHorizons.size(); ++i) realized[kHorizons[i]] = optional_json(a.realized_spread[i]);
  return {{"orders", a.orders},
          {"ordered", a.ordered.count()},
          {"filled", a.filled.count()},
          {"fills", a.fills},
          {"replaces", a.replaces},
          {"cancel_requests", a.cancel_requests},
          {"fill_rate", a.fill_rate},
          {"mean_seconds_to_first_fill", optional_json(a.mean_seconds_to_first_fill)},
          {"mean_seconds_to_complete", optional_json(a.mean_seconds_to_complete)},
          {"mean_replaces", optional_json(a.mean_replaces)},
          {"arrival_slippage", optional_json(a.arrival_slippage)},
          {"effective_spread", optional_json(a.effective_spread)},
          {"price_improvement", optional_json(a.price_improvement)},
          {"effective_over_quoted", optional_json(a.effective_over_quoted)},
          {"half_spread_crossed", optional_json(a.half_spread_crossed)},
          {"realized_spread", realized},
          {"implementation_shortfall", decimal(a.implementation_shortfall)},
          {"cancel_fill_ratio", optional_json(a.cancel_fill_ratio)}};
}

Json option_quote_json(const market::OptionQuote& q) {
  return {{"bid", decimal(q.quote.bid)},
          {"ask", decimal(q.quote.ask)},
          {"bid_size", q.quote.bid_size.count()},
          {"ask_size", q.quote.ask_size.count()},
          {"volume", optional_json(q.volume)},
          {"open_interest", optional_json(q.open_interest)},
          {"iv", optional_json(q.iv)},
          {"delta", optional_json(q.delta)}};
}

}  // namespace

Json fill_json(const execution::Fill& f) {
  return {{"fill_id", f.fill_id},          {"leg", f.leg},
          {"quantity", f.quantity.count()}, {"price", decimal(f.price)},
          {"fees", decimal(f.fees)},        {"venue_time", format_iso8601(f.venue_time)},
          {"engine_time", format_iso8601(f.engine_time)}};
}


Json instrument_json(const market::Instrument& i) {
  auto symbol = i.symbol();
  Json j = {{"symbol", symbol ? Json(*symbol) : Json(nullptr)}, {"underlying", i.underlying}};
  if (i.is_option()) {
    j["kind"] = "option";
    j["expiry"] = format_date(i.expiry);
    j["strike"] = decimal(i.strike);
    j["right"] = std::string(to_string(i.right));
    j["multiplier"] = i.multiplier;
  } else {
    j["kind"] = "underlying";
  }
  return j;
}

Json position_json(const portfolio::Position& p, const engine::DeskSnapshot& snapshot) {
  Json legs = Json::array();
  for (const auto& leg : p.legs()) {
    legs.push_back({{"instrument", instrument_json(leg.instrument)},
                    {"quantity", leg.quantity.count()},
                    {"open_cost", decimal(leg.open_cost())},
                    {"mark", decimal(leg.mark)},
                    {"market_value", decimal(leg.market_value())},
                    {"quoted_iv", optional_json(leg.quoted_iv)}});
  }
  Json history = Json::array();
  for (const auto& action : p.history()) history.push_back(action_json(action));
  auto pnl_pct = p.pnl_pct();
  auto greeks = snapshot.position_greeks.find(p.id());
  auto greeks_error = snapshot.greeks_errors.find(p.id());
  return {{"id", p.id()},
          {"underlying", p.underlying()},
          {"source", std::string(portfolio::to_string(p.source()))},
          {"bot_managed", p.is_bot_managed()},
          {"open", !p.is_flat()},
          {"opened", format_iso8601(p.opened_time())},
          {"legs", std::move(legs)},
          {"entry_cost", decimal(p.entry_cost())},
          {"open_cost", decimal(p.open_cost())},
          {"market_value", money(p.market_value())},
          {"unrealized_pnl", money(p.unrealized_pnl())},
          {"realized_pnl", decimal(p.realized_pnl())},
          {"fees", decimal(p.fees())},
          {"pnl_pct", pnl_pct ? Json(pnl_pct->to_string()) : Json(nullptr)},
          {"greeks", greeks != snapshot.position_greeks.end() ? position_greeks_json(greeks->second) : Json(nullptr)},
          {"greeks_error", greeks_error != snapshot.greeks_errors.end() ? Json(greeks_error->second) : Json(nullptr)},
          {"history", std::move(history)}};
}

Json positions_json(const engine::DeskSnapshot& snapshot) {
  Json out = Json::array();
  for (const auto& p : snapshot.positions) out.push_back(position_json(p, snapshot));
  return out;
}

Json positions_summary_json(const engine::DeskSnapshot& snapshot) {
  struct Totals {
    std::int64_t open = 0, closed = 0;
    Money realized, unrealized;
    std::int64_t unpriced = 0;  // open positions without a mark (not in unrealized)
    portfolio::GreekSet greeks;
  };
  Totals bot, manual;
  for (const auto& p : snapshot.positions) {
    Totals& t = p.is_bot_managed() ? bot : manual;
    t.realized += p.realized_pnl();
    if (p.is_flat()) {
      ++t.closed;
      continue;
    }
    ++t.open;
    if (auto u = p.unrealized_pnl()) t.unrealized += *u; else ++t.unpriced;
    if (auto g = snapshot.position_greeks.find(p.id()); g != snapshot.position_greeks.end()) t.greeks += g->second.position;
  }
  auto totals_json = [](const Totals& t) {
    return Json{{"open", t.open},
                {"closed", t.closed},
                {"realized_pnl", decimal(t.realized)},
                {"unrealized_pnl", decimal(t.unrealized)},
                {"unpriced", t.unpriced},
                {"greeks", greek_set_json(t.greeks)}};
  };
  return {{"bot_managed", totals_json(bot)},
          {"manual", totals_json(manual)},
          {"total_open", bot.open + manual.open},
          {"realized_pnl", decimal(bot.realized + manual.realized)},
          {"unrealized_pnl", decimal(bot.unrealized + manual.unrealized)},
          {"greeks", greek_set_json(snapshot.greeks.total)}};
}

Json order_json(const execution::Order& o) {
  const execution::OrderRequest& r = o.request;
  Json legs = Json::array();
  for (std::size_t i = 0; i < r.legs.size(); ++i) {
    auto average = o.leg_average_fill_price(i);
    legs.push_back({{"instrument", instrument_json(r.legs[i].instrument)},
                    {"side", std::string(execution::to_string(r.legs[i].side))},
                    {"ratio", r.legs[i].ratio},
                    {"filled", o.leg_fills.size() > i ? o.leg_fills[i].quantity().count() : 0},
                    {"average_price", average ? Json(average->to_string()) : Json(nullptr)}});
  }
  Json fills = Json::array();
  for (const auto& f : o.fills) fills.push_back(fill_json(f));
  Json history = Json::array();
  for (const auto& t : o.history) history.push_back(transition_json(t));
  auto average = o.average_fill_price();
  return {{"client_order_id", o.client_order_id().value()},
          {"order_id", o.order_id.value()},
          {"state", std::string(execution::to_string(o.state))},
          {"type", std::string(execution::to_string(r.type))},
          {"tif", std::string(execution::to_string(r.tif))},
          {"quantity", r.quantity.count()},
          {"filled", o.filled_quantity().count()},
          {"leaves", o.leaves_quantity().count()},
          {"limit_price", decimal(r.limit_price)},
          {"stop_price", decimal(r.stop_price)},
          {"average_price", average ? Json(average->to_string()) : Json(nullptr)},
          {"source", std::string(execution::to_string(r.source))},
          {"strategy", r.strategy_tag},
          {"position_id", r.parent_position_id},
          {"created", format_iso8601(o.created_time)},
          {"updated", format_iso8601(o.last_transition_time())},
          {"replaces", o.replace_count},
          {"fees", decimal(o.fees)},
          {"legs", std::move(legs)},
          {"fills", std::move(fills)},
          {"history", std::move(history)}};
}

Json portfolio_greeks_json(const engine::DeskSnapshot& snapshot) {
  const portfolio::PortfolioGreeks& g = snapshot.greeks;
  Json by_underlying = Json::object();
  for (const auto& [symbol, u] : g.by_underlying) {
    by_underlying[symbol] = {{"spot", u.spot},
                             {"greeks", greek_set_json(u.greeks)},
                             {"dollar_delta", u.dollar_delta},
                             {"dollar_gamma_1pct", u.dollar_gamma_1pct},
                             {"positions", u.positions}};
  }
  return {{"as_of", format_iso8601(snapshot.engine_time)},
          {"total", greek_set_json(g.total)},
          {"dollar_delta", g.dollar_delta},
          {"dollar_gamma_1pct", g.dollar_gamma_1pct},
          {"beta_weighted_delta", optional_json(g.beta_weighted_delta)},
          {"by_underlying", std::move(by_underlying)}};
}

Json portfolio_pnl_json(const engine::DeskSnapshot& snapshot) {
  const risk::AccountSnapshot& a = snapshot.account;
  Money realized, unrealized;
  for (const auto& p : snapshot.positions) {
    realized += p.realized_pnl();
    if (auto u = p.unrealized_pnl()) unrealized += *u;
  }
  return {{"as_of", format_iso8601(snapshot.engine_time)},
          {"equity", decimal(a.equity)},
          {"start_of_day_equity", decimal(a.start_of_day_equity)},
          {"peak_equity", decimal(a.peak_equity)},
          {"realized_pnl_today", decimal(a.realized_pnl_today)},
          {"unrealized_pnl_today", decimal(a.unrealized_pnl_today)},
          {"day_pnl", decimal(a.realized_pnl_today + a.unrealized_pnl_today)},
          {"realized_pnl", decimal(realized)},
          {"unrealized_pnl", decimal(unrealized)}};
}

Json breaker_transition_json(const risk::BreakerTransition& t) {
  return {{"time", format_iso8601(t.time)},
          {"from", std::string(risk::to_string(t.from))},
          {"to", std::string(risk::to_string(t.to))},
          {"trigger", std::string(risk::to_string(t.trigger))},
          {"numbers", t.numbers},
          {"who", t.who},
          {"reason", t.reason}};
}

Json risk_json(const engine::DeskSnapshot& snapshot) {
  const risk::RiskLimits& l = snapshot.limits;
  const risk::AccountSnapshot& a = snapshot.account;
  Json limits = {{"max_position_size_pct", l.max_position_size.to_string()},
                 {"max_daily_loss_pct", l.max_daily_loss.to_string()},
                 {"max_drawdown_pct", l.max_drawdown.to_string()},
                 {"max_risk_per_trade_pct", l.max_risk_per_trade.to_string()},
                 {"max_consecutive_losses", l.max_consecutive_losses},
                 {"max_abs_delta", optional_json(l.greeks.max_abs_delta)},
                 {"max_abs_gamma", optional_json(l.greeks.max_abs_gamma)},
                 {"max_abs_vega", optional_json(l.greeks.max_abs_vega)}};
  const risk::LossMeasure day = risk::daily_loss(a);
  const risk::LossMeasure down = risk::drawdown(a);
  Json greeks_usage = Json::object();
  for (const auto& [symbol, u] : snapshot.greeks.by_underlying) {
    const risk::GreekLimits& gl = l.greeks_for(symbol);
    greeks_usage[symbol] = {{"delta", u.greeks.delta}, {"gamma", u.greeks.gamma}, {"vega", u.greeks.vega},
                            {"max_abs_delta", optional_json(gl.max_abs_delta)},
                            {"max_abs_gamma", optional_json(gl.max_abs_gamma)},
                            {"max_abs_vega", optional_json(gl.max_abs_vega)}};
  }
  Json usage = {{"daily_loss", decimal(day.loss)},
                {"daily_loss_pct", day.percent().to_string()},
                {"drawdown", decimal(down.loss)},
                {"drawdown_pct", down.percent().to_string()},
                {"consecutive_losses", a.consecutive_losses},
                {"greeks", std::move(greeks_usage)}};
  Json power = nullptr;
  if (snapshot.buying_power) {
    const risk::BuyingPower& bp = *snapshot.buying_power;
    Json positions = Json::array();
    for (const auto& p : bp.positions) {
      positions.push_back({{"position_id", p.position_id},
                           {"structure", std::string(risk::to_string(p.margin.structure))},
                           {"requirement", decimal(p.margin.requirement)},
                           {"buying_power_effect", decimal(p.margin.buying_power_effect)},
                           {"formula", p.margin.formula}});
    }
    power = {{"equity", decimal(bp.equity)}, {"in_use", decimal(bp.in_use)}, {"available", decimal(bp.available)},
             {"positions", std::move(positions)}};
  }
  Json audit = Json::array();
  for (const auto& t : snapshot.breaker_audit) audit.push_back(breaker_transition_json(t));
  return {{"breaker", std::string(risk::to_string(snapshot.breaker))},
          {"limits", std::move(limits)},
          {"usage", std::move(usage)},
          {"equity", decimal(a.equity)},
          {"buying_power", std::move(power)},
          {"buying_power_error", snapshot.buying_power_error.empty() ? Json(nullptr) : Json(snapshot.buying_power_error)},
          {"audit", std::move(audit)}};
}

Json execution_quality_json(const engine::DeskSnapshot& snapshot) {
  const engine::ExecutionQualitySummary& q = snapshot.quality;
  Json by_symbol = Json::object();
  for (const auto& [symbol, a] : q.by_symbol) by_symbol[symbol] = aggregate_json(a);
  Json by_strategy = Json::object();
  for (const auto& [strategy, a] : q.by_strategy) by_strategy[strategy] = aggregate_json(a);
  Json recent = Json::array();
  for (const auto& o : q.recent) {
    recent.push_back({{"client_order_id", o.client_order_id.value()},
                      {"symbol", o.symbol},
                      {"strategy", o.strategy},
                      {"day", format_date(o.day)},
                      {"side", std::string(execution::to_string(o.side))},
                      {"ordered", o.ordered.count()},
                      {"filled", o.filled.count()},
                      {"replaces", o.replaces},
                      {"arrival_mid", decimal(o.arrival_mid)},
                      {"quoted_spread", decimal(o.quoted_spread)},
                      {"average_price", decimal(o.average_price)},
                      {"arrival_slippage", decimal(o.arrival_slippage)},
                      {"effective_spread", decimal(o.effective_spread)},
                      {"price_improvement", decimal(o.price_improvement)},
                      {"implementation_shortfall", decimal(o.implementation_shortfall)}});
  }
  return {{"total", aggregate_json(q.total)},
          {"by_symbol", std::move(by_symbol)},
          {"by_strategy", std::move(by_strategy)},
          {"recent", std::move(recent)}};
}

Json chain_json(const market::OptionChain& chain) {
  Json expiries = Json::array();
  for (const auto& [date, slice] : chain.expiries()) {
    Json strikes = Json::array();
    for (const auto& row : slice.strikes()) {
      strikes.push_back({{"strike", decimal(row.strike)},
                         {"call", row.call ? option_quote_json(*row.call) : Json(nullptr)},
                         {"put", row.put ? option_quote_json(*row.put) : Json(nullptr)}});
    }
    expiries.push_back({{"expiry", format_date(date)}, {"strikes", std::move(strikes)}});
  }
  const auto& uq = chain.underlying_quote();
  return {{"underlying", chain.underlying()},
          {"as_of", format_iso8601(chain.as_of())},
          {"spot", decimal(chain.spot())},
          {"underlying_quote", uq ? Json{{"bid", decimal(uq->bid)}, {"ask", decimal(uq->ask)}} : Json(nullptr)},
          {"expiries", std::move(expiries)}};
}

}  // namespace nightdesk::api
