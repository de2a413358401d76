// RouteTable: method + path templates ("/api/v1/positions/{id}") to route numbers. A literal segment wins over a
// parameter at the same place ("/positions/summary" before "/positions/{id}"), a path with no route is
// 404 and a path whose routes lack the method is 405 with the methods it has. HEAD is served by GET.
// Built by one thread before serving; match() is const and may be called from many threads.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"

namespace nightdesk::api {

struct RouteMatch {
  enum class Kind { found, method_not_allowed, not_found };
  Kind kind = Kind::not_found;
  std::size_t route = 0;                                    // found: the number add() was given
  std::string_view pattern;                                 // found: the template, a metrics label
  std::vector<std::pair<std::string, std::string>> params;  // found: name → percent-decoded value
  std::vector<std::string> allowed;                         // found/method_not_allowed: the path's methods
};

class RouteTable {
 public:
  RouteTable();
  ~RouteTable();
  RouteTable(RouteTable&&) noexcept;
  RouteTable& operator=(RouteTable&&) noexcept;

  // Registers `method` (upper case) on `pattern`: segments separated by '/', each a literal or "{name}".
  // invalid_argument for a pattern that does not start with '/', has an empty segment, a malformed or
  // repeated parameter name; conflict when the same method and shape (literals in the same places) is
  // already registered.
  Status add(std::string_view method, std::string_view pattern, std::size_t route);

  // The route for `method` and `path` (no query). A parameter value is percent-decoded; a path with a
  // malformed %-escape or an empty segment matches nothing.
  RouteMatch match(std::string_view method, std::string_view path) const;

  // "GET, HEAD, POST, OPTIONS": the Allow header for a path's methods (HEAD with GET; OPTIONS always).
  static std::string allow_header(const std::vector<std::string>& methods);

  struct Node;

 private:
  std::unique_ptr<Node> root_;
  std::vector<std::string> patterns_;  // by route number
};

// `text` with %XX escapes decoded; '+' becomes a space only when `plus_is_space` (query strings). parse_error
// for a malformed escape.
Result<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

}  // namespace nightdesk::api
