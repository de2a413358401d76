// ApiServer: the REST side of the API on common/HttpServer: route templates, bearer-token auth with scopes,
// CORS, rate limits, request limits, JSON bodies and the error shape, plus /api/v1/health, /ready and /metrics.
// Handlers run on the server's I/O threads and must not block on the engine for long; an exception from one is
// answered 500, logged and counted. start/stop/set_ready/port may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/access_scope.h"
#include "api/api_metrics.h"
#include "api/api_request.h"
#include "api/api_response.h"
#include "api/authenticator.h"
#include "api/cors_policy.h"
#include "api/rate_limiter.h"
#include "api/token_grants.h"
#include "common/error.h"
#include "common/http_server.h"
#include "common/prometheus_text.h"

namespace nightdesk::api {

inline constexpr std::string_view kApiPrefix = "/api/v1";
inline constexpr std::string_view kWebSocketPath = "/api/v1/ws";  // the only path that takes ?token=

using ApiHandler = std::function<ApiResponse(const ApiRequest&)>;

// One endpoint. A handler for GET also answers HEAD (the body is dropped); OPTIONS is answered by the server.
//   ApiRoute("POST", "/api/v1/positions/{id}/close", AccessScope::trade, [&](const ApiRequest& r) { ... })
struct ApiRoute {
  ApiRoute(std::string method, std::string path, AccessScope scope, ApiHandler handler,
           std::optional<RateClass> rate_class = std::nullopt, bool rate_limited = true)
      : method(std::move(method)), path(std::move(path)), scope(scope), handler(std::move(handler)),
        rate_class(rate_class), rate_limited(rate_limited) {}

  std::string method;                     // "GET", "POST", "PATCH", "DELETE", …
  std::string path;                       // a template: "/api/v1/positions/{id}/close"
  AccessScope scope = AccessScope::read;  // what the caller's token must grant; none: no token needed
  ApiHandler handler;
  // Which rate-limit buckets it spends: nullopt means read for GET/HEAD, order entry for anything else.
  std::optional<RateClass> rate_class;
  bool rate_limited = true;  // false: exempt (health probes)
};

struct ApiServerOptions {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 0;  // 0: an ephemeral port; port() tells which
  int threads = 2;
  // Request limits.
  std::size_t max_body_bytes = 64 * 1024;         // larger: 413
  std::size_t max_header_bytes = 8 * 1024;        // larger: 431
  std::chrono::milliseconds read_timeout{10'000};  // slower requests and idle keep-alives are closed
  std::size_t max_connections = 256;
  int json_max_depth = 64;  // deeper: 400
  // Auth: the accepted tokens (token_grants.h); none at all refuses to start unless insecure_no_auth, which
  // is allowed only on a loopback bind and logs a warning.
  std::vector<TokenGrant> tokens;
  bool insecure_no_auth = false;
  BucketLimit auth_failures{10, 10.0 / 60};  // per IP: failed attempts allowed, forgiven per second
  // Rate limits (rate_limiter.h).
  bool rate_limits_enabled = true;
  RateLimits rate_limits;
  CorsSettings cors{kDevelopmentOrigins, std::chrono::seconds(600)};
  bool metrics_require_auth = false;  // /metrics with a read token
  // More metric families for /metrics (the engine's); called on an API thread per scrape.
  std::function<void(PrometheusText&)> extra_metrics;
  // Paths handed over on "Upgrade: websocket" (the WsHub's /api/v1/ws); the handler checks its own auth.
  std::vector<HttpUpgradeRoute> upgrades;
  // The time rate limits and lockouts see; tests inject a fake clock. Empty: steady_clock.
  std::function<SteadyTime()> clock;
};

class ApiServer {
 public:
  // Checks the options, registers the built-in routes and `routes`, binds and serves. invalid_argument for no
  // token without insecure_no_auth, insecure_no_auth off loopback, or a bad or duplicate route (the message
  // names it); io_error when the port cannot be bound.
  static Result<std::unique_ptr<ApiServer>> start(ApiServerOptions options, std::vector<ApiRoute> routes);
  ~ApiServer();  // stop()
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  std::uint16_t port() const;
  // "http://127.0.0.1:8080".
  std::string url() const;
  // /ready answers 200 once ready, else 503 with `reason` ("store not connected").
  void set_ready(bool ready, std::string reason = {});
  void stop();

  // The auth checks, for the WebSocket upgrade (which does not pass through the router).
  Authenticator& authenticator();
  const CorsPolicy& cors() const;
  ApiMetrics& metrics();

  struct Impl;

 private:
  explicit ApiServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Whether `address` is a loopback address (127.0.0.0/8, ::1) or "localhost".
bool is_loopback(std::string_view address);

}  // namespace nightdesk::api
