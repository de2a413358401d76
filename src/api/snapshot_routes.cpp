#include "api/snapshot_routes.h"

#include <algorithm>

#include <fmt/format.h>

#include "api/snapshot_body_cache.h"
#include "api/snapshot_json.h"
#include "common/occ_symbol.h"
#include "execution/order_state.h"

namespace nightdesk::api {
namespace {

ApiResponse not_found(std::string_view what, std::string_view id, std::string_view field) {
  return ApiResponse::error(404, "not_found", fmt::format("no {} '{}'", what, id), field);
}

// ?status= is an order state ("working", "filled", ...) or "open" (not ended) / "closed" (ended).
Result<std::function<bool(const execution::Order&)>> status_filter(std::optional<std::string_view> status) {
  using Filter = std::function<bool(const execution::Order&)>;
  if (!status || status->empty()) return Filter([](const execution::Order&) { return true; });
  if (*status == "open") return Filter([](const execution::Order& o) { return !execution::is_terminal(o.state); });
  if (*status == "closed") return Filter([](const execution::Order& o) { return execution::is_terminal(o.state); });
  for (int i = 0; i < execution::kOrderStateCount; ++i) {
    const auto state = static_cast<execution::OrderState>(i);
    if (execution::to_string(state) == *status) return Filter([state](const execution::Order& o) { return o.state == state; });
  }
  std::string names = "open, closed";
  for (int i = 0; i < execution::kOrderStateCount; ++i)
    names += fmt::format(", {}", execution::to_string(static_cast<execution::OrderState>(i)));
  return fail(ErrorCode::invalid_argument, fmt::format("unknown status '{}' (one of: {})", *status, names), "status");
}

// ?symbol= matches an order with a leg on that underlying ("SPY") or that option (OCC symbol, padded or compact).
bool order_has_symbol(const execution::Order& order, std::string_view symbol, const std::optional<OccSymbol>& occ) {
  for (const auto& leg : order.request.legs) {
    const market::Instrument& i = leg.instrument;
    if (occ) {
      if (i.is_option() && i.underlying == occ->root && i.expiry == occ->expiry && i.strike == occ->strike && i.right == occ->right)
        return true;
    } else if (i.underlying == symbol) {
      return true;
    }
  }
  return false;
}

Json audit_json(const engine::DeskSnapshot& s) {
  Json entries = Json::array();
  for (const auto& t : s.breaker_audit) {
    Json e = breaker_transition_json(t);
    e["type"] = "breaker";
    entries.push_back(std::move(e));
  }
  for (const auto& p : s.positions) {
    for (const auto& a : p.history()) {
      entries.push_back({{"type", "management"},
                         {"time", format_iso8601(a.time)},
                         {"position_id", p.id()},
                         {"kind", std::string(portfolio::to_string(a.kind))},
                         {"reason", a.reason},
                         {"order_id", a.order_id}});
    }
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Json& a, const Json& b) { return a["time"].get<std::string>() < b["time"].get<std::string>(); });
  return entries;
}

Json quote_json(const market::Quote& q) {
  return {{"bid", q.bid.to_string()},
          {"ask", q.ask.to_string()},
          {"bid_size", q.bid_size.count()},
          {"ask_size", q.ask_size.count()},
          {"time", format_iso8601(q.time)}};
}

// An underlying's quote by its symbol, or an option's by its OCC symbol.
ApiResponse quote_response(const engine::DeskSnapshot& s, std::string_view symbol) {
  if (auto occ = OccSymbol::parse(symbol)) {
    const market::OptionChain* chain = s.chains ? s.chains->chain(occ->root) : nullptr;
    const market::ExpirySlice* slice = chain ? chain->expiry(occ->expiry) : nullptr;
    const market::StrikeRow* row = slice ? slice->find(occ->strike) : nullptr;
    const auto* side = row ? &row->side(occ->right) : nullptr;
    if (side == nullptr || !*side) return not_found("quote for option", symbol, "symbol");
    Json j = quote_json((*side)->quote);
    j["symbol"] = std::string(symbol);
    j["iv"] = (*side)->iv ? Json(*(*side)->iv) : Json(nullptr);
    j["delta"] = (*side)->delta ? Json(*(*side)->delta) : Json(nullptr);
    return ApiResponse::json(200, j);
  }
  const market::OptionChain* chain = s.chains ? s.chains->chain(symbol) : nullptr;
  if (chain == nullptr || !chain->underlying_quote()) return not_found("quote for", symbol, "symbol");
  Json j = quote_json(*chain->underlying_quote());
  j["symbol"] = std::string(symbol);
  return ApiResponse::json(200, j);
}

}  // namespace

