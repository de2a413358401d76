#include "api/cors_policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "api/route_table.h"

namespace nightdesk::api {
namespace {

std::string lowered(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "scheme://host[:port]" or "scheme://host:*": a scheme, "://", a host and no path, query or user info.
bool is_origin(std::string_view entry) {
  const auto sep = entry.find("://");
  if (sep == std::string_view::npos || sep == 0) return false;
  const std::string_view scheme = entry.substr(0, sep), rest = entry.substr(sep + 3);
  if (!std::all_of(scheme.begin(), scheme.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
    return false;
  return !rest.empty() && rest.find_first_of("/?#@ ") == std::string_view::npos;
}

// Whether `origin` matches the allowlist entry `pattern` (both lower-cased).
bool matches(std::string_view pattern, std::string_view origin) {
  if (pattern == "*") return true;
  if (pattern.ends_with(":*")) {
    const std::string_view base = pattern.substr(0, pattern.size() - 1);  // "http://localhost:"
    if (!origin.starts_with(base)) return false;
    const std::string_view port = origin.substr(base.size());
    return !port.empty() && port.size() <= 5 &&
           std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  return pattern == origin;
}

}  // namespace

Result<CorsSettings> resolve_cors_settings(const EnvLookup& env, const std::vector<std::string>& configured,
                                           std::chrono::seconds max_age) {
  const std::string mode = lowered(env(std::string(kEnvironmentVariable)).value_or("development"));
  if (mode != "development" && mode != "production")
    return fail(ErrorCode::invalid_argument,
                fmt::format("{}: expected development or production, got \"{}\"", kEnvironmentVariable, mode),
                std::string(kEnvironmentVariable));
  const bool production = mode == "production";
  std::vector<std::string> origins;
  std::string source = "api.cors_origins";
  if (auto listed = env(std::string(kCorsOriginsVariable))) {
    source = kCorsOriginsVariable;
    std::string_view rest = *listed;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      if (auto item = trimmed(rest.substr(0, comma)); !item.empty()) origins.emplace_back(item);
      rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
    }
  } else {
    for (const auto& o : configured)
      if (auto item = trimmed(o); !item.empty()) origins.emplace_back(item);
  }
  for (auto& o : origins) {
    o = lowered(o);
    if (o != "*" && !is_origin(o))
      return fail(ErrorCode::invalid_argument,
                  fmt::format("{}: \"{}\" is not an origin (expected scheme://host[:port], no path or trailing '/')", source, o),
                  source);
    if (production && o.find('*') != std::string::npos)
      return fail(ErrorCode::invalid_argument,
                  fmt::format("{}: a wildcard (\"{}\") is not allowed with {}=production; list each origin", source, o,
                              kEnvironmentVariable),
                  source);
  }
  if (origins.empty()) {
    if (production)
      return fail(ErrorCode::invalid_argument,
                  fmt::format("{}=production requires the allowed origins: set {} (comma list) or api.cors_origins",
                              kEnvironmentVariable, kCorsOriginsVariable),
                  std::string(kCorsOriginsVariable));
    origins = kDevelopmentOrigins;
  }
  return CorsSettings{std::move(origins), max_age};
}

CorsPolicy::CorsPolicy(CorsSettings settings) : settings_(std::move(settings)) {
  for (auto& o : settings_.allowed_origins) o = lowered(o);
}

bool CorsPolicy::allows(std::string_view origin) const {
  const std::string lower = lowered(origin);
  return std::any_of(settings_.allowed_origins.begin(), settings_.allowed_origins.end(),
                     [&](const std::string& pattern) { return matches(pattern, lower); });
}

void CorsPolicy::decorate(ApiResponse& response, std::optional<std::string_view> origin) const {
  response.with_header("Vary", "Origin");
  if (!origin || !allows(*origin)) return;
  response.with_header("Access-Control-Allow-Origin", std::string(*origin));
  response.with_header("Access-Control-Expose-Headers", "Retry-After, Allow");
}

ApiResponse CorsPolicy::preflight(std::string_view origin, const std::vector<std::string>& methods) const {
  if (!allows(origin)) {
    auto denied = ApiResponse::error(403, error_code::origin_not_allowed, "this origin may not call the API", "Origin");
    denied.with_header("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    return denied;
  }
  ApiResponse r = ApiResponse::no_content();
  r.with_header("Access-Control-Allow-Origin", std::string(origin))
      .with_header("Access-Control-Allow-Methods", RouteTable::allow_header(methods))
      .with_header("Access-Control-Allow-Headers", std::string(kCorsAllowedHeaders))
      .with_header("Access-Control-Max-Age", std::to_string(settings_.max_age.count()))
      .with_header("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  return r;
}

bool is_same_origin(std::string_view origin, std::string_view host) {
  const auto same = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  };
  if (host.empty()) return false;
  for (std::string_view scheme : {std::string_view("http://"), std::string_view("https://")})
    if (origin.size() == scheme.size() + host.size() && same(origin.substr(0, scheme.size()), scheme) &&
        same(origin.substr(scheme.size()), host))
      return true;
  return false;
}

}  // namespace nightdesk::api
