#include "strategy/strategies_config.h"

#include <array>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "common/nearest_name.h"
#include "strategy/iron_condor_strategy.h"
#include "strategy/recurring_template_json.h"
#include "strategy/short_put_vertical.h"
#include "strategy/two_part_spread.h"
#include "strategy/wheel.h"

namespace nightdesk::strategy {
namespace {

constexpr std::array<StrategyKindInfo, 4> kKinds = {{
    {"short_put_vertical", "credit put spread: short put by delta band, DTE window, liquidity floors"},
    {"iron_condor", "short iron condor: short put and call by delta bands, wings by width"},
    {"wheel", "cash-secured puts; covered calls on assigned shares; back to puts when called away"},
    {"two_part_spread", "debit vertical first, then a credit vertical for a net credit; timeouts cancel"},
}};

// A plain YAML scalar as JSON: true/false, null/~, an integer, a number, else text. Quoted text stays text.
nlohmann::json scalar_to_json(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return text;  // quoted
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (text == "null" || text == "~" || text.empty()) return nullptr;
  std::int64_t i = 0;
  auto [ip, iec] = std::from_chars(text.data(), text.data() + text.size(), i);
  if (iec == std::errc() && ip == text.data() + text.size()) return i;
  double d = 0;
  auto [dp, dec] = std::from_chars(text.data(), text.data() + text.size(), d);
  if (dec == std::errc() && dp == text.data() + text.size()) return d;
  return text;
}

nlohmann::json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: return scalar_to_json(node);
    case YAML::NodeType::Sequence: {
      auto out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(to_json(item));
      return out;
    }
    case YAML::NodeType::Map: {
      auto out = nlohmann::json::object();
      for (const auto& kv : node) out[kv.first.Scalar()] = to_json(kv.second);
      return out;
    }
    default: return nullptr;
  }
}

std::string where(std::string_view source, const YAML::Node& node) { return fmt::format("{}:{}", source, node.Mark().line + 1); }

// `error` with "<where>: " before its message and `path` before its field.
Error located(Error error, std::string_view at, std::string_view path) {
  error.field = error.field.empty() ? std::string(path) : fmt::format("{}.{}", path, error.field);
  error.message = fmt::format("{}: {}: {}", at, error.field, error.message);
  return error;
}

Result<StrategySpec> read_spec(const YAML::Node& node, std::string_view source, std::string_view path) {
  const std::string at = where(source, node);
  if (!node.IsMap()) return std::unexpected(located(Error{ErrorCode::invalid_argument, "expected a map (name, kind, params)", ""}, at, path));
  StrategySpec spec;
  spec.where = at;
  spec.params = nlohmann::json::object();
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (key == "name" && kv.second.IsScalar()) spec.name = kv.second.Scalar();
    else if (key == "kind" && kv.second.IsScalar()) spec.kind = kv.second.Scalar();
    else if (key == "params" && (kv.second.IsMap() || kv.second.IsNull())) spec.params = kv.second.IsMap() ? to_json(kv.second) : spec.params;
    else if (key == "name" || key == "kind" || key == "params")
      return std::unexpected(located(Error{ErrorCode::invalid_argument, key == "params" ? "expected a map" : "expected text", key}, at, path));
    else {
      const std::vector<std::string> known = {"name", "kind", "params"};
      auto hint = nearest_name(key, known);
      return std::unexpected(located(Error{ErrorCode::invalid_argument,
                                           hint ? fmt::format("unknown field (did you mean \"{}\"?)", *hint) : "unknown field", key},
                                     at, path));
    }
  }
  if (spec.name.empty()) return std::unexpected(located(Error{ErrorCode::invalid_argument, "is required", "name"}, at, path));
  if (spec.kind.empty()) return std::unexpected(located(Error{ErrorCode::invalid_argument, "is required", "kind"}, at, path));
  if (auto made = make_strategy(spec); !made) return std::unexpected(located(made.error(), at, path));
  return spec;
}

}  // namespace

std::span<const StrategyKindInfo> strategy_kinds() { return kKinds; }

