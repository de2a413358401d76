#include "api/json_body.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace nightdesk::api {

int json_nesting_depth(std::string_view text, int stop_above) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > stop_above) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

Result<nlohmann::json> parse_json_body(std::string_view body, const JsonBodyLimits& limits) {
  if (body.size() > limits.max_bytes)
    return fail(ErrorCode::parse_error,
                fmt::format("request body is {} bytes; at most {} are accepted", body.size(), limits.max_bytes));
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return fail(ErrorCode::parse_error, "request body is empty; a JSON value is expected");
  if (json_nesting_depth(body, limits.max_depth) > limits.max_depth)
    return fail(ErrorCode::parse_error, fmt::format("JSON nested deeper than {} levels", limits.max_depth));
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while
    // parsing value - invalid literal; last read: 'tru}'": keep the part after the id.
    std::string what = e.what();
    if (auto close = what.find("] "); close != std::string::npos) what.erase(0, close + 2);
    return fail(ErrorCode::parse_error, fmt::format("malformed JSON at byte {}: {}", e.byte, what));
  } catch (const std::exception& e) {
    return fail(ErrorCode::parse_error, fmt::format("malformed JSON: {}", e.what()));
  }
}

}  // namespace nightdesk::api
