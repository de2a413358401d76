#include "apps/backtest_settings.h"

#include <charconv>

#include <fmt/format.h>

#include "common/nearest_name.h"
#include "apps/program_config.h"
#include "engine/nightdesk_config.h"

namespace nightdesk::apps {
namespace {

constexpr std::string_view kSyntheticKeys[] = {"seed", "days", "spot", "model", "snapshots_per_day", "start"};

template <class T>
Result<T> number(const Assignment& a, T low, T high) {
  T value{};
  const char* end = a.value.data() + a.value.size();
  auto [ptr, ec] = std::from_chars(a.value.data(), end, value);
  if (ec != std::errc{} || ptr != end || value < low || value > high)
    return fail(ErrorCode::invalid_argument, fmt::format("{}: expected a number in [{}, {}], got \"{}\"", a.key, low, high, a.value), a.key);
  return value;
}

Status apply_synthetic(const Assignment& a, std::string_view name, SyntheticSettings& s) {
  if (name == "seed") {
    auto v = number<std::uint64_t>(a, 0, UINT64_MAX);
    if (!v) return std::unexpected(v.error());
    s.seed = *v;
  } else if (name == "days") {
    auto v = number<int>(a, 1, 5000);
    if (!v) return std::unexpected(v.error());
    s.days = *v;
  } else if (name == "spot") {
    auto v = number<double>(a, 0.01, 1e7);
    if (!v) return std::unexpected(v.error());
    s.spot = *v;
  } else if (name == "snapshots_per_day") {
    auto v = number<int>(a, 1, 390);
    if (!v) return std::unexpected(v.error());
    s.snapshots_per_day = *v;
  } else if (name == "model") {
    if (a.value != "gbm" && a.value != "heston")
      return fail(ErrorCode::invalid_argument, a.key + ": expected gbm or heston, got \"" + a.value + "\"", a.key);
    s.model = a.value;
  } else if (name == "start") {
    if (!parse_date(a.value)) return fail(ErrorCode::invalid_argument, a.key + ": expected YYYY-MM-DD, got \"" + a.value + "\"", a.key);
    s.start = a.value;
  } else {
    std::vector<std::string> names(std::begin(kSyntheticKeys), std::end(kSyntheticKeys));
    auto near = nearest_name(name, names);
    return fail(ErrorCode::not_found, a.key + ": unknown key" + (near ? " (did you mean synthetic." + *near + "?)" : ""), a.key);
  }
  return ok();
}

}  // namespace

Result<Assignment> parse_assignment(std::string_view text) {
  const auto eq = text.find('=');
  const auto dot = text.find('.');
  if (eq == std::string_view::npos || dot == std::string_view::npos || dot > eq || dot == 0 || dot + 1 == eq)
    return fail(ErrorCode::invalid_argument, fmt::format("expected section.key=value, got \"{}\"", text), "set");
  return Assignment{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

Result<std::vector<Assignment>> parse_sweep(std::string_view text) {
  auto whole = parse_assignment(text);
  if (!whole) return fail(ErrorCode::invalid_argument, fmt::format("expected section.key=v1,v2,..., got \"{}\"", text), "sweep");
  std::vector<Assignment> out;
  std::string_view rest = whole->value;
  while (true) {
    const auto comma = rest.find(',');
    std::string_view value = rest.substr(0, comma);
    if (value.empty()) return fail(ErrorCode::invalid_argument, fmt::format("empty value in \"{}\"", text), "sweep");
    out.push_back(Assignment{whole->key, std::string(value)});
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (out.size() < 2) return fail(ErrorCode::invalid_argument, fmt::format("a sweep needs at least two values: \"{}\"", text), "sweep");
  return out;
}

Status apply_assignment(const Assignment& assignment, RunSettings& settings) {
  const auto dot = assignment.key.find('.');
  const std::string_view section = std::string_view(assignment.key).substr(0, dot);
  const std::string_view name = std::string_view(assignment.key).substr(dot + 1);
  if (section == "synthetic") return apply_synthetic(assignment, name, settings.synthetic);
  const ConfigSchema& schema = program_schema();
  const ConfigKeySpec* spec = schema.find(section, name);
  if (spec == nullptr) {
    std::vector<std::string> known;
    for (const auto& k : schema.keys()) known.push_back(k.section + "." + k.name);
    for (auto k : kSyntheticKeys) known.push_back("synthetic." + std::string(k));
    auto near = nearest_name(assignment.key, known);
    return fail(ErrorCode::not_found, assignment.key + ": unknown key" + (near ? " (did you mean " + *near + "?)" : ""),
                assignment.key);
  }
  settings.config_env[config_env_name(engine::kNightdeskEnvPrefix, *spec)] = assignment.value;
  return ok();
}

EnvLookup environment_with(std::map<std::string, std::string> overrides) {
  EnvLookup process = process_environment();
  return [overrides = std::move(overrides), process](const std::string& name) -> std::optional<std::string> {
    if (auto it = overrides.find(name); it != overrides.end()) return it->second;
    return process(name);
  };
}

}  // namespace nightdesk::apps
