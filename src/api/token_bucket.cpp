#include "api/token_bucket.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace nightdesk::api {

TokenBucket::TokenBucket(BucketLimit limit, SteadyTime now) : limit_(limit), tokens_(limit.capacity), last_(now) {}

void TokenBucket::refill(SteadyTime now) {
  if (now <= last_) return;  // a clock that did not move (or two threads' readings out of order)
  const double seconds = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(limit_.capacity, tokens_ + seconds * limit_.refill_per_second);
  last_ = now;
}

bool TokenBucket::available(SteadyTime now) {
  if (limit_.capacity <= 0) return true;
  refill(now);
  return tokens_ >= 1.0;
}

bool TokenBucket::try_take(SteadyTime now) {
  if (!available(now)) return false;
  if (limit_.capacity > 0) tokens_ -= 1.0;
  return true;
}

std::chrono::nanoseconds TokenBucket::wait_for_token() const {
  if (limit_.capacity <= 0 || tokens_ >= 1.0) return std::chrono::nanoseconds(0);
  if (limit_.refill_per_second <= 0) return std::chrono::hours(24);  // never refills: a long wait, not forever
  const double seconds = (1.0 - tokens_) / limit_.refill_per_second;
  return std::chrono::nanoseconds(static_cast<std::int64_t>(std::ceil(seconds * 1e9)));
}

bool TokenBucket::full(SteadyTime now) const {
  if (limit_.capacity <= 0 || tokens_ >= limit_.capacity) return true;
  if (now <= last_) return false;
  return tokens_ + std::chrono::duration<double>(now - last_).count() * limit_.refill_per_second >= limit_.capacity;
}

std::chrono::seconds retry_after_seconds(std::chrono::nanoseconds wait) {
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(wait));
}

}  // namespace nightdesk::api
