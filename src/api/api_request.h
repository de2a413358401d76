// ApiRequest: one API request as a handler sees it: the matched route and its path parameters, the decoded
// query, the caller (principal and scope) and the JSON body (null when there is none). Built by ApiServer on an
// API thread and handed to one handler call; a plain value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/access_scope.h"
#include "common/error.h"

namespace nightdesk::api {

using NameValues = std::vector<std::pair<std::string, std::string>>;

struct ApiRequest {
  std::string method;          // "GET", "POST", …; HEAD reaches a GET handler as "HEAD"
  std::string path;            // "/api/v1/positions/42"
  std::string route;           // the template it matched: "/api/v1/positions/{id}"
  NameValues params;           // path parameters, percent-decoded: {"id", "42"}
  NameValues query;            // query parameters in order, decoded ('+' is a space)
  NameValues headers;          // as received
  Principal principal;         // who asks; scope none on a route that needs no token
  nlohmann::json body;         // null when the request had no body
  std::string remote_address;  // the client's IP address

  // The path parameter `name` (declared by the route, so present when the route matched).
  std::string_view param(std::string_view name) const;
  // The first query parameter `name`, if any.
  std::optional<std::string_view> query_value(std::string_view name) const;
  // The last header `name` (case-insensitive), if any.
  std::optional<std::string_view> header(std::string_view name) const;
};

// The parameters of a query string ("status=open&symbol=SPY%20240119C00450000"); parse_error naming the
// parameter on a malformed %-escape. A key without '=' has an empty value.
Result<NameValues> parse_query(std::string_view query);

}  // namespace nightdesk::api