Result<std::unique_ptr<Strategy>> make_strategy(const StrategySpec& spec) {
  auto build = [&](auto parse, auto make) -> Result<std::unique_ptr<Strategy>> {
    auto params = parse(spec.params, "params");
    if (!params) return std::unexpected(params.error());
    return make(std::move(*params));
  };
  if (spec.kind == "short_put_vertical")
    return build(parse_short_put_vertical, [&](auto p) -> std::unique_ptr<Strategy> { return std::make_unique<ShortPutVertical>(spec.name, std::move(p)); });
  if (spec.kind == "iron_condor")
    return build(parse_iron_condor_strategy,
                 [&](auto p) -> std::unique_ptr<Strategy> { return std::make_unique<IronCondorStrategy>(spec.name, std::move(p)); });
  if (spec.kind == "wheel")
    return build(parse_wheel, [&](auto p) -> std::unique_ptr<Strategy> { return std::make_unique<Wheel>(spec.name, std::move(p)); });
  if (spec.kind == "two_part_spread")
    return build(parse_two_part_spread, [&](auto p) -> std::unique_ptr<Strategy> { return std::make_unique<TwoPartSpread>(spec.name, std::move(p)); });
  std::vector<std::string> kinds;
  for (const auto& k : kKinds) kinds.emplace_back(k.kind);
  auto hint = nearest_name(spec.kind, kinds);
  return fail(ErrorCode::not_found,
              hint ? fmt::format("unknown kind \"{}\" (did you mean \"{}\"?)", spec.kind, *hint)
                   : fmt::format("unknown kind \"{}\" (kinds: short_put_vertical, iron_condor, wheel, two_part_spread)", spec.kind),
              "kind");
}

Result<std::vector<std::unique_ptr<Strategy>>> make_strategies(const StrategiesConfig& config) {
  std::vector<std::unique_ptr<Strategy>> out;
  std::set<std::string, std::less<>> names;
  for (std::size_t i = 0; i < config.strategies.size(); ++i) {
    const StrategySpec& spec = config.strategies[i];
    const std::string path = fmt::format("strategies[{}]", i);
    if (!names.insert(spec.name).second)
      return fail(ErrorCode::conflict, fmt::format("{}: name \"{}\" is used twice", spec.where, spec.name), path + ".name");
    auto made = make_strategy(spec);
    if (!made) {
      Error e = made.error();
      e.field = path + "." + e.field;
      return std::unexpected(e);
    }
    out.push_back(std::move(*made));
  }
  return out;
}

Result<StrategiesConfig> parse_strategies_config(std::string_view yaml, std::string_view source_name, OtherSections others) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return fail(ErrorCode::invalid_argument, fmt::format("{}:{}: YAML syntax error: {}", source_name, e.mark.line + 1, e.msg), "");
  }
  StrategiesConfig config;
  if (root.IsNull()) return config;
  if (!root.IsMap()) return fail(ErrorCode::invalid_argument, fmt::format("{}: expected a map with a strategies: list", source_name), "");
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& body = kv.second;
    if (key == "strategies" || key == "recurring_templates") {
      if (body.IsNull()) continue;
      if (!body.IsSequence())
        return fail(ErrorCode::invalid_argument, fmt::format("{}: {}: expected a list", where(source_name, body), key), key);
    }
    if (key == "strategies") {
      std::set<std::string, std::less<>> names;
      for (std::size_t i = 0; i < body.size(); ++i) {
        const std::string path = fmt::format("strategies[{}]", i);
        auto spec = read_spec(body[i], source_name, path);
        if (!spec) return std::unexpected(spec.error());
        if (!names.insert(spec->name).second)
          return fail(ErrorCode::conflict, fmt::format("{}: {}.name: \"{}\" is used twice", spec->where, path, spec->name), path + ".name");
        config.strategies.push_back(std::move(*spec));
      }
    } else if (key == "recurring_templates") {
      for (std::size_t i = 0; i < body.size(); ++i) {
        auto t = parse_recurring_template(to_json(body[i]), TemplateSource::api);
        if (!t) return std::unexpected(located(t.error(), where(source_name, body[i]), fmt::format("recurring_templates[{}]", i)));
        config.recurring_templates.push_back(std::move(*t));
      }
    } else if (others == OtherSections::reject) {
      const std::vector<std::string> known = {"strategies", "recurring_templates"};
      auto hint = nearest_name(key, known);
      return fail(ErrorCode::invalid_argument,
                  fmt::format("{}: {}: unknown section ({})", where(source_name, kv.first), key,
                              hint ? fmt::format("did you mean {}?", *hint) : "sections are: strategies, recurring_templates"),
                  key);
    }
  }
  return config;
}

Result<StrategiesConfig> load_strategies_config(const std::filesystem::path& path, OtherSections others) {
  std::ifstream in(path);
  if (!in) return fail(ErrorCode::io_error, fmt::format("cannot read {}", path.string()), "path");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_strategies_config(text.str(), path.filename().string(), others);
}

}  // namespace nightdesk::strategy
