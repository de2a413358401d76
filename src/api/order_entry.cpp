#include "api/order_entry.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/json_fields.h"
#include "common/occ_symbol.h"
#include "strategy/json_fields.h"
#include "strategy/order_templates.h"
#include "strategy/template_registry.h"

namespace nightdesk::api {
namespace {

using nlohmann::json;

constexpr JsonField kEntryFields[] = {
    {"client_order_id", JsonType::string}, {"priority", JsonType::string},   {"bot_managed", JsonType::boolean},
    {"execution", JsonType::string},       {"position_id", JsonType::string}, {"symbol", JsonType::string},
    {"side", JsonType::string},            {"legs", JsonType::array},         {"quantity", JsonType::integer},
    {"type", JsonType::string},            {"time_in_force", JsonType::string}, {"limit_price", JsonType::any},
    {"stop_price", JsonType::any},         {"template", JsonType::string},    {"underlying", JsonType::string},
    {"params", JsonType::object},
};
constexpr JsonField kLegFields[] = {
    {"symbol", JsonType::string, true}, {"side", JsonType::string, true}, {"ratio", JsonType::integer}};

// Fields that belong to explicit legs only; a template takes its terms in "params".
constexpr std::string_view kExplicitOnly[] = {"symbol", "side", "legs", "quantity", "type", "time_in_force", "limit_price", "stop_price"};

std::unexpected<Error> invalid(std::string message, std::string field) { return fail(ErrorCode::invalid_argument, std::move(message), std::move(field)); }

template <class T, class Parse>
Status read_name(const json& body, std::string_view key, T& out, Parse parse, std::string_view names) {
  auto it = body.find(std::string(key));
  if (it == body.end()) return ok();
  auto parsed = parse(it->template get<std::string>());
  if (!parsed) return invalid(fmt::format("expected one of {}, got '{}'", names, it->template get<std::string>()), std::string(key));
  out = *parsed;
  return ok();
}

Result<execution::Side> read_side(const json& value, const std::string& field) {
  auto side = execution::parse_side(value.get<std::string>());
  if (!side) return invalid(fmt::format("expected buy or sell, got '{}'", value.get<std::string>()), field);
  return *side;
}

bool is_ticker(std::string_view s) {
  if (s.empty() || s.size() > 10 || s.front() < 'A' || s.front() > 'Z') return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || c == '.' || c == '/')) return false;
  return true;
}

Result<std::vector<execution::OrderLeg>> read_legs(const json& body) {
  std::vector<execution::OrderLeg> legs;
  if (body.contains("symbol")) {
    if (body.contains("legs")) return invalid("give either symbol and side (one leg) or legs, not both", "legs");
    if (!body.contains("side")) return invalid("required field is missing (with symbol)", "side");
    auto instrument = instrument_from_symbol(body["symbol"].get<std::string>(), "symbol");
    if (!instrument) return std::unexpected(instrument.error());
    auto side = read_side(body["side"], "side");
    if (!side) return std::unexpected(side.error());
    legs.push_back({std::move(*instrument), 1, *side});
    return legs;
  }
  if (body.contains("side")) return invalid("side goes with symbol; a combo gives each leg's side in legs", "side");
  if (!body.contains("legs")) return invalid("required field is missing (or give symbol and side, or a template)", "legs");
  const json& items = body["legs"];
  if (items.empty() || items.size() > execution::kMaxComboLegs)
    return invalid(fmt::format("expected 1 to {} legs, got {}", execution::kMaxComboLegs, items.size()), "legs");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string prefix = fmt::format("legs[{}]", i);
    if (auto checked = check_fields(items[i], kLegFields, prefix); !checked) return std::unexpected(checked.error());
    auto instrument = instrument_from_symbol(items[i]["symbol"].get<std::string>(), prefix + ".symbol");
    if (!instrument) return std::unexpected(instrument.error());
    auto side = read_side(items[i]["side"], prefix + ".side");
    if (!side) return std::unexpected(side.error());
    const std::int64_t ratio = items[i].value("ratio", std::int64_t{1});
    if (ratio < 1 || ratio > 100) return invalid(fmt::format("expected 1 to 100, got {}", ratio), prefix + ".ratio");
    legs.push_back({std::move(*instrument), static_cast<std::int32_t>(ratio), *side});
  }
  return legs;
}

Result<execution::OrderRequest> read_explicit(const json& body) {
  execution::OrderRequest r;
  auto legs = read_legs(body);
  if (!legs) return std::unexpected(legs.error());
  r.legs = std::move(*legs);
  if (!body.contains("quantity")) return invalid("required field is missing", "quantity");
  const std::int64_t quantity = body["quantity"].get<std::int64_t>();
  if (quantity < 1) return invalid(fmt::format("must be at least 1, got {}", quantity), "quantity");
  r.quantity = Quantity(quantity);
  if (auto s = read_name(body, "type", r.type, execution::parse_order_type, "limit, market, stop, stop_limit"); !s) return std::unexpected(s.error());
  if (auto s = read_name(body, "time_in_force", r.tif, execution::parse_time_in_force, "day, gtc, ioc"); !s) return std::unexpected(s.error());
  if (body.contains("limit_price"))
    if (auto s = strategy::read_json(body["limit_price"], r.limit_price, "limit_price"); !s) return std::unexpected(s.error());
  if (body.contains("stop_price"))
    if (auto s = strategy::read_json(body["stop_price"], r.stop_price, "stop_price"); !s) return std::unexpected(s.error());
  return r;
}

