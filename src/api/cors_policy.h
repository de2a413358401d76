// CorsPolicy: which browser origins may call the API, and the CORS headers of responses and preflights.
// The allowlist comes from NIGHTDESK_CORS_ORIGINS (comma list) or the config; with NIGHTDESK_ENV=production the
// list is required and may hold no wildcard, else the server refuses to start; in development it defaults to
// localhost on any port. Built at start-up; const methods may be called from any thread.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_response.h"
#include "common/env_expansion.h"
#include "common/error.h"

namespace nightdesk::api {

inline constexpr std::string_view kCorsOriginsVariable = "NIGHTDESK_CORS_ORIGINS";
inline constexpr std::string_view kEnvironmentVariable = "NIGHTDESK_ENV";

// The development default: the dashboard on this machine, any port.
inline const std::vector<std::string> kDevelopmentOrigins = {"http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"};

struct CorsSettings {
  // Each "scheme://host[:port]" exactly, "scheme://host:*" (any port) or "*" (any origin; never in production).
  std::vector<std::string> allowed_origins;
  std::chrono::seconds max_age{600};  // how long a browser may cache a preflight
};

// The settings from the environment over `configured` (the config's list). invalid_argument naming the
// variable when NIGHTDESK_ENV is neither development nor production, when production has no list or a wildcard,
// or when an entry is not an origin (a path, a trailing '/', no scheme).
Result<CorsSettings> resolve_cors_settings(const EnvLookup& env, const std::vector<std::string>& configured,
                                           std::chrono::seconds max_age);

class CorsPolicy {
 public:
  explicit CorsPolicy(CorsSettings settings);

  // Whether a browser at `origin` ("https://desk.example.com") may call the API.
  bool allows(std::string_view origin) const;

  // Adds the headers of an ordinary response to a request from an allowed `origin` (Access-Control-Allow-Origin,
  // Expose-Headers), and Vary: Origin to every response.
  void decorate(ApiResponse& response, std::optional<std::string_view> origin) const;

  // The answer to a preflight (OPTIONS with Origin and Access-Control-Request-Method) on a path whose methods
  // are `methods`: 204 with the allowed methods and headers and Max-Age, or 403 when the origin is not allowed.
  ApiResponse preflight(std::string_view origin, const std::vector<std::string>& methods) const;

  const CorsSettings& settings() const { return settings_; }

 private:
  CorsSettings settings_;
};

// Whether `origin` ("http://127.0.0.1:8080") is the server itself as the request's `host` header names it: the
// dashboard this server served calling back. Such a request is not cross-origin and needs no allowlist entry
// (in production the list names other sites). Case-insensitive; http or https.
bool is_same_origin(std::string_view origin, std::string_view host);

// Header names a browser may send on a cross-origin API request.
inline constexpr std::string_view kCorsAllowedHeaders = "Authorization, Content-Type, Idempotency-Key, X-Request-Id";

}  // namespace nightdesk::api
