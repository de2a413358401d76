// AccessScope: what a bearer token may do (read, trade, admin; each includes the ones before it), and the
// Principal a request is made by. Plain values; any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nightdesk::api {

enum class AccessScope {
  none,   // a route that needs no token (health); never a token's scope
  read,   // GET everything
  trade,  // + orders, positions, templates, halt
  admin,  // + risk reset and other admin actions
};

std::string_view to_string(AccessScope scope);
std::optional<AccessScope> parse_access_scope(std::string_view text);  // "read", "trade", "admin"

// Whether a holder of `held` may use a route that needs `needed`.
inline bool grants(AccessScope held, AccessScope needed) { return static_cast<int>(held) >= static_cast<int>(needed); }

struct Principal {
  std::string name;  // which token ("api", "admin", "read", "tokens.txt:3"); never the token itself
  AccessScope scope = AccessScope::none;
};

}  // namespace nightdesk::api