Result<TemplateOrder> read_template(const json& body) {
  for (std::string_view key : kExplicitOnly)
    if (body.contains(std::string(key)))
      return invalid("not with a template: give the template's terms (quantity, limit_price, ...) in params", std::string(key));
  if (!body.contains("underlying")) return invalid("required field is missing (with a template)", "underlying");
  TemplateOrder out;
  out.name = body["template"].get<std::string>();
  out.underlying = body["underlying"].get<std::string>();
  if (!is_ticker(out.underlying)) return invalid(fmt::format("'{}' is not a ticker", out.underlying), "underlying");
  const json params = body.value("params", json::object());
  if (params.contains("client_order_id")) return invalid("give client_order_id at the top level", "params.client_order_id");
  auto parsed = strategy::parse_template_params(out.name, params, "params");
  if (!parsed) return std::unexpected(parsed.error());
  out.params = std::move(*parsed);
  return out;
}

}  // namespace

Status check_client_order_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return invalid(fmt::format("expected 1 to 64 characters, got {}", id.size()), "client_order_id");
  for (char c : id) {
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                         c == ':' || c == '-';
    if (!allowed) return invalid("only letters, digits and . _ : - are allowed", "client_order_id");
  }
  return ok();
}

Result<market::Instrument> instrument_from_symbol(std::string_view symbol, const std::string& field) {
  if (is_ticker(symbol)) return market::Instrument::stock(std::string(symbol));
  auto occ = OccSymbol::parse(symbol);
  if (!occ) return invalid(fmt::format("'{}' is neither a ticker nor an OCC option symbol: {}", symbol, occ.error().message), field);
  // The underlying is the OCC root as printed, never a ticker with letters stripped (BAC is not BA).
  return market::Instrument::option(occ->root, occ->expiry, occ->strike, occ->right);
}

Result<OrderEntry> parse_order_entry(const nlohmann::json& body) {
  if (auto checked = check_fields(body, kEntryFields); !checked) return std::unexpected(checked.error());
  OrderEntry entry;
  if (body.contains("client_order_id")) {
    std::string id = body["client_order_id"].get<std::string>();
    if (auto good = check_client_order_id(id); !good) return std::unexpected(good.error());
    entry.client_order_id = std::move(id);
  }
  if (auto s = read_name(body, "priority", entry.priority, engine::parse_order_priority, "urgent, high, normal, low"); !s)
    return std::unexpected(s.error());
  entry.bot_managed = body.value("bot_managed", false);
  auto parse_style = [](std::string_view t) -> std::optional<engine::ExecutionStyle> {
    if (t == "smart") return engine::ExecutionStyle::smart;
    if (t == "direct") return engine::ExecutionStyle::direct;
    return std::nullopt;
  };
  if (auto s = read_name(body, "execution", entry.style, parse_style, "smart, direct"); !s) return std::unexpected(s.error());
  entry.position_id = body.value("position_id", std::string());
  if (body.contains("template")) {
    auto t = read_template(body);
    if (!t) return std::unexpected(t.error());
    entry.order = std::move(*t);
  } else {
    if (body.contains("underlying") || body.contains("params"))
      return invalid("only with a template", body.contains("underlying") ? "underlying" : "params");
    auto r = read_explicit(body);
    if (!r) return std::unexpected(r.error());
    entry.order = std::move(*r);
  }
  return entry;
}

Result<execution::OrderRequest> order_request_for(const OrderEntry& entry, const std::string& client_order_id,
                                                  const engine::DeskSnapshot& snapshot, const TradingCalendar& calendar) {
  execution::OrderRequest request;
  if (const auto* given = std::get_if<execution::OrderRequest>(&entry.order)) {
    request = *given;
  } else {
    const TemplateOrder& t = std::get<TemplateOrder>(entry.order);
    const market::OptionChain* chain = snapshot.chains ? snapshot.chains->chain(t.underlying) : nullptr;
    if (chain == nullptr) return fail(ErrorCode::unavailable, fmt::format("no option chain for {} yet", t.underlying), "underlying");
    strategy::BuildContext context;
    context.calendar = &calendar;
    context.now = snapshot.engine_time;
    auto built = strategy::build_order(t.params, *chain, context);
    if (!built) {
      Error e = built.error();
      if (!e.field.empty() && !e.field.starts_with("params.")) e.field = "params." + e.field;
      return std::unexpected(std::move(e));
    }
    request = std::move(built->request);
  }
  request.client_order_id = execution::ClientOrderId(client_order_id);
  // The portfolio hands a position to the bot by its opening order's source: manual_api stays the person's.
  request.source = entry.bot_managed ? execution::OrderSource::strategy : execution::OrderSource::manual_api;
  request.strategy_tag = "manual";
  request.parent_position_id = entry.position_id;
  if (auto valid = request.validate(); !valid) return std::unexpected(valid.error());
  return request;
}

}  // namespace nightdesk::api
