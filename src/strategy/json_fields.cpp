#include "strategy/json_fields.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/nearest_name.h"

namespace nightdesk::strategy {
namespace {

Status expected(std::string_view what, const nlohmann::json& v, const std::string& field) {
  return fail(ErrorCode::invalid_argument, fmt::format("expected {}, got {}", what, v.dump()), field);
}

// An object with exactly one key among `keys`; returns that key.
Result<std::string> single_key(const nlohmann::json& v, std::initializer_list<std::string_view> keys, const std::string& field) {
  std::string names;
  for (auto k : keys) names += fmt::format("{}\"{}\"", names.empty() ? "" : ", ", k);
  if (v.size() != 1) return fail(ErrorCode::invalid_argument, fmt::format("expected exactly one of {}", names), field);
  const std::string& key = v.begin().key();
  for (auto k : keys)
    if (key == k) return key;
  return fail(ErrorCode::invalid_argument, fmt::format("unknown field (expected one of {})", names), join_field(field, key));
}

}  // namespace

std::string join_field(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return fmt::format("{}.{}", path, key);
}

Status read_json(const nlohmann::json& v, bool& out, const std::string& field) {
  if (!v.is_boolean()) return expected("true or false", v, field);
  out = v.get<bool>();
  return ok();
}

Status read_json(const nlohmann::json& v, std::int64_t& out, const std::string& field) {
  if (v.is_number_integer()) {
    out = v.get<std::int64_t>();
    return ok();
  }
  // 3.0 is accepted as 3; 3.5 is not.
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.0e15) {
      out = static_cast<std::int64_t>(d);
      return ok();
    }
  }
  return expected("a whole number", v, field);
}

Status read_json(const nlohmann::json& v, std::int32_t& out, const std::string& field) {
  std::int64_t wide = 0;
  if (auto s = read_json(v, wide, field); !s) return s;
  if (wide < std::numeric_limits<std::int32_t>::min() || wide > std::numeric_limits<std::int32_t>::max())
    return fail(ErrorCode::out_of_range, fmt::format("{} is out of range", wide), field);
  out = static_cast<std::int32_t>(wide);
  return ok();
}

Status read_json(const nlohmann::json& v, double& out, const std::string& field) {
  if (!v.is_number()) return expected("a number", v, field);
  out = v.get<double>();
  if (!std::isfinite(out)) return expected("a finite number", v, field);
  return ok();
}

Status read_json(const nlohmann::json& v, std::string& out, const std::string& field) {
  if (!v.is_string()) return expected("a string", v, field);
  out = v.get<std::string>();
  return ok();
}

Status read_json(const nlohmann::json& v, Price& out, const std::string& field) {
  Result<Price> price = v.is_string()  ? Price::parse(v.get<std::string>())
                        : v.is_number() ? Price::from_double(v.get<double>(), Rounding::nearest)
                                        : fail(ErrorCode::invalid_argument, "", field);
  if (!price) return expected("a price (a number or decimal text such as \"450.50\")", v, field);
  out = *price;
  return ok();
}

Status read_json(const nlohmann::json& v, Date& out, const std::string& field) {
  if (!v.is_string()) return expected("a date \"YYYY-MM-DD\"", v, field);
  auto d = parse_date(v.get<std::string>());
  if (!d) return expected("a date \"YYYY-MM-DD\"", v, field);
  out = *d;
  return ok();
}

Status read_json(const nlohmann::json& v, Timestamp& out, const std::string& field) {
  if (!v.is_string()) return expected("a time \"YYYY-MM-DDTHH:MM:SSZ\"", v, field);
  auto t = parse_iso8601(v.get<std::string>());
  if (!t) return fail(ErrorCode::invalid_argument, t.error().message, field);
  out = *t;
  return ok();
}

Status read_json(const nlohmann::json& v, OptionRight& out, const std::string& field) {
  auto right = v.is_string() ? parse_option_right(v.get<std::string>()) : std::nullopt;
  if (!right) return expected("\"call\" or \"put\"", v, field);
  out = *right;
  return ok();
}

Status read_json(const nlohmann::json& v, execution::Side& out, const std::string& field) {
  auto side = v.is_string() ? execution::parse_side(v.get<std::string>()) : std::nullopt;
  if (!side) return expected("\"buy\" or \"sell\"", v, field);
  out = *side;
  return ok();
}

