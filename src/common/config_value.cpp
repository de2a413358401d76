#include "common/config_value.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/core.h>

namespace nightdesk {
namespace {

// Values are returned as Result<ConfigValue>(std::in_place, ...) rather than from a ConfigValue
// temporary: moving a temporary variant into std::expected trips GCC 12's -Wmaybe-uninitialized
// (a false positive) under -fsanitize=address.

constexpr std::size_t kMaxQuotedChars = 80;

// `"text"` for messages, shortened when long; a secret is described, not quoted.
std::string quoted(const ConfigKeySpec& spec, std::string_view text) {
  if (spec.secret) return "a secret value (not shown)";
  if (text.size() > kMaxQuotedChars) return fmt::format("\"{}...\"", text.substr(0, kMaxQuotedChars));
  return fmt::format("\"{}\"", text);
}

std::unexpected<Error> wrong_form(const ConfigKeySpec& spec, std::string_view text,
                                  ErrorCode code = ErrorCode::invalid_argument, std::string_view note = {}) {
  return fail(code, fmt::format("expected {}, got {}{}", expected_form(spec), quoted(spec, text), note));
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

Result<ConfigValue> parse_boolean(const ConfigKeySpec& spec, std::string_view text) {
  // YAML 1.2 core schema spellings only: "yes"/"on"/"1" are YAML 1.1 traps, so they are refused.
  if (text == "true" || text == "True" || text == "TRUE") return Result<ConfigValue>(std::in_place, true);
  if (text == "false" || text == "False" || text == "FALSE") return Result<ConfigValue>(std::in_place, false);
  return wrong_form(spec, text);
}

Result<ConfigValue> parse_integer(const ConfigKeySpec& spec, std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  // from_chars takes exactly [-]digits: no "+", no spaces, no "0x", no fraction.
  if (ec == std::errc::result_out_of_range) {
    return wrong_form(spec, text, ErrorCode::out_of_range, " (too large for a 64-bit integer)");
  }
  if (ec != std::errc() || end != text.data() + text.size()) return wrong_form(spec, text);
  return Result<ConfigValue>(std::in_place, value);
}

Result<ConfigValue> parse_number(const ConfigKeySpec& spec, std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return wrong_form(spec, text);
  }
  return Result<ConfigValue>(std::in_place, value);
}

Result<ConfigValue> parse_choice(const ConfigKeySpec& spec, std::string_view text) {
  for (const auto& allowed : spec.choices) {
    if (equals_ignoring_case(text, allowed)) return Result<ConfigValue>(std::in_place, allowed);
  }
  return wrong_form(spec, text);
}

Result<ConfigValue> parse_text_list(const ConfigKeySpec& spec, std::string_view text) {
  std::vector<std::string> items;
  if (trim(text).empty()) return Result<ConfigValue>(std::in_place, items);
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    std::string_view item = trim(text.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (item.empty()) return wrong_form(spec, text, ErrorCode::invalid_argument, " (an empty item)");
    items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return Result<ConfigValue>(std::in_place, std::move(items));
}

Result<ConfigValue> parse_duration_value(const ConfigKeySpec& spec, std::string_view text) {
  auto d = parse_duration(text);
  if (!d) return wrong_form(spec, text, d.error().code);
  return Result<ConfigValue>(std::in_place, *d);
}

// The range as text, "" when unbounded: " in [1, 168]", " >= 1", " <= 5".
std::string range_suffix(const ConfigKeySpec& spec) {
  if (spec.min && spec.max) {
    return fmt::format(" in [{}, {}]", format_config_value(*spec.min), format_config_value(*spec.max));
  }
  if (spec.min) return fmt::format(" >= {}", format_config_value(*spec.min));
  if (spec.max) return fmt::format(" <= {}", format_config_value(*spec.max));
  return {};
}

struct DurationUnit {
  std::string_view suffix;
  ConfigDuration length;
};
// Longest suffix first where one is a prefix of another ("ms" before "m").
constexpr std::array<DurationUnit, 5> kDurationUnits{{
    {"ms", ConfigDuration{1}},
    {"s", ConfigDuration{1'000}},
    {"m", ConfigDuration{60'000}},
    {"h", ConfigDuration{3'600'000}},
    {"d", ConfigDuration{86'400'000}},
}};

}  // namespace

Result<ConfigDuration> parse_duration(std::string_view text) {
  if (text.empty()) return fail(ErrorCode::invalid_argument, "an empty duration");
  std::int64_t total_ms = 0;
  std::string_view rest = text;
  while (!rest.empty()) {
    std::int64_t count = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), count);
    if (ec == std::errc::result_out_of_range) return fail(ErrorCode::out_of_range, "duration too long");
    if (ec != std::errc() || rest.front() == '-') {
      return fail(ErrorCode::invalid_argument, "a duration is digits followed by a unit");
    }
    rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
    const DurationUnit* unit = nullptr;
    for (const auto& u : kDurationUnits) {
      if (rest.starts_with(u.suffix)) {
        unit = &u;
        break;
      }
    }
    if (unit == nullptr) return fail(ErrorCode::invalid_argument, "a duration needs a unit: ms, s, m, h or d");
    rest.remove_prefix(unit->suffix.size());
    std::int64_t ms = 0;
    if (__builtin_mul_overflow(count, unit->length.count(), &ms) || __builtin_add_overflow(total_ms, ms, &total_ms)) {
      return fail(ErrorCode::out_of_range, "duration too long");
    }
  }
  return ConfigDuration{total_ms};
}

std::string format_duration(ConfigDuration d) {
  if (d.count() == 0) return "0s";
  for (auto it = kDurationUnits.rbegin(); it != kDurationUnits.rend(); ++it) {
    if (d.count() % it->length.count() == 0) return fmt::format("{}{}", d.count() / it->length.count(), it->suffix);
  }
  return fmt::format("{}ms", d.count());
}

std::string format_config_value(const ConfigValue& value) {
  struct Formatter {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return fmt::format("{}", i); }
    std::string operator()(double x) const { return fmt::format("{}", x); }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(ConfigDuration d) const { return format_duration(d); }
    std::string operator()(const std::vector<std::string>& items) const {
      std::string out;
      for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
      return out;
    }
  };
  return std::visit(Formatter{}, value);
}

std::string expected_form(const ConfigKeySpec& spec) {
  switch (spec.type) {
    case ConfigType::boolean: return "true or false";
    case ConfigType::integer: return "an integer" + range_suffix(spec);
    case ConfigType::number: return "a number" + range_suffix(spec);
    case ConfigType::text: return "a string";
    case ConfigType::choice: {
      std::string out = "one of ";
      for (std::size_t i = 0; i < spec.choices.size(); ++i) out += (i ? ", " : "") + spec.choices[i];
      return out;
    }
    case ConfigType::duration: return "a duration such as 500ms, 30s, 5m, 2h or 1h30m" + range_suffix(spec);
    case ConfigType::text_list: return "a list of strings";
  }
  return "a value";
}

Status check_config_range(const ConfigKeySpec& spec, const ConfigValue& value) {
  // Bounds are declared with the key's own type, so comparing like alternatives is enough.
  bool below = spec.min && spec.min->index() == value.index() && value < *spec.min;
  bool above = spec.max && spec.max->index() == value.index() && value > *spec.max;
  if (!below && !above) return ok();
  return fail(ErrorCode::out_of_range,
              fmt::format("expected {}, got {}", expected_form(spec),
                          spec.secret ? "a secret value (not shown)" : format_config_value(value)));
}

Result<ConfigValue> parse_config_value(const ConfigKeySpec& spec, std::string_view text) {
  Result<ConfigValue> value = [&]() -> Result<ConfigValue> {
    switch (spec.type) {
      case ConfigType::boolean: return parse_boolean(spec, text);
      case ConfigType::integer: return parse_integer(spec, text);
      case ConfigType::number: return parse_number(spec, text);
      case ConfigType::text: return Result<ConfigValue>(std::in_place, std::string(text));
      case ConfigType::choice: return parse_choice(spec, text);
      case ConfigType::duration: return parse_duration_value(spec, text);
      case ConfigType::text_list: return parse_text_list(spec, text);
    }
    return fail(ErrorCode::internal, "unknown config type");
  }();
  if (!value) return value;
  if (auto in_range = check_config_range(spec, *value); !in_range) return std::unexpected(in_range.error());
  return value;
}

}  // namespace nightdesk
