// RateLimiter: the API's request rate limits: a token bucket per bearer token and one per client IP, each with
// separate buckets for reads and for order entry (writes). A request passes only if every bucket that applies
// has a token; then it takes one from each. Thread-safe: any API thread may call admit().
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string_view>

#include "api/client_buckets.h"
#include "api/token_bucket.h"

namespace nightdesk::api {

enum class RateClass { read, order_entry };

std::string_view to_string(RateClass rate_class);

struct RateLimits {
  BucketLimit token_read{200, 100};  // per bearer token: burst, per second
  BucketLimit token_order_entry{20, 10};
  BucketLimit ip_read{400, 200};  // per client IP address
  BucketLimit ip_order_entry{40, 20};
  std::size_t max_tracked_clients = 10'000;  // per bucket family; beyond it clients share one bucket
};

struct RateDecision {
  bool allowed = true;
  std::chrono::seconds retry_after{0};  // when refused: whole seconds until a token is back (>= 1)
  std::string_view limited_by;          // when refused: "token" or "ip"
};

class RateLimiter {
 public:
  explicit RateLimiter(const RateLimits& limits);

  // Admits one request of `rate_class` from the bearer token named `token` (empty: no token, e.g. an
  // unauthenticated route) and the client address `ip`.
  RateDecision admit(RateClass rate_class, std::string_view token, std::string_view ip, SteadyTime now);

 private:
  std::mutex mutex_;
  ClientBuckets token_read_, token_order_entry_, ip_read_, ip_order_entry_;
};

}  // namespace nightdesk::api