Status read_json(const nlohmann::json& v, execution::TimeInForce& out, const std::string& field) {
  auto tif = v.is_string() ? execution::parse_time_in_force(v.get<std::string>()) : std::nullopt;
  if (!tif) return expected("\"day\", \"gtc\" or \"ioc\"", v, field);
  out = *tif;
  return ok();
}

Status read_json(const nlohmann::json& v, StrikeChoice& out, const std::string& field) {
  if (v.is_number() || v.is_string()) {
    FixedStrike fixed;
    if (auto s = read_json(v, fixed.strike, field); !s) return s;
    out = fixed;
    return ok();
  }
  if (!v.is_object()) return expected("a strike, or {\"strike\": K}, {\"delta\": D} or {\"atm_offset\": X}", v, field);
  auto key = single_key(v, {"strike", "delta", "atm_offset"}, field);
  if (!key) return std::unexpected(key.error());
  std::string sub = join_field(field, *key);
  if (*key == "strike") {
    FixedStrike fixed;
    if (auto s = read_json(v.at("strike"), fixed.strike, sub); !s) return s;
    out = fixed;
  } else if (*key == "delta") {
    TargetDelta delta;
    if (auto s = read_json(v.at("delta"), delta.delta, sub); !s) return s;
    out = delta;
  } else {
    AtmOffset offset;
    if (auto s = read_json(v.at("atm_offset"), offset.offset, sub); !s) return s;
    out = offset;
  }
  return ok();
}

Status read_json(const nlohmann::json& v, ExpiryChoice& out, const std::string& field) {
  if (v.is_string()) {
    FixedExpiry fixed;
    if (auto s = read_json(v, fixed.date, field); !s) return s;
    out = fixed;
    return ok();
  }
  if (!v.is_object()) return expected("a date \"YYYY-MM-DD\", {\"date\": ...} or {\"dte\": N}", v, field);
  auto key = single_key(v, {"date", "dte"}, field);
  if (!key) return std::unexpected(key.error());
  std::string sub = join_field(field, *key);
  if (*key == "date") {
    FixedExpiry fixed;
    if (auto s = read_json(v.at("date"), fixed.date, sub); !s) return s;
    out = fixed;
  } else {
    TargetDte dte;
    if (auto s = read_json(v.at("dte"), dte.days, sub); !s) return s;
    out = dte;
  }
  return ok();
}

nlohmann::json write_json(bool v) { return v; }
nlohmann::json write_json(std::int32_t v) { return v; }
nlohmann::json write_json(std::int64_t v) { return v; }
nlohmann::json write_json(double v) { return v; }
nlohmann::json write_json(const std::string& v) { return v; }
nlohmann::json write_json(Price v) { return v.to_double(); }
nlohmann::json write_json(Date v) { return format_date(v); }
nlohmann::json write_json(Timestamp v) { return format_iso8601(v); }
nlohmann::json write_json(OptionRight v) { return std::string(to_string(v)); }
nlohmann::json write_json(execution::Side v) { return std::string(execution::to_string(v)); }
nlohmann::json write_json(execution::TimeInForce v) { return std::string(execution::to_string(v)); }

nlohmann::json write_json(const StrikeChoice& v) {
  if (const auto* fixed = std::get_if<FixedStrike>(&v)) return {{"strike", write_json(fixed->strike)}};
  if (const auto* delta = std::get_if<TargetDelta>(&v)) return {{"delta", delta->delta}};
  return {{"atm_offset", write_json(std::get<AtmOffset>(v).offset)}};
}

nlohmann::json write_json(const ExpiryChoice& v) {
  if (const auto* fixed = std::get_if<FixedExpiry>(&v)) return write_json(fixed->date);
  return {{"dte", std::get<TargetDte>(v).days}};
}

JsonObjectReader::JsonObjectReader(const nlohmann::json& object, std::string path) : object_(object), path_(std::move(path)) {}

Status JsonObjectReader::finish() const {
  if (error_) return std::unexpected(*error_);
  if (!object_.is_object()) return fail(ErrorCode::invalid_argument, "expected an object", path_);
  for (const auto& [key, value] : object_.items()) {
    if (asked_.contains(key)) continue;
    std::vector<std::string> known(asked_.begin(), asked_.end());
    auto guess = nearest_name(key, known);
    return fail(ErrorCode::invalid_argument, guess ? fmt::format("unknown field (did you mean \"{}\"?)", *guess) : "unknown field",
                join_field(path_, key));
  }
  return ok();
}

}  // namespace nightdesk::strategy
