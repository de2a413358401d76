#include "execution/order_rate_limiter.h"

#include <gtest/gtest.h>

#include "execution/order_fixtures.h"

namespace nightdesk::execution {
namespace {

using namespace testing;
using std::chrono::milliseconds;

// A request for the order in registry slot `order`.
BrokerRequest req(std::uint32_t order, BrokerRequestKind kind = BrokerRequestKind::submit, std::string account = "acct") {
  return BrokerRequest{std::move(account), OrderHandle{order, 1}, kind, 0};
}

OrderRateLimiter limiter(RateLimitConfig config = {}) {
  auto l = OrderRateLimiter::create(config);
  EXPECT_TRUE(l) << l.error().describe();
  return *l;
}

TEST(OrderRateLimiter, Default_Sends120PerMinuteThenQueuesWithAReason) {
  auto l = limiter();
  for (int i = 0; i < 120; ++i) ASSERT_EQ(l.admit(req(static_cast<std::uint32_t>(i)), at_seconds(0)).admission, Admission::send_now) << i;
  AdmissionDecision d = l.admit(req(120), at_seconds(0));
  EXPECT_EQ(d.admission, Admission::queued);
  EXPECT_EQ(d.reason, "rate limit: 120 order requests per minute reached for account acct; queued at position 1");
  EXPECT_EQ(d.next_token_at, at_seconds(0) + milliseconds(500));  // one token every 60 s / 120
  EXPECT_EQ(l.queued("acct"), 1u);
}

TEST(OrderRateLimiter, QueuedRequest_IsReleasedWhenItsTokenComes) {
  auto l = limiter();
  for (int i = 0; i < 121; ++i) l.admit(req(static_cast<std::uint32_t>(i)), at_seconds(0));
  EXPECT_EQ(l.next_release_at(), at_seconds(0) + milliseconds(500));
  EXPECT_TRUE(l.release(at_seconds(0) + milliseconds(499)).empty());
  auto released = l.release(at_seconds(0) + milliseconds(500));
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].order, (OrderHandle{120, 1}));
  EXPECT_EQ(l.queued("acct"), 0u);
  EXPECT_FALSE(l.next_release_at());
}

TEST(OrderRateLimiter, Queue_IsFifoAndNewRequestsDoNotOvertake) {
  RateLimitConfig config;
  config.per_minute = 2;
  auto l = limiter(config);
  l.admit(req(1), at_seconds(0));
  l.admit(req(2), at_seconds(0));
  EXPECT_EQ(l.admit(req(3), at_seconds(0)).admission, Admission::queued);
  EXPECT_EQ(l.admit(req(4, BrokerRequestKind::cancel), at_seconds(1)).admission, Admission::queued);
  // At 30 s one token is back; a new request must still wait behind c and d.
  AdmissionDecision late = l.admit(req(5), at_seconds(30));
  EXPECT_EQ(late.admission, Admission::queued);
  EXPECT_NE(late.reason.find("2 earlier requests are waiting"), std::string::npos) << late.reason;
  std::vector<std::uint32_t> order;
  for (std::int64_t t = 30; t <= 90; t += 30)
    for (const auto& r : l.release(at_seconds(t))) order.push_back(r.order.slot);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{3, 4, 5}));
}

TEST(OrderRateLimiter, RejectMode_RejectsWithTheReason) {
  RateLimitConfig config;
  config.per_minute = 1;
  config.when_limited = WhenRateLimited::reject;
  auto l = limiter(config);
  EXPECT_EQ(l.admit(req(1), at_seconds(0)).admission, Admission::send_now);
  AdmissionDecision d = l.admit(req(2, BrokerRequestKind::replace), at_seconds(10));
  EXPECT_EQ(d.admission, Admission::rejected);
  EXPECT_EQ(d.reason, "rate limit: 1 order requests per minute reached for account acct; rejected (when_limited: reject)");
  EXPECT_EQ(d.request.order, (OrderHandle{2, 1}));
  EXPECT_EQ(d.next_token_at, at_seconds(60));
  EXPECT_EQ(l.queued("acct"), 0u);
}

TEST(OrderRateLimiter, FullQueue_RejectsNeverDrops) {
  RateLimitConfig config;
  config.per_minute = 1;
  config.max_queue = 2;
  auto l = limiter(config);
  int sent = 0, queued = 0, rejected = 0;
  for (int i = 0; i < 10; ++i) {
    AdmissionDecision d = l.admit(req(static_cast<std::uint32_t>(i)), at_seconds(0));
    sent += d.admission == Admission::send_now;
    queued += d.admission == Admission::queued;
    rejected += d.admission == Admission::rejected;
    if (d.admission == Admission::rejected) {
      EXPECT_NE(d.reason.find("queue full (2 waiting)"), std::string::npos) << d.reason;
    }
  }
  EXPECT_EQ(sent, 1);
  EXPECT_EQ(queued, 2);
  EXPECT_EQ(rejected, 7);
}

