#include "api/api_request.h"

#include <algorithm>
#include <cctype>

#include "api/route_table.h"

namespace nightdesk::api {

std::string_view ApiRequest::param(std::string_view name) const {
  for (const auto& [n, v] : params)
    if (n == name) return v;
  return {};
}

std::optional<std::string_view> ApiRequest::query_value(std::string_view name) const {
  for (const auto& [n, v] : query)
    if (n == name) return v;
  return std::nullopt;
}

std::optional<std::string_view> ApiRequest::header(std::string_view name) const {
  std::optional<std::string_view> out;
  for (const auto& [n, v] : headers)
    if (n.size() == name.size() && std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
      out = v;
  return out;
}

Result<NameValues> parse_query(std::string_view query) {
  NameValues out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq), true);
    if (!name) return fail(ErrorCode::parse_error, "malformed %-escape in a query parameter name", "query");
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
    if (!value) return fail(ErrorCode::parse_error, "malformed %-escape in the query parameter's value", *name);
    out.emplace_back(std::move(*name), std::move(*value));
  }
  return out;
}

}  // namespace nightdesk::api
