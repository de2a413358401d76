// http_request: one blocking HTTP request with libcurl (no redirects followed, bounded by a timeout), returning
// the status, the response headers and the body. Thread-safe: each call uses its own handle.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"

namespace nightdesk {

struct HttpReply {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in arrival order
  std::string body;

  // The last header named `name` (case-insensitive), if any.
  std::optional<std::string> header(std::string_view name) const;
};

// `headers` are full lines ("Content-Type: application/json"). unavailable when the connection fails or the
// timeout passes (the message says which); an HTTP error status is a reply, not an error.
Result<HttpReply> http_request(std::string_view method, const std::string& url, const std::string& body = {},
                               const std::vector<std::string>& headers = {},
                               std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace nightdesk
