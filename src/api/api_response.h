// ApiResponse: what an API handler answers (status, JSON or text body, extra headers), and the one error shape
// of the API, {"error": {"code", "message", "field"?}}, with the HTTP status each ErrorCode maps to.
// Plain values; any thread.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/error.h"

namespace nightdesk::api {

inline constexpr std::string_view kJsonContentType = "application/json";

struct ApiResponse {
  unsigned status = 200;
  std::string content_type{kJsonContentType};
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers ("Retry-After", …)

  // `status` with `value` serialized as the body.
  static ApiResponse json(unsigned status, const nlohmann::json& value);
  // 204 No Content.
  static ApiResponse no_content();
  // The error shape; `field` is left out of the body when empty.
  static ApiResponse error(unsigned status, std::string_view code, std::string_view message, std::string_view field = {});
  // The error shape for a module's Error, with the status http_status(error.code).
  static ApiResponse error(const Error& error);

  ApiResponse& with_header(std::string name, std::string value);
  // The value of the extra header `name` (case-insensitive); empty when absent.
  std::string header(std::string_view name) const;
};

// The HTTP status that answers a module's error: invalid_argument, out_of_range, parse_error and overflow 400
// (the caller sent something wrong), not_found 404, conflict 409, unavailable 503, io_error and internal 500.
unsigned http_status(ErrorCode code);

// The error codes the HTTP layer itself answers with (besides ErrorCode's names). Clients may switch on them.
namespace error_code {
inline constexpr std::string_view malformed_request = "malformed_request";  // 400: bad URL encoding, …
inline constexpr std::string_view malformed_json = "malformed_json";        // 400: the body is not JSON
inline constexpr std::string_view unauthorized = "unauthorized";            // 401: no token or a wrong one
inline constexpr std::string_view forbidden = "forbidden";                  // 403: the token's scope is too small
inline constexpr std::string_view origin_not_allowed = "origin_not_allowed";  // 403: CORS
inline constexpr std::string_view not_found = "not_found";                    // 404
inline constexpr std::string_view method_not_allowed = "method_not_allowed";  // 405
inline constexpr std::string_view payload_too_large = "payload_too_large";    // 413
inline constexpr std::string_view unsupported_media_type = "unsupported_media_type";  // 415
inline constexpr std::string_view headers_too_large = "headers_too_large";            // 431
inline constexpr std::string_view rate_limited = "rate_limited";                      // 429
inline constexpr std::string_view internal = "internal";                              // 500
inline constexpr std::string_view unavailable = "unavailable";                        // 503
}  // namespace error_code

}  // namespace nightdesk::api
