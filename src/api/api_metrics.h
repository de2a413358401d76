// ApiMetrics: the API's counters for /metrics: requests by route template, method and status; rejects by
// reason; rate-limited requests by class and bucket; authentication failures by reason; handler failures.
// Labels come from bounded sets (route templates, not paths). Thread-safe: any API thread may count or render.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

#include "api/rate_limiter.h"
#include "common/prometheus_text.h"

namespace nightdesk::api {

// Counts the HTTP layer made before any handler ran (HttpServerStats), merged into the rejects family.
struct TransportRejects {
  std::uint64_t malformed = 0, body_too_large = 0, headers_too_large = 0, timed_out = 0, over_capacity = 0;
};

class ApiMetrics {
 public:
  // `route`: the matched template ("/api/v1/positions/{id}") or "unmatched"; a method outside the standard
  // ones is counted as "other".
  void count_request(std::string_view route, std::string_view method, unsigned status);
  void count_reject(std::string_view reason);
  void count_rate_limited(RateClass rate_class, std::string_view limited_by);
  void count_auth_failure(std::string_view reason);
  void count_handler_failure(std::string_view route);

  // Appends the API families to `out`.
  void render(PrometheusText& out, const TransportRejects& transport) const;

  // For tests: the count of one request label set.
  std::uint64_t requests(std::string_view route, std::string_view method, unsigned status) const;
  std::uint64_t rejects(std::string_view reason) const;
  std::uint64_t auth_failures(std::string_view reason) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, unsigned>, std::uint64_t, std::less<>> requests_;
  std::map<std::string, std::uint64_t, std::less<>> rejects_;
  std::map<std::pair<std::string, std::string>, std::uint64_t, std::less<>> rate_limited_;
  std::map<std::string, std::uint64_t, std::less<>> auth_failures_;
  std::map<std::string, std::uint64_t, std::less<>> handler_failures_;
};

}  // namespace nightdesk::api
