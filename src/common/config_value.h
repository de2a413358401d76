// Reading and writing single configuration values as text, by the rules of their ConfigKeySpec.
// Pure functions; callable from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/config_schema.h"
#include "common/error.h"

namespace nightdesk {

// Parses `text` (a YAML scalar or an environment value, already ${VAR}-expanded) as a value of `spec`
// and checks its range or choices. A text_list is read as "a,b,c" (items trimmed; an empty text is an
// empty list; an empty item is an error). On failure the message is "expected <form>, got <text>"
// without file, line or key (the caller adds those); a secret's text is never quoted.
Result<ConfigValue> parse_config_value(const ConfigKeySpec& spec, std::string_view text);

// Checks a value of the right type against the range of `spec` (out_of_range error, same message form).
Status check_config_range(const ConfigKeySpec& spec, const ConfigValue& value);

// What a valid value looks like: "an integer in [1, 168]", "one of json, text", "true or false".
std::string expected_form(const ConfigKeySpec& spec);

// The value as a person would write it: "true", "12", "0.5", "30s", "a, b". Secrets are not redacted here.
std::string format_config_value(const ConfigValue& value);

// "1h", "90s", "250ms": the largest unit that divides the duration exactly.
std::string format_duration(ConfigDuration d);
// "250ms", "30s", "5m", "2h", "1d" or a sum of them ("1h30m"); a number without a unit is refused.
Result<ConfigDuration> parse_duration(std::string_view text);

}  // namespace nightdesk
