// Token buckets with a fake clock: bursts, refill, Retry-After; the limiter's per-token and per-IP buckets.
#include "api/rate_limiter.h"

#include <gtest/gtest.h>

#include <string>

namespace nightdesk::api {
namespace {

using namespace std::chrono_literals;

const SteadyTime t0 = SteadyTime{} + 1h;

TEST(TokenBucket, BurstThenEmpty) {
  TokenBucket b({3, 1}, t0);
  EXPECT_TRUE(b.try_take(t0));
  EXPECT_TRUE(b.try_take(t0));
  EXPECT_TRUE(b.try_take(t0));
  EXPECT_FALSE(b.try_take(t0));
  EXPECT_EQ(b.wait_for_token(), 1s);
}

TEST(TokenBucket, RefillsWithTheFakeClock_NeverAboveCapacity) {
  TokenBucket b({2, 4}, t0);  // 4 per second: one every 250 ms
  EXPECT_TRUE(b.try_take(t0));
  EXPECT_TRUE(b.try_take(t0));
  EXPECT_FALSE(b.try_take(t0 + 200ms));
  EXPECT_TRUE(b.try_take(t0 + 250ms));
  EXPECT_FALSE(b.try_take(t0 + 250ms));
  EXPECT_TRUE(b.full(t0 + 1h));
  EXPECT_TRUE(b.try_take(t0 + 1h));
  EXPECT_TRUE(b.try_take(t0 + 1h));
  EXPECT_FALSE(b.try_take(t0 + 1h));  // capped at 2, not 14,400
}

TEST(TokenBucket, ClockGoingBackwards_DoesNotRefillOrBreak) {
  TokenBucket b({1, 1}, t0);
  EXPECT_TRUE(b.try_take(t0));
  EXPECT_FALSE(b.try_take(t0 - 10s));
  EXPECT_TRUE(b.try_take(t0 + 1s));
}

TEST(TokenBucket, ZeroCapacity_IsNoLimit) {
  TokenBucket b({0, 0}, t0);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(b.try_take(t0));
}

TEST(RetryAfter, RoundsUpToWholeSecondsAtLeastOne) {
  EXPECT_EQ(retry_after_seconds(0ns), 1s);
  EXPECT_EQ(retry_after_seconds(1ms), 1s);
  EXPECT_EQ(retry_after_seconds(1001ms), 2s);
}

RateLimits small_limits() {
  RateLimits l;
  l.token_read = {2, 1};
  l.token_order_entry = {1, 0.5};
  l.ip_read = {3, 1};
  l.ip_order_entry = {5, 1};
  return l;
}

TEST(RateLimiter, PerTokenReadBucket_429AfterBurst_WithRetryAfter) {
  RateLimiter limiter(small_limits());
  EXPECT_TRUE(limiter.admit(RateClass::read, "api", "ip1", t0).allowed);
  EXPECT_TRUE(limiter.admit(RateClass::read, "api", "ip1", t0).allowed);
  auto d = limiter.admit(RateClass::read, "api", "ip1", t0);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.limited_by, "token");
  EXPECT_EQ(d.retry_after, 1s);
  EXPECT_TRUE(limiter.admit(RateClass::read, "api", "ip1", t0 + 1s).allowed);
}

TEST(RateLimiter, ReadsAndOrderEntry_HaveSeparateBuckets) {
  RateLimiter limiter(small_limits());
  EXPECT_TRUE(limiter.admit(RateClass::order_entry, "api", "ip1", t0).allowed);
  auto d = limiter.admit(RateClass::order_entry, "api", "ip1", t0);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, 2s);  // 0.5 per second
  EXPECT_TRUE(limiter.admit(RateClass::read, "api", "ip1", t0).allowed);
}

TEST(RateLimiter, PerIpBucket_LimitsManyTokensFromOneAddress) {
  RateLimiter limiter(small_limits());
  EXPECT_TRUE(limiter.admit(RateClass::read, "a", "ip1", t0).allowed);
  EXPECT_TRUE(limiter.admit(RateClass::read, "b", "ip1", t0).allowed);
  EXPECT_TRUE(limiter.admit(RateClass::read, "c", "ip1", t0).allowed);
  auto d = limiter.admit(RateClass::read, "d", "ip1", t0);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.limited_by, "ip");
  EXPECT_TRUE(limiter.admit(RateClass::read, "d", "ip2", t0).allowed);
}

TEST(RateLimiter, RefusedRequest_SpendsNothing) {
  RateLimits l = small_limits();
  l.ip_read = {1, 1};
  RateLimiter limiter(l);
  EXPECT_TRUE(limiter.admit(RateClass::read, "a", "ip1", t0).allowed);
  EXPECT_FALSE(limiter.admit(RateClass::read, "a", "ip1", t0).allowed);  // the IP bucket refuses
  EXPECT_TRUE(limiter.admit(RateClass::read, "a", "ip2", t0).allowed);   // the token still has its second
}

TEST(RateLimiter, ManyAddresses_TrackedCountStaysBounded) {
  RateLimits l = small_limits();
  l.max_tracked_clients = 100;
  l.ip_read = {1, 0.001};
  RateLimiter limiter(l);
  int refused = 0;
  for (int i = 0; i < 1000; ++i) refused += !limiter.admit(RateClass::read, "", "10.0." + std::to_string(i), t0).allowed;
  EXPECT_GT(refused, 0);  // beyond the bound the addresses share one bucket, still limited
}

TEST(ClientBuckets, FullBucketsAreForgottenFirst) {
  ClientBuckets buckets({1, 1}, 2);
  buckets.bucket("a", t0).try_take(t0);
  buckets.bucket("b", t0).try_take(t0);
  EXPECT_EQ(buckets.tracked(), 2u);
  buckets.bucket("c", t0 + 10s);  // a and b refilled: forgotten, c tracked
  EXPECT_EQ(buckets.tracked(), 1u);
}

}  // namespace
}  // namespace nightdesk::api
