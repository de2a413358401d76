#include "common/env_expansion.h"

#include <cstdlib>
#include <utility>

#include <fmt/core.h>

namespace nightdesk {
namespace {

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

// Expands one "${...}" reference whose body (between the braces) is `body`.
Result<std::string> expand_reference(std::string_view body, const EnvLookup& env) {
  std::size_t name_end = 0;
  while (name_end < body.size() && is_name_char(body[name_end])) ++name_end;
  std::string_view name = body.substr(0, name_end);
  std::string_view rest = body.substr(name_end);
  if (name.empty() || !is_name_start(name[0])) {
    return fail(ErrorCode::parse_error, fmt::format("\"${{{}}}\" is not a variable reference; a name is "
                                                    "[A-Za-z_][A-Za-z0-9_]* (write $$ for a literal $)",
                                                    body));
  }
  std::optional<std::string> value = env(std::string(name));
  if (rest.empty()) {
    if (!value) {
      return fail(ErrorCode::invalid_argument,
                  fmt::format("${{{0}}} is not set (set {0}, or write ${{{0}:-default}})", name));
    }
    return std::move(*value);
  }
  if (rest.starts_with(":-")) {
    if (value && !value->empty()) return std::move(*value);
    return std::string(rest.substr(2));
  }
  return fail(ErrorCode::parse_error,
              fmt::format("\"${{{}}}\": expected ${{{}}} or ${{{}:-default}}", body, name, name));
}

// Explains a "$" that starts neither "${" nor "$$"; `after` is the text following the "$".
std::string bare_dollar_message(std::string_view after) {
  std::size_t n = 0;
  while (n < after.size() && is_name_char(after[n])) ++n;
  if (n > 0 && is_name_start(after[0])) {
    std::string_view name = after.substr(0, n);
    return fmt::format("${0} is not expanded: write ${{{0}}}, or $${0} for a literal \"${0}\"", name);
  }
  return "a \"$\" must start ${NAME} or ${NAME:-default}; write $$ for a literal $";
}

}  // namespace

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

EnvLookup environment_from(std::map<std::string, std::string> variables) {
  return [vars = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

Result<std::string> expand_variables(std::string_view text, const EnvLookup& env) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c != '$') {
      out += c;
      ++i;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '{') {
      std::size_t close = text.find('}', i + 2);
      if (close == std::string_view::npos) {
        return fail(ErrorCode::parse_error, "\"${\" without a closing \"}\" (write $$ for a literal $)");
      }
      auto expanded = expand_reference(text.substr(i + 2, close - i - 2), env);
      if (!expanded) return std::unexpected(std::move(expanded.error()));
      out += *expanded;
      i = close + 1;
      continue;
    }
    return fail(ErrorCode::parse_error, bare_dollar_message(text.substr(i + 1)));
  }
  return out;
}

}  // namespace nightdesk
