#include "api/access_scope.h"

namespace nightdesk::api {

std::string_view to_string(AccessScope scope) {
  switch (scope) {
    case AccessScope::none:
      return "none";
    case AccessScope::read:
      return "read";
    case AccessScope::trade:
      return "trade";
    case AccessScope::admin:
      return "admin";
  }
  return "none";
}

std::optional<AccessScope> parse_access_scope(std::string_view text) {
  if (text == "read") return AccessScope::read;
  if (text == "trade") return AccessScope::trade;
  if (text == "admin") return AccessScope::admin;
  return std::nullopt;
}

}  // namespace nightdesk::api
