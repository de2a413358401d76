// TokenBucket: a rate limit that allows bursts: holds up to `capacity` tokens, refills `refill_per_second`,
// a request takes one. Clock-free (callers pass the time, so tests use a fake clock); not thread-safe.
#pragma once

#include <chrono>

namespace nightdesk::api {

using SteadyTime = std::chrono::steady_clock::time_point;

struct BucketLimit {
  double capacity = 0;           // the burst; <= 0 turns the limit off
  double refill_per_second = 0;  // the sustained rate
};

class TokenBucket {
 public:
  // Starts full at `now`.
  TokenBucket(BucketLimit limit, SteadyTime now);

  // Whether a token is there at `now` (refilled first), without taking it.
  bool available(SteadyTime now);
  // Takes a token when there is one; false when empty.
  bool try_take(SteadyTime now);
  // How long until one token is there (zero when one is now); after available()/try_take() at `now`.
  std::chrono::nanoseconds wait_for_token() const;
  // Full at `now`: an idle bucket that may be forgotten.
  bool full(SteadyTime now) const;

 private:
  void refill(SteadyTime now);

  BucketLimit limit_;
  double tokens_;
  SteadyTime last_;
};

// The whole seconds a client should wait (Retry-After) for `wait`: rounded up, at least 1.
std::chrono::seconds retry_after_seconds(std::chrono::nanoseconds wait);

}  // namespace nightdesk::api
