#include "api/api_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/address.hpp>
#include <cctype>
#include <mutex>

#include "api/api_token.h"
#include "api/json_body.h"
#include "api/route_table.h"
#include "common/http_server.h"

namespace nightdesk::api {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool contains_word(std::string_view text, std::string_view word) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower.find(word) != std::string::npos;
}

std::optional<std::string_view> header(const HttpServerRequest& r, std::string_view name) {
  std::optional<std::string_view> out;
  for (const auto& [n, v] : r.headers)
    if (same_name(n, name)) out = v;
  return out;
}

bool has_body_semantics(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

HttpServerResponse to_http(ApiResponse r) {
  HttpServerResponse out;
  out.status = r.status;
  out.content_type = std::move(r.content_type);
  out.body = std::move(r.body);
  out.headers = std::move(r.headers);
  return out;
}

ApiResponse too_many(std::chrono::seconds retry_after, std::string_view message) {
  auto r = ApiResponse::error(429, error_code::rate_limited, message);
  r.with_header("Retry-After", std::to_string(retry_after.count()));
  return r;
}

}  // namespace

bool is_loopback(std::string_view address) {
  if (address == "localhost") return true;
  boost::system::error_code ec;
  const auto parsed = boost::asio::ip::make_address(std::string(address), ec);
  return !ec && parsed.is_loopback();
}

struct ApiServer::Impl {
  Impl(ApiServerOptions o)
      : options(std::move(o)),
        auth(options.tokens, options.auth_failures, options.insecure_no_auth, options.rate_limits.max_tracked_clients),
        cors(options.cors) {
    if (options.rate_limits_enabled) limiter.emplace(options.rate_limits);
    options.tokens.clear();  // only the authenticator's digests stay in memory
  }

  ApiServerOptions options;
  std::vector<ApiRoute> routes;
  RouteTable table;
  Authenticator auth;
  std::optional<RateLimiter> limiter;
  CorsPolicy cors;
  ApiMetrics metrics;
  std::atomic<bool> ready{false};
  std::mutex ready_mutex;
  std::string not_ready_reason = "the engine has not reported ready";  // guarded by ready_mutex
  std::atomic<HttpServer*> http_raw{nullptr};  // set once serving (the /metrics handler reads its stats)
  std::unique_ptr<HttpServer> http;

  SteadyTime now() const { return options.clock ? options.clock() : std::chrono::steady_clock::now(); }
  Status add(ApiRoute route);
  HttpServerResponse serve(const HttpServerRequest& request);
  ApiResponse answer(const HttpServerRequest& request, std::string& route_label);
  ApiResponse call_handler(const ApiRoute& route, ApiRequest& request);
  ApiResponse reject(unsigned status, std::string_view code, std::string_view reason, std::string_view message,
                     std::string_view field = {});
  std::optional<ApiResponse> authenticate(const HttpServerRequest& request, const NameValues& query,
                                          const ApiRoute& route, Principal& principal);
  std::vector<ApiRoute> builtin_routes();
};

ApiResponse ApiServer::Impl::reject(unsigned status, std::string_view code, std::string_view reason,
                                    std::string_view message, std::string_view field) {
  metrics.count_reject(reason);
  return ApiResponse::error(status, code, message, field);
}

Status ApiServer::Impl::add(ApiRoute route) {
  if (!route.handler)
    return fail(ErrorCode::invalid_argument, fmt::format("{} {}: no handler", route.method, route.path), "handler");
  if (route.method == "OPTIONS" || route.method == "HEAD")
    return fail(ErrorCode::invalid_argument,
                fmt::format("{} {}: {} is answered by the server", route.method, route.path, route.method), "method");
  if (auto added = table.add(route.method, route.path, routes.size()); !added) return added;
  routes.push_back(std::move(route));
  return ok();
}

std::vector<ApiRoute> ApiServer::Impl::builtin_routes() {
  const std::string prefix(kApiPrefix);
  ApiRoute health{"GET", prefix + "/health", AccessScope::none,
                  [](const ApiRequest&) { return ApiResponse::json(200, {{"status", "ok"}}); }, std::nullopt, false};
  ApiRoute ready_route{"GET", prefix + "/ready", AccessScope::none,
                       [this](const ApiRequest&) {
                         if (ready.load()) return ApiResponse::json(200, {{"ready", true}});
                         std::lock_guard lock(ready_mutex);
                         return ApiResponse::error(503, error_code::unavailable, "not ready: " + not_ready_reason);
                       },
                       std::nullopt, false};
  ApiRoute metrics_route{"GET", prefix + "/metrics", options.metrics_require_auth ? AccessScope::read : AccessScope::none,
                         [this](const ApiRequest&) {
                           TransportRejects transport;
                           if (const HttpServer* server = http_raw.load()) {
                             const auto s = server->stats();
                             transport = {s.malformed, s.body_too_large, s.headers_too_large, s.timed_out, s.over_capacity};
                           }
                           PrometheusText text;
                           metrics.render(text, transport);
                           if (options.extra_metrics) options.extra_metrics(text);
                           ApiResponse r;
                           r.content_type = kPrometheusContentType;
                           r.body = text.text();
                           return r;
                         },
                         RateClass::read, true};
  return {std::move(health), std::move(ready_route), std::move(metrics_route)};
}

