#include "api/api_config.h"

#include <chrono>
#include <utility>

namespace nightdesk::api {
namespace {

constexpr const char* kSection = "api";

}  // namespace

ApiConfigKeys::ApiConfigKeys(ConfigSchema& s)
    : bind_(s.text(kSection, "bind", "Address the API listens on (loopback unless you mean to expose it)").defaults_to("127.0.0.1")),
      port_(s.integer(kSection, "port", "TCP port of REST and WebSocket; 0 picks a free one").defaults_to(8080).range(0, 65535)),
      threads_(s.integer(kSection, "threads", "API I/O threads").defaults_to(2).range(1, 64)),
      max_body_bytes_(s.integer(kSection, "max_body_bytes", "Largest request body; larger is refused with 413")
                          .defaults_to(64 * 1024).range(1024, 64 * 1024 * 1024)),
      max_header_bytes_(s.integer(kSection, "max_header_bytes", "Largest request line plus headers; larger is refused with 431")
                            .defaults_to(8 * 1024).range(1024, 1024 * 1024)),
      max_connections_(s.integer(kSection, "max_connections", "Open connections; more are closed at once")
                           .defaults_to(256).range(1, 100'000)),
      json_max_depth_(s.integer(kSection, "json_max_depth", "Deepest nesting of a JSON body; deeper is refused with 400")
                          .defaults_to(64).range(1, 1000)),
      read_timeout_(s.duration(kSection, "read_timeout", "A request (or an idle keep-alive) slower than this is closed")
                        .defaults_to(std::chrono::seconds(10)).range(std::chrono::milliseconds(100), std::chrono::minutes(10))),
      token_file_(s.text(kSection, "token_file", "File of \"<read|trade|admin> <token>\" lines (chmod 600); \"\" for none")
                      .defaults_to("")),
      auth_failures_per_minute_(s.integer(kSection, "auth_failures_per_minute",
                                          "Failed authentication attempts an address may make per minute before 429")
                                    .defaults_to(10).range(1, 100'000)),
      rate_limits_enabled_(s.boolean(kSection, "rate_limits_enabled", "Token-bucket rate limits per token and per address")
                               .defaults_to(true)),
      token_reads_per_second_(s.number(kSection, "token_reads_per_second", "Sustained reads per second per token")
                                  .defaults_to(100).range(0.001, 1e6)),
      token_orders_per_second_(s.number(kSection, "token_orders_per_second", "Sustained order-entry requests per second per token")
                                   .defaults_to(10).range(0.001, 1e6)),
      ip_reads_per_second_(s.number(kSection, "ip_reads_per_second", "Sustained reads per second per client address")
                               .defaults_to(200).range(0.001, 1e6)),
      ip_orders_per_second_(s.number(kSection, "ip_orders_per_second", "Sustained order-entry requests per second per address")
                                .defaults_to(20).range(0.001, 1e6)),
      token_read_burst_(s.integer(kSection, "token_read_burst", "Reads a token may make at once").defaults_to(200).range(1, 1'000'000)),
      token_order_burst_(s.integer(kSection, "token_order_burst", "Order-entry requests a token may make at once")
                             .defaults_to(20).range(1, 1'000'000)),
      ip_read_burst_(s.integer(kSection, "ip_read_burst", "Reads an address may make at once").defaults_to(400).range(1, 1'000'000)),
      ip_order_burst_(s.integer(kSection, "ip_order_burst", "Order-entry requests an address may make at once")
                          .defaults_to(40).range(1, 1'000'000)),
      cors_origins_(s.text_list(kSection, "cors_origins",
                                "Browser origins allowed to call the API; NIGHTDESK_CORS_ORIGINS overrides; required in production")
                        .defaults_to({})),
      cors_max_age_(s.duration(kSection, "cors_max_age", "How long a browser may cache a CORS preflight")
                        .defaults_to(std::chrono::minutes(10)).range(ConfigDuration(0), std::chrono::hours(24))),
      metrics_require_auth_(s.boolean(kSection, "metrics_require_auth", "GET /api/v1/metrics needs a read token")
                                .defaults_to(false)) {}

Result<ApiSettings> ApiConfigKeys::read(const Config& c) const {
  ApiSettings out;
  ApiServerOptions& o = out.server;
  o.bind = c.get(bind_);
  o.port = static_cast<std::uint16_t>(c.get(port_));
  o.threads = static_cast<int>(c.get(threads_));
  o.max_body_bytes = static_cast<std::size_t>(c.get(max_body_bytes_));
  o.max_header_bytes = static_cast<std::size_t>(c.get(max_header_bytes_));
  o.max_connections = static_cast<std::size_t>(c.get(max_connections_));
  o.json_max_depth = static_cast<int>(c.get(json_max_depth_));
  o.read_timeout = c.get(read_timeout_);
  const double failures = static_cast<double>(c.get(auth_failures_per_minute_));
  o.auth_failures = {failures, failures / 60.0};
  o.rate_limits_enabled = c.get(rate_limits_enabled_);
  o.rate_limits.token_read = {static_cast<double>(c.get(token_read_burst_)), c.get(token_reads_per_second_)};
  o.rate_limits.token_order_entry = {static_cast<double>(c.get(token_order_burst_)), c.get(token_orders_per_second_)};
  o.rate_limits.ip_read = {static_cast<double>(c.get(ip_read_burst_)), c.get(ip_reads_per_second_)};
  o.rate_limits.ip_order_entry = {static_cast<double>(c.get(ip_order_burst_)), c.get(ip_orders_per_second_)};
  o.cors.allowed_origins = c.get(cors_origins_);
  o.cors.max_age = std::chrono::duration_cast<std::chrono::seconds>(c.get(cors_max_age_));
  o.metrics_require_auth = c.get(metrics_require_auth_);
  out.token_file = c.get(token_file_);
  return out;
}

Result<ApiServerOptions> api_server_options(ApiSettings settings, const EnvLookup& env, bool insecure_no_auth) {
  ApiServerOptions o = std::move(settings.server);
  o.insecure_no_auth = insecure_no_auth;
  if (!insecure_no_auth) {
    auto tokens = load_token_grants(env, settings.token_file);
    if (!tokens) return std::unexpected(tokens.error());
    o.tokens = std::move(*tokens);
  }
  auto cors = resolve_cors_settings(env, o.cors.allowed_origins, o.cors.max_age);
  if (!cors) return std::unexpected(cors.error());
  o.cors = std::move(*cors);
  return o;
}

}  // namespace nightdesk::api
