#include "api/rate_limiter.h"

namespace nightdesk::api {

std::string_view to_string(RateClass rate_class) { return rate_class == RateClass::read ? "read" : "order_entry"; }

RateLimiter::RateLimiter(const RateLimits& l)
    : token_read_(l.token_read, l.max_tracked_clients),
      token_order_entry_(l.token_order_entry, l.max_tracked_clients),
      ip_read_(l.ip_read, l.max_tracked_clients),
      ip_order_entry_(l.ip_order_entry, l.max_tracked_clients) {}

RateDecision RateLimiter::admit(RateClass rate_class, std::string_view token, std::string_view ip, SteadyTime now) {
  std::lock_guard lock(mutex_);
  ClientBuckets& by_token = rate_class == RateClass::read ? token_read_ : token_order_entry_;
  ClientBuckets& by_ip = rate_class == RateClass::read ? ip_read_ : ip_order_entry_;
  TokenBucket* token_bucket = token.empty() || !by_token.enabled() ? nullptr : &by_token.bucket(token, now);
  TokenBucket* ip_bucket = by_ip.enabled() ? &by_ip.bucket(ip, now) : nullptr;
  // Check both before taking from either: a refused request spends nothing.
  if (token_bucket != nullptr && !token_bucket->available(now))
    return {false, retry_after_seconds(token_bucket->wait_for_token()), "token"};
  if (ip_bucket != nullptr && !ip_bucket->available(now))
    return {false, retry_after_seconds(ip_bucket->wait_for_token()), "ip"};
  if (token_bucket != nullptr) token_bucket->try_take(now);
  if (ip_bucket != nullptr) ip_bucket->try_take(now);
  return {};
}

}  // namespace nightdesk::api