HttpServerResponse ApiServer::Impl::serve(const HttpServerRequest& request) {
  std::string route_label = "unmatched";
  ApiResponse response;
  try {
    response = answer(request, route_label);
  } catch (const std::exception& e) {
    spdlog::error("api: {} {} failed: {}", request.method, route_label, e.what());
    metrics.count_handler_failure(route_label);
    response = ApiResponse::error(500, error_code::internal, "internal error");
  } catch (...) {
    spdlog::error("api: {} {} failed with a non-standard exception", request.method, route_label);
    metrics.count_handler_failure(route_label);
    response = ApiResponse::error(500, error_code::internal, "internal error");
  }
  if (response.header("Vary").empty()) cors.decorate(response, header(request, "Origin"));  // a preflight has its own
  metrics.count_request(route_label, request.method, response.status);
  return to_http(std::move(response));
}

std::optional<ApiResponse> ApiServer::Impl::authenticate(const HttpServerRequest& request, const NameValues& query,
                                                         const ApiRoute& route, Principal& principal) {
  // A browser cannot set a header on a WebSocket upgrade, so only there may the token ride in the URL.
  std::optional<std::string_view> query_token;
  const auto upgrade = header(request, "Upgrade");
  if (request.path == kWebSocketPath && upgrade && contains_word(*upgrade, "websocket"))
    for (const auto& [n, v] : query)
      if (n == "token") query_token = v;
  const AuthOutcome outcome = auth.authenticate(header(request, "Authorization"), query_token, request.remote_address, now());
  switch (outcome.kind) {
    case AuthOutcome::Kind::ok:
      break;
    case AuthOutcome::Kind::locked_out:
      metrics.count_auth_failure("locked_out");
      metrics.count_reject("auth_locked_out");
      return too_many(outcome.retry_after, "too many failed authentication attempts from this address");
    case AuthOutcome::Kind::missing:
    case AuthOutcome::Kind::invalid: {
      const bool missing = outcome.kind == AuthOutcome::Kind::missing;
      metrics.count_auth_failure(to_string(outcome.kind));
      auto r = reject(401, error_code::unauthorized, "unauthorized",
                      missing ? "a bearer token is required (Authorization: Bearer <token>)" : "the bearer token is not valid",
                      "Authorization");
      r.with_header("WWW-Authenticate", missing ? "Bearer" : "Bearer error=\"invalid_token\"");
      return r;
    }
  }
  if (!grants(outcome.principal.scope, route.scope)) {
    metrics.count_auth_failure("insufficient_scope");
    return reject(403, error_code::forbidden, "forbidden",
                  fmt::format("this action needs the {} scope; the token grants {}", to_string(route.scope),
                              to_string(outcome.principal.scope)));
  }
  principal = outcome.principal;
  return std::nullopt;
}

ApiResponse ApiServer::Impl::answer(const HttpServerRequest& request, std::string& route_label) {
  auto query = parse_query(request.query);
  if (!query)
    return reject(400, error_code::malformed_request, "malformed_request", query.error().message, query.error().field);
  const auto origin = header(request, "Origin");
  RouteMatch match = table.match(request.method, request.path);
  if (match.kind == RouteMatch::Kind::not_found)
    return reject(404, error_code::not_found, "not_found", "no such endpoint");
  if (request.method == "OPTIONS") {
    if (origin && header(request, "Access-Control-Request-Method")) {
      auto r = cors.preflight(*origin, match.allowed);
      if (r.status != 204) metrics.count_reject("origin_not_allowed");
      return r;
    }
    auto r = ApiResponse::no_content();
    r.with_header("Allow", RouteTable::allow_header(match.allowed));
    return r;
  }
  if (origin && !cors.allows(*origin) && !is_same_origin(*origin, header(request, "Host").value_or("")))
    return reject(403, error_code::origin_not_allowed, "origin_not_allowed", "this origin may not call the API", "Origin");
  if (match.kind == RouteMatch::Kind::method_not_allowed) {
    auto r = reject(405, error_code::method_not_allowed, "method_not_allowed",
                    fmt::format("{} is not allowed here", request.method));
    r.with_header("Allow", RouteTable::allow_header(match.allowed));
    return r;
  }
  route_label = std::string(match.pattern);
  const ApiRoute& route = routes[match.route];

  Principal principal;
  if (route.scope != AccessScope::none)
    if (auto refused = authenticate(request, *query, route, principal)) return std::move(*refused);

  if (limiter && route.rate_limited) {
    const RateClass rate_class = route.rate_class.value_or(
        request.method == "GET" || request.method == "HEAD" ? RateClass::read : RateClass::order_entry);
    const RateDecision decision = limiter->admit(rate_class, principal.name, request.remote_address, now());
    if (!decision.allowed) {
      metrics.count_rate_limited(rate_class, decision.limited_by);
      metrics.count_reject("rate_limited");
      return too_many(decision.retry_after, fmt::format("rate limit reached ({} requests per {})", to_string(rate_class),
                                                        decision.limited_by == "ip" ? "address" : "token"));
    }
  }

  ApiRequest api_request{request.method, request.path, route_label, std::move(match.params), std::move(*query),
                         request.headers, std::move(principal), nullptr, request.remote_address};
  if (has_body_semantics(request.method) && !request.body.empty()) {
    const auto type = header(request, "Content-Type");
    if (!type || !contains_word(*type, "application/json"))
      return reject(415, error_code::unsupported_media_type, "unsupported_media_type",
                    "the request body must be JSON (Content-Type: application/json)", "Content-Type");
    auto body = parse_json_body(request.body, {options.max_body_bytes, options.json_max_depth});
    if (!body) return reject(400, error_code::malformed_json, "malformed_json", body.error().message, "body");
    api_request.body = std::move(*body);
  }
  return call_handler(route, api_request);
}