TEST(OrderRateLimiter, PerSecondCap_LimitsBursts) {
  RateLimitConfig config;
  config.per_second = 5;
  auto l = limiter(config);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(l.admit(req(static_cast<std::uint32_t>(i)), at_seconds(0)).admission, Admission::send_now);
  AdmissionDecision d = l.admit(req(5), at_seconds(0));
  EXPECT_EQ(d.admission, Admission::queued);
  EXPECT_NE(d.reason.find("5 order requests per second"), std::string::npos) << d.reason;
  EXPECT_EQ(d.next_token_at, at_seconds(0) + milliseconds(200));
  EXPECT_EQ(l.release(at_seconds(0) + milliseconds(200)).size(), 1u);
}

TEST(OrderRateLimiter, AccountsHaveTheirOwnBuckets) {
  RateLimitConfig config;
  config.per_minute = 1;
  auto l = limiter(config);
  EXPECT_EQ(l.admit(req(1, BrokerRequestKind::submit, "one"), at_seconds(0)).admission, Admission::send_now);
  EXPECT_EQ(l.admit(req(2, BrokerRequestKind::submit, "two"), at_seconds(0)).admission, Admission::send_now);
  EXPECT_EQ(l.admit(req(3, BrokerRequestKind::submit, "one"), at_seconds(0)).admission, Admission::queued);
}

TEST(OrderRateLimiter, LongIdle_RefillsOnlyToCapacity) {
  RateLimitConfig config;
  config.per_minute = 3;
  auto l = limiter(config);
  l.admit(req(99), at_seconds(0));
  int sent = 0;
  for (int i = 0; i < 10; ++i) sent += l.admit(req(static_cast<std::uint32_t>(i)), at_seconds(3'600)).admission == Admission::send_now;
  EXPECT_EQ(sent, 3);
}

TEST(OrderRateLimiter, Withdraw_ReturnsEveryQueuedRequestOfTheOrder) {
  RateLimitConfig config;
  config.per_minute = 1;
  auto l = limiter(config);
  l.admit(req(1), at_seconds(0));
  l.admit(req(2), at_seconds(0));
  l.admit(req(2, BrokerRequestKind::cancel), at_seconds(0));
  l.admit(req(3), at_seconds(0));
  l.admit(BrokerRequest{"acct", OrderHandle{2, 2}, BrokerRequestKind::submit, 0}, at_seconds(0));  // slot 2's next order
  auto taken = l.withdraw("acct", OrderHandle{2, 1});
  ASSERT_EQ(taken.size(), 2u);
  EXPECT_EQ(taken[1].kind, BrokerRequestKind::cancel);
  EXPECT_NE(taken[0].ticket, taken[1].ticket);
  EXPECT_EQ(l.queued("acct"), 2u);  // c, and the order that reuses slot 2 later
}

TEST(OrderRateLimiter, Available_IsAReadThatMovesNothing) {
  RateLimitConfig config;
  config.per_minute = 4;
  auto l = limiter(config);
  EXPECT_EQ(l.available("acct", at_seconds(0)), 4);
  l.admit(req(1), at_seconds(0));
  l.admit(req(2), at_seconds(0));
  EXPECT_EQ(l.available("acct", at_seconds(0)), 2);
  EXPECT_EQ(l.available("acct", at_seconds(15)), 3);
  EXPECT_EQ(l.available("acct", at_seconds(15)), 3);
  EXPECT_EQ(l.admit(req(3), at_seconds(0)).admission, Admission::send_now);
}

TEST(OrderRateLimiter, BadConfig_IsRefusedNamingTheKey) {
  RateLimitConfig config;
  config.per_minute = 0;
  EXPECT_EQ(OrderRateLimiter::create(config).error().field, "per_minute");
  config = {};
  config.per_second = 0;
  EXPECT_EQ(OrderRateLimiter::create(config).error().field, "per_second");
  config = {};
  config.max_queue = 0;
  EXPECT_EQ(OrderRateLimiter::create(config).error().field, "max_queue");
  config.when_limited = WhenRateLimited::reject;
  EXPECT_TRUE(OrderRateLimiter::create(config));
}

// admit_now() is admit()'s send-now answer: the same tokens and tickets; when admit() would queue or reject
// it takes nothing, so the admit() that follows decides exactly as it would have alone.
TEST(OrderRateLimiter, AdmitNow_SpendsTokensAndTicketsAsAdmit_AndNothingWhenItCannotSend) {
  RateLimitConfig config;
  config.per_minute = 2;
  auto l = limiter(config);
  EXPECT_EQ(l.admit_now("acct", at_seconds(0)), 1u);
  EXPECT_EQ(l.admit(req(2), at_seconds(0)).request.ticket, 2u);
  EXPECT_FALSE(l.admit_now("acct", at_seconds(0))) << "no token left";
  AdmissionDecision queued = l.admit(req(3), at_seconds(0));
  EXPECT_EQ(queued.admission, Admission::queued);
  EXPECT_EQ(queued.request.ticket, 3u) << "a failed admit_now takes no ticket";
  EXPECT_FALSE(l.admit_now("acct", at_seconds(30))) << "a token is back but a request is waiting";
  EXPECT_EQ(l.queued("acct"), 1u);
  EXPECT_EQ(l.release(at_seconds(30)).size(), 1u);
  EXPECT_EQ(l.admit_now("other", at_seconds(30)), 4u) << "each account has its own buckets";
  EXPECT_EQ(l.available("acct", at_seconds(30)), 0);
}

}  // namespace
}  // namespace nightdesk::execution
