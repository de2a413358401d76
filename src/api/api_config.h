// The `api:` section of nightdesk.yaml (bind, port, request limits, rate limits, CORS, token file): its keys,
// declared onto the program's schema (the app composes them with the engine's sections), and the values read
// into ApiSettings, then resolved with the environment (tokens, NIGHTDESK_CORS_ORIGINS, NIGHTDESK_ENV) into
// ApiServerOptions. Declared at start-up by one thread; read() is const and may be called from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/api_server.h"
#include "common/config.h"
#include "common/config_schema.h"
#include "common/env_expansion.h"

namespace nightdesk::api {

// The section as configured; tokens and the CORS environment are not in it (api_server_options adds them).
struct ApiSettings {
  ApiServerOptions server;  // tokens empty, cors.allowed_origins as configured (may be empty)
  std::string token_file;   // "" when none
};

class ApiConfigKeys {
 public:
  explicit ApiConfigKeys(ConfigSchema& schema);

  // The section's values; errors name the key.
  Result<ApiSettings> read(const Config& config) const;

 private:
  ConfigKey<std::string> bind_;
  ConfigKey<std::int64_t> port_, threads_, max_body_bytes_, max_header_bytes_, max_connections_, json_max_depth_;
  ConfigKey<ConfigDuration> read_timeout_;
  ConfigKey<std::string> token_file_;
  ConfigKey<std::int64_t> auth_failures_per_minute_;
  ConfigKey<bool> rate_limits_enabled_;
  ConfigKey<double> token_reads_per_second_, token_orders_per_second_, ip_reads_per_second_, ip_orders_per_second_;
  ConfigKey<std::int64_t> token_read_burst_, token_order_burst_, ip_read_burst_, ip_order_burst_;
  ConfigKey<std::vector<std::string>> cors_origins_;
  ConfigKey<ConfigDuration> cors_max_age_;
  ConfigKey<bool> metrics_require_auth_;
};

// The server options from the section plus the environment: the tokens (NIGHTDESK_API_TOKEN, …, and the token
// file) and CORS (NIGHTDESK_CORS_ORIGINS over api.cors_origins, NIGHTDESK_ENV). invalid_argument naming the
// variable, file:line or key for a weak token or a CORS setting production refuses.
Result<ApiServerOptions> api_server_options(ApiSettings settings, const EnvLookup& env, bool insecure_no_auth);

}  // namespace nightdesk::api