ApiResponse ApiServer::Impl::call_handler(const ApiRoute& route, ApiRequest& request) {
  try {
    return route.handler(request);
  } catch (const std::exception& e) {
    spdlog::error("api: {} {} failed: {}", request.method, route.path, e.what());
  } catch (...) {
    spdlog::error("api: {} {} failed with a non-standard exception", request.method, route.path);
  }
  metrics.count_handler_failure(route.path);
  return ApiResponse::error(500, error_code::internal, "internal error");
}

Result<std::unique_ptr<ApiServer>> ApiServer::start(ApiServerOptions options, std::vector<ApiRoute> routes) {
  if (options.insecure_no_auth) {
    if (!is_loopback(options.bind))
      return fail(ErrorCode::invalid_argument,
                  fmt::format("--insecure-no-auth is allowed only on a loopback address; api.bind is {}", options.bind),
                  "api.bind");
    spdlog::warn("api: --insecure-no-auth: every request is accepted as admin without a token (local demo only)");
  } else {
    if (options.tokens.empty())
      return fail(ErrorCode::invalid_argument,
                  fmt::format("no API token: set {} (trade scope), {} (admin) or {} (read), or api.token_file; "
                              "--insecure-no-auth is for a local demo on loopback",
                              kApiTokenVariable, kAdminTokenVariable, kReadTokenVariable),
                  std::string(kApiTokenVariable));
    for (const auto& grant : options.tokens)
      if (auto strong = check_token_strength(grant.token, grant.source); !strong) return std::unexpected(strong.error());
  }
  if (options.json_max_depth < 1 || options.threads < 1)
    return fail(ErrorCode::invalid_argument, "json_max_depth and threads must be at least 1", "api");

  auto impl = std::make_unique<Impl>(std::move(options));
  for (auto& route : impl->builtin_routes())
    if (auto added = impl->add(std::move(route)); !added) return std::unexpected(added.error());
  for (auto& route : routes)
    if (auto added = impl->add(std::move(route)); !added) return std::unexpected(added.error());

  const ApiServerOptions& o = impl->options;
  HttpServerOptions http;
  http.bind = o.bind;
  http.port = o.port;
  http.threads = o.threads;
  http.max_body_bytes = o.max_body_bytes;
  http.max_header_bytes = o.max_header_bytes;
  http.read_timeout = o.read_timeout;
  http.max_connections = o.max_connections;
  http.fallback = [impl = impl.get()](const HttpServerRequest& r) { return impl->serve(r); };
  http.reject_response = [](unsigned status, const std::string& reason) {
    const std::string_view code = status == 413   ? error_code::payload_too_large
                                  : status == 431 ? error_code::headers_too_large
                                                  : error_code::malformed_request;
    return to_http(ApiResponse::error(status, code, reason));
  };
  auto server = HttpServer::start(std::move(http), {}, impl->options.upgrades);
  if (!server) return std::unexpected(server.error());
  impl->http = std::move(*server);
  impl->http_raw.store(impl->http.get());
  spdlog::info("api: listening on http://{}:{} ({} token(s){})", impl->options.bind, impl->http->port(),
               impl->auth.token_count(), impl->auth.insecure() ? ", INSECURE: no auth" : "");
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(impl)));
}

ApiServer::ApiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ApiServer::~ApiServer() { stop(); }

std::uint16_t ApiServer::port() const { return impl_->http->port(); }

std::string ApiServer::url() const {
  const std::string& bind = impl_->options.bind;
  const bool v6 = bind.find(':') != std::string::npos;
  return fmt::format("http://{}{}{}:{}", v6 ? "[" : "", bind, v6 ? "]" : "", port());
}

void ApiServer::set_ready(bool ready, std::string reason) {
  std::lock_guard lock(impl_->ready_mutex);
  impl_->not_ready_reason = reason.empty() ? "the engine has not reported ready" : std::move(reason);
  impl_->ready.store(ready);
}

void ApiServer::stop() {
  if (impl_->http) impl_->http->stop();
}

Authenticator& ApiServer::authenticator() { return impl_->auth; }
const CorsPolicy& ApiServer::cors() const { return impl_->cors; }
ApiMetrics& ApiServer::metrics() { return impl_->metrics; }

}  // namespace nightdesk::api
