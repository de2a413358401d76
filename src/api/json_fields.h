// JsonFields: the fields a request object may carry (name, JSON type, required), checked in one call so that
// an unknown field, a wrong type or a missing field is refused with the field's name. Stateless; any thread.
//   static const JsonField kClose[] = {{"qty", JsonType::integer}, {"pct", JsonType::number}};
//   if (auto bad = check_fields(request.body, kClose); !bad) return ApiResponse::error(bad.error());
#pragma once

#include <span>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "common/error.h"

namespace nightdesk::api {

enum class JsonType {
  string,
  integer,  // a JSON number without fraction or exponent ("2", not "2.0")
  number,   // any JSON number
  boolean,
  object,
  array,
  any,      // present, any type (null included)
};

std::string_view to_string(JsonType type);

struct JsonField {
  std::string_view name;
  JsonType type = JsonType::any;
  bool required = false;
  bool nullable = false;  // null is accepted (and means "not set")
};

// invalid_argument naming the field when `value` is not an object ("" field; `prefix` when nested), holds a
// key not in `fields` ("unknown field"), a field of the wrong type ("expected an integer, got a string") or
// lacks a required one. `prefix` names a nested object in the field ("legs[1]" → "legs[1].strike").
Status check_fields(const nlohmann::json& value, std::span<const JsonField> fields, std::string_view prefix = {});

// The JSON type name of `value` as the messages say it: "a string", "an integer", "null", …
std::string_view describe_json_type(const nlohmann::json& value);

}  // namespace nightdesk::api