std::vector<ApiRoute> snapshot_routes(SnapshotSource snapshot, EngineIdentity identity) {
  auto read = [snapshot](auto body) {
    return [snapshot, body](const ApiRequest& r) -> ApiResponse { return body(*snapshot(), r); };
  };
  // An endpoint whose answer depends on the snapshot alone: serialized once per snapshot, shared by its readers.
  auto cached = [snapshot](SnapshotBodyCache::Make make) {
    auto cache = std::make_shared<SnapshotBodyCache>();
    return [snapshot, cache, make = std::move(make)](const ApiRequest&) {
      ApiResponse r;
      r.body = *cache->body(snapshot(), make);
      return r;
    };
  };
  using S = const engine::DeskSnapshot&;
  using R = const ApiRequest&;
  std::vector<ApiRoute> routes;
  routes.emplace_back("GET", "/api/v1/status", AccessScope::read, read([identity](S s, R) {
    const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(RealClock().now() - identity.started);
    return ApiResponse::json(200, {{"mode", identity.mode},
                                   {"version", identity.version},
                                   {"engine_time", format_iso8601(s.engine_time)},
                                   {"started", format_iso8601(identity.started)},
                                   {"uptime_seconds", uptime.count()},
                                   {"breaker", std::string(risk::to_string(s.breaker))},
                                   {"broker", "paper"},
                                   {"snapshot_sequence", s.sequence},
                                   {"quotes", s.loop.quotes},
                                   {"open_positions", s.desk_metrics.positions_bot_managed + s.desk_metrics.positions_manual}});
  }));
  routes.emplace_back("GET", "/api/v1/positions", AccessScope::read,
                      cached([](S s) { return Json{{"positions", positions_json(s)}}; }));
  routes.emplace_back("GET", "/api/v1/positions/summary", AccessScope::read, cached(positions_summary_json));
  routes.emplace_back("GET", "/api/v1/positions/{id}", AccessScope::read, read([](S s, R r) {
    const portfolio::Position* p = s.position(r.param("id"));
    return p ? ApiResponse::json(200, position_json(*p, s)) : not_found("position", r.param("id"), "id");
  }));
  routes.emplace_back("GET", "/api/v1/orders", AccessScope::read, read([](S s, R r) {
    auto keep = status_filter(r.query_value("status"));
    if (!keep) return ApiResponse::error(keep.error());
    const auto symbol = r.query_value("symbol");
    std::optional<OccSymbol> occ;
    if (symbol) {
      if (auto parsed = OccSymbol::parse(*symbol)) occ = *parsed;
    }
    Json orders = Json::array();
    for (const auto& o : s.orders)
      if ((*keep)(o) && (!symbol || order_has_symbol(o, *symbol, occ))) orders.push_back(order_json(o));
    return ApiResponse::json(200, {{"orders", std::move(orders)}});
  }));
  routes.emplace_back("GET", "/api/v1/orders/{id}", AccessScope::read, read([](S s, R r) {
    const execution::Order* o = s.order(r.param("id"));
    return o ? ApiResponse::json(200, order_json(*o)) : not_found("order", r.param("id"), "id");
  }));
  routes.emplace_back("GET", "/api/v1/portfolio/greeks", AccessScope::read, cached(portfolio_greeks_json));
  routes.emplace_back("GET", "/api/v1/portfolio/pnl", AccessScope::read, cached(portfolio_pnl_json));
  routes.emplace_back("GET", "/api/v1/risk", AccessScope::read, cached(risk_json));
  routes.emplace_back("GET", "/api/v1/execution/quality", AccessScope::read, cached(execution_quality_json));
  routes.emplace_back("GET", "/api/v1/audit", AccessScope::read, cached([](S s) { return Json{{"entries", audit_json(s)}}; }));
  routes.emplace_back("GET", "/api/v1/chains/{underlying}", AccessScope::read, read([](S s, R r) {
    const market::OptionChain* chain = s.chains ? s.chains->chain(r.param("underlying")) : nullptr;
    return chain ? ApiResponse::json(200, chain_json(*chain)) : not_found("chain for", r.param("underlying"), "underlying");
  }));
  routes.emplace_back("GET", "/api/v1/quotes/{symbol}", AccessScope::read,
                      read([](S s, R r) { return quote_response(s, r.param("symbol")); }));
  return routes;
}

}  // namespace nightdesk::api
