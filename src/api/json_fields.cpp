#include "api/json_fields.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>

namespace nightdesk::api {
namespace {

bool matches(const nlohmann::json& v, JsonType type) {
  switch (type) {
    case JsonType::string:
      return v.is_string();
    case JsonType::integer:
      return v.is_number_integer();
    case JsonType::number:
      return v.is_number();
    case JsonType::boolean:
      return v.is_boolean();
    case JsonType::object:
      return v.is_object();
    case JsonType::array:
      return v.is_array();
    case JsonType::any:
      return true;
  }
  return false;
}

std::string_view article(JsonType type) {
  return type == JsonType::integer || type == JsonType::object || type == JsonType::array ? "an" : "a";
}

std::string path(std::string_view prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : fmt::format("{}.{}", prefix, name);
}

}  // namespace

std::string_view to_string(JsonType type) {
  switch (type) {
    case JsonType::string:
      return "string";
    case JsonType::integer:
      return "integer";
    case JsonType::number:
      return "number";
    case JsonType::boolean:
      return "boolean";
    case JsonType::object:
      return "object";
    case JsonType::array:
      return "array";
    case JsonType::any:
      return "any";
  }
  return "any";
}

std::string_view describe_json_type(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number_integer()) return "an integer";
  if (v.is_number()) return "a number";
  if (v.is_object()) return "an object";
  if (v.is_array()) return "an array";
  return "an unknown value";
}

Status check_fields(const nlohmann::json& value, std::span<const JsonField> fields, std::string_view prefix) {
  if (!value.is_object())
    return fail(ErrorCode::invalid_argument, fmt::format("expected a JSON object, got {}", describe_json_type(value)),
                std::string(prefix));
  for (const auto& [key, item] : value.items()) {
    const JsonField* field = nullptr;
    for (const auto& f : fields)
      if (f.name == key) field = &f;
    if (field == nullptr) return fail(ErrorCode::invalid_argument, "unknown field", path(prefix, key));
    if (item.is_null() && field->nullable) continue;
    if (!matches(item, field->type))
      return fail(ErrorCode::invalid_argument,
                  fmt::format("expected {} {}, got {}", article(field->type), to_string(field->type), describe_json_type(item)),
                  path(prefix, key));
  }
  for (const auto& f : fields)
    if (f.required && !value.contains(f.name)) return fail(ErrorCode::invalid_argument, "required field is missing", path(prefix, f.name));
  return ok();
}

}  // namespace nightdesk::api
