// Request bodies as JSON: parsed under a size cap and a nesting-depth limit, with errors that name the
// problem and where it is ("malformed JSON at byte 17: ..."). Stateless; any thread.
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace nightdesk::api {

struct JsonBodyLimits {
  std::size_t max_bytes = 64 * 1024;
  int max_depth = 64;  // nested arrays/objects; the top-level object is depth 1
};

// The parsed body. parse_error (→ 400) for an empty body, a body over max_bytes, nesting deeper than
// max_depth (checked before parsing, so a hostile body costs one linear scan), or text that is not exactly one
// JSON value; the message names the byte offset and what was expected.
Result<nlohmann::json> parse_json_body(std::string_view body, const JsonBodyLimits& limits = {});

// The deepest nesting of arrays and objects in `text` (brackets inside strings do not count), stopping as
// soon as it exceeds `stop_above`. Malformed text gives a meaningful depth of whatever was scanned.
int json_nesting_depth(std::string_view text, int stop_above);

}  // namespace nightdesk::api
