// Environment access for configuration: an injectable lookup, and `${VAR}` expansion inside values.
// EnvLookup objects are plain callables; process_environment() reads getenv and is safe to call
// from any thread as long as nobody calls setenv concurrently.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

namespace nightdesk {

// Answers "what is the value of environment variable NAME?"; nullopt when it is not set. Injected
// so tests never touch the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The real process environment (getenv).
EnvLookup process_environment();
// A fixed environment, for tests and for callers that captured the environment once.
EnvLookup environment_from(std::map<std::string, std::string> variables);

// Expands variable references in `text`:
//   ${NAME}          the value of NAME; an error when NAME is not set
//   ${NAME:-word}    the value of NAME, or `word` (taken literally, may be empty) when NAME is unset or empty
//   $$               a literal "$"
// Any other "$" (a bare $NAME, "$" at the end, "${" without "}") is a parse_error, so a reference the
// user meant to expand is never passed through silently. NAME is [A-Za-z_][A-Za-z0-9_]*. The result is
// not expanded again. Error messages name the variable but never include its value.
Result<std::string> expand_variables(std::string_view text, const EnvLookup& env);

}  // namespace nightdesk
