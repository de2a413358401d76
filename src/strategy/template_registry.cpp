#include "strategy/template_registry.h"

#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/nearest_name.h"
#include "strategy/json_fields.h"

namespace nightdesk::strategy {
namespace {

// Field lists: one per parameter struct, shared by the JSON reader and writer.
template <class V>
void describe_terms(V& v, OrderTerms& t) {
  v.optional("quantity", t.quantity);
  v.optional("limit_price", t.limit_price);
  v.optional("time_in_force", t.time_in_force);
  v.optional("client_order_id", t.client_order_id);
}

template <class V> void describe(V& v, SingleParams& p) {
  v.optional("expiry", p.expiry); v.required("right", p.right); v.required("side", p.side); v.required("strike", p.strike);
  describe_terms(v, p.terms);
}
template <class V> void describe(V& v, VerticalParams& p) {
  v.optional("expiry", p.expiry); v.required("right", p.right); v.required("side", p.side); v.required("strike", p.strike);
  v.required("width", p.width); describe_terms(v, p.terms);
}
template <class V> void describe(V& v, IronCondorParams& p) {
  v.optional("expiry", p.expiry); v.optional("side", p.side); v.required("put_strike", p.put_strike);
  v.required("call_strike", p.call_strike); v.required("width", p.width); v.optional("call_width", p.call_width);
  describe_terms(v, p.terms);
}
template <class V> void describe(V& v, IronButterflyParams& p) {
  v.optional("expiry", p.expiry); v.optional("side", p.side); v.optional("strike", p.strike); v.required("width", p.width);
  describe_terms(v, p.terms);
}
template <class V> void describe(V& v, ButterflyParams& p) {
  v.optional("expiry", p.expiry); v.required("right", p.right); v.optional("side", p.side); v.optional("strike", p.strike);
  v.required("width", p.width); describe_terms(v, p.terms);
}
template <class V> void describe(V& v, BrokenWingButterflyParams& p) {
  v.optional("expiry", p.expiry); v.required("right", p.right); v.optional("side", p.side); v.optional("strike", p.strike);
  v.required("width", p.width); v.required("far_width", p.far_width); describe_terms(v, p.terms);
}
template <class V> void describe(V& v, StraddleParams& p) {
  v.optional("expiry", p.expiry); v.optional("side", p.side); v.optional("strike", p.strike); describe_terms(v, p.terms);
}
template <class V> void describe(V& v, StrangleParams& p) {
  v.optional("expiry", p.expiry); v.optional("side", p.side); v.required("put_strike", p.put_strike);
  v.required("call_strike", p.call_strike); describe_terms(v, p.terms);
}
template <class V> void describe(V& v, CalendarParams& p) {
  v.required("near_expiry", p.near_expiry); v.required("far_expiry", p.far_expiry); v.required("right", p.right);
  v.optional("side", p.side); v.optional("strike", p.strike); describe_terms(v, p.terms);
}
template <class V> void describe(V& v, DiagonalParams& p) {
  v.required("near_expiry", p.near_expiry); v.required("far_expiry", p.far_expiry); v.required("right", p.right);
  v.optional("side", p.side); v.required("near_strike", p.near_strike); v.required("far_strike", p.far_strike);
  describe_terms(v, p.terms);
}
template <class V> void describe(V& v, RatioSpreadParams& p) {
  v.optional("expiry", p.expiry); v.required("right", p.right); v.required("strike", p.strike); v.required("width", p.width);
  v.optional("ratio", p.ratio); describe_terms(v, p.terms);
}
template <class V> void describe(V& v, BackspreadParams& p) {
  v.optional("expiry", p.expiry); v.required("right", p.right); v.required("strike", p.strike); v.required("width", p.width);
  v.optional("ratio", p.ratio); describe_terms(v, p.terms);
}
template <class V> void describe(V& v, CoveredCallParams& p) {
  v.optional("expiry", p.expiry); v.required("strike", p.strike); v.optional("include_stock", p.include_stock);
  describe_terms(v, p.terms);
}
template <class V> void describe(V& v, ProtectivePutParams& p) {
  v.optional("expiry", p.expiry); v.required("strike", p.strike); v.optional("include_stock", p.include_stock);
  describe_terms(v, p.terms);
}
template <class V> void describe(V& v, CollarParams& p) {
  v.optional("expiry", p.expiry); v.required("put_strike", p.put_strike); v.required("call_strike", p.call_strike);
  v.optional("include_stock", p.include_stock); describe_terms(v, p.terms);
}
template <class V> void describe(V& v, CashSecuredPutParams& p) {
  v.optional("expiry", p.expiry); v.required("strike", p.strike); describe_terms(v, p.terms);
}
template <class V> void describe(V& v, JadeLizardParams& p) {
  v.optional("expiry", p.expiry); v.required("put_strike", p.put_strike); v.required("call_strike", p.call_strike);
  v.required("call_width", p.call_width); describe_terms(v, p.terms);
}

template <class V> void describe_leg(V& v, ManualLeg& leg) {
  v.required("right", leg.right); v.required("side", leg.side); v.optional("ratio", leg.ratio);
  v.required("expiry", leg.expiry); v.required("strike", leg.strike);
}

using Parser = Result<TemplateParams> (*)(const nlohmann::json&, const std::string&);

template <class P>
Result<TemplateParams> parse_as(const nlohmann::json& object, const std::string& path) {
  P params;
  auto read = read_object(object, path, params, [](JsonObjectReader& r, P& p) { describe(r, p); });
  if (!read) return std::unexpected(read.error());
  TemplateParams out = params;
  if (auto valid = validate(out); !valid) {
    Error e = valid.error();
    e.field = join_field(path, e.field);
    return std::unexpected(e);
  }
  return out;
}

struct Entry {
  TemplateInfo info;
  Parser parse;
};

constexpr std::array kEntries{
    Entry{{"single", "one option, bought or sold"}, parse_as<SingleParams>},
    Entry{{"vertical", "two strikes of one right and expiry: a credit (sell) or debit (buy) spread"}, parse_as<VerticalParams>},
    Entry{{"iron_condor", "short put and call with long wings"}, parse_as<IronCondorParams>},
    Entry{{"iron_butterfly", "short straddle with long wings"}, parse_as<IronButterflyParams>},
    Entry{{"butterfly", "1-2-1 of one right around a body strike"}, parse_as<ButterflyParams>},
    Entry{{"broken_wing_butterfly", "1-2-1 with a wider out-of-the-money wing"}, parse_as<BrokenWingButterflyParams>},
    Entry{{"straddle", "call and put at one strike"}, parse_as<StraddleParams>},
    Entry{{"strangle", "out-of-the-money put and call"}, parse_as<StrangleParams>},
    Entry{{"calendar", "one strike, short the near expiry, long the far one"}, parse_as<CalendarParams>},
    Entry{{"diagonal", "short the near expiry, long the far one, at different strikes"}, parse_as<DiagonalParams>},
    Entry{{"ratio_spread", "long 1, short N further out of the money"}, parse_as<RatioSpreadParams>},
    Entry{{"backspread", "short 1, long N further out of the money"}, parse_as<BackspreadParams>},
    Entry{{"covered_call", "short call against shares (optionally bought with it)"}, parse_as<CoveredCallParams>},
    Entry{{"protective_put", "long put against shares (optionally bought with it)"}, parse_as<ProtectivePutParams>},
    Entry{{"collar", "long put and short call against shares"}, parse_as<CollarParams>},
    Entry{{"cash_secured_put", "short put secured by cash"}, parse_as<CashSecuredPutParams>},
    Entry{{"jade_lizard", "short put, short call and a long call above it"}, parse_as<JadeLizardParams>},
};

constexpr std::array<TemplateInfo, kEntries.size()> infos() {
  std::array<TemplateInfo, kEntries.size()> out{};
  for (std::size_t i = 0; i < kEntries.size(); ++i) out[i] = kEntries[i].info;
  return out;
}
constexpr auto kInfos = infos();

}  // namespace

std::span<const TemplateInfo> order_templates() { return kInfos; }

Result<TemplateParams> parse_template_params(std::string_view name, const nlohmann::json& params, std::string_view path) {
  for (const auto& entry : kEntries)
    if (entry.info.name == name) return entry.parse(params, std::string(path));
  std::vector<std::string> names;
  for (const auto& entry : kEntries) names.emplace_back(entry.info.name);
  auto guess = nearest_name(name, names);
  return fail(ErrorCode::not_found,
              guess ? fmt::format("unknown order template \"{}\" (did you mean \"{}\"?)", name, *guess)
                    : fmt::format("unknown order template \"{}\"", name),
              "template");
}

Result<TemplateParams> parse_template_order(const nlohmann::json& body) {
  if (!body.is_object()) return fail(ErrorCode::invalid_argument, "expected an object", "");
  auto it = body.find("template");
  if (it == body.end()) return fail(ErrorCode::invalid_argument, "is required", "template");
  if (!it->is_string()) return fail(ErrorCode::invalid_argument, "expected a template name", "template");
  nlohmann::json params = body;
  params.erase("template");
  return parse_template_params(it->get<std::string>(), params);
}

nlohmann::json to_json(const TemplateParams& params) {
  nlohmann::json out = std::visit(
      [](const auto& p) { return write_object(p, [](JsonObjectWriter& w, auto& q) { describe(w, q); }); }, params);
  out["template"] = std::string(template_name(params));
  return out;
}

Result<std::vector<ManualLeg>> parse_manual_legs(const nlohmann::json& legs, std::string_view path) {
  std::string field(path);
  if (!legs.is_array() || legs.empty()) return fail(ErrorCode::invalid_argument, "expected a non-empty array of legs", field);
  std::vector<ManualLeg> out;
  for (std::size_t i = 0; i < legs.size(); ++i) {
    ManualLeg leg;
    auto read = read_object(legs[i], fmt::format("{}[{}]", field, i), leg, [](JsonObjectReader& r, ManualLeg& l) { describe_leg(r, l); });
    if (!read) return std::unexpected(read.error());
    out.push_back(leg);
  }
  return out;
}

nlohmann::json to_json(const std::vector<ManualLeg>& legs) {
  auto out = nlohmann::json::array();
  for (const auto& leg : legs) out.push_back(write_object(leg, [](JsonObjectWriter& w, ManualLeg& l) { describe_leg(w, l); }));
  return out;
}

}  // namespace nightdesk::strategy
