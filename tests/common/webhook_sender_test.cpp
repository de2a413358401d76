// WebhookSender against a local recording server on loopback that answers 429 (Retry-After, retry_after,
// X-RateLimit-*) and 500 on demand: retries, backoff, per-webhook rate windows, drops, shutdown.
#include "common/webhook_sender.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "support/webhook_recorder.h"

namespace nightdesk {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testing::WebhookRecorder;

AlertMessage alert(const std::string& title) { return {title, "detail", {{"run", "r1"}}, AlertSeverity::info}; }

// Fast backoff so retries take milliseconds; own rate windows off unless a test turns them on.
WebhookSenderOptions fast() {
  WebhookSenderOptions o;
  o.backoff_base = 50ms;
  o.backoff_max = 200ms;
  o.discord_per_window = 0;
  o.slack_per_window = 0;
  o.max_batch = 1;  // one post per message unless a test is about batching
  return o;
}

struct Deliveries {
  std::mutex mutex;
  std::vector<WebhookDelivery> all;
  WebhookSender::DeliveryCallback callback() {
    return [this](const WebhookDelivery& d) {
      std::lock_guard lock(mutex);
      all.push_back(d);
    };
  }
  std::vector<WebhookDelivery> get() {
    std::lock_guard lock(mutex);
    return all;
  }
};

std::chrono::milliseconds gap(const WebhookRecorder::Post& a, const WebhookRecorder::Post& b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b.at - a.at);
}

TEST(WebhookSender, DiscordAndSlack_EachGetTheirOwnPayloadShape) {
  WebhookRecorder server;
  Deliveries d;
  {
    WebhookSender sender(
        {{WebhookService::discord, server.url("/discord")}, {WebhookService::slack, server.url("/slack")}}, fast(),
        d.callback());
    EXPECT_TRUE(sender.post("run_start", alert("run r1 started")));
    ASSERT_TRUE(server.wait_for(2));
  }
  auto discord = nlohmann::json::parse(server.posts_to("/discord").at(0).body);
  auto slack = nlohmann::json::parse(server.posts_to("/slack").at(0).body);
  EXPECT_EQ(discord["content"], "run r1 started");
  EXPECT_TRUE(discord.contains("embeds"));
  EXPECT_TRUE(slack.contains("blocks"));
  EXPECT_THAT(slack["text"].get<std::string>(), HasSubstr("run r1 started"));
  ASSERT_EQ(d.get().size(), 2u);
  EXPECT_EQ(d.get()[0].result, "sent");
}

TEST(WebhookSender, TooManyRequestsWithRetryAfter_WaitsThatLongThenSends) {
  WebhookRecorder server;
  server.script(WebhookRecorder::answer(429, {{"Retry-After", "1"}}));
  Deliveries d;
  WebhookSender sender({{WebhookService::slack, server.url("/slack")}}, fast(), d.callback());
  sender.post("checkpoint", alert("checkpoint 2"));
  ASSERT_TRUE(server.wait_for(2));
  auto posts = server.posts();
  EXPECT_GE(gap(posts[0], posts[1]), 950ms);  // Retry-After: 1 s, not the 50 ms backoff
  sender.stop();
  ASSERT_EQ(d.get().size(), 1u);
  EXPECT_EQ(d.get()[0].result, "sent");
  EXPECT_EQ(d.get()[0].attempts, 2);
  EXPECT_EQ(sender.stats(WebhookService::slack).throttled, 1u);
  EXPECT_EQ(sender.stats(WebhookService::slack).retries, 1u);
}

TEST(WebhookSender, DiscordRetryAfterInTheJsonBody_IsHonoured) {
  WebhookRecorder server;
  server.script(WebhookRecorder::answer(
      429, {}, R"({"message":"You are being rate limited.","retry_after":0.6,"global":false})"));
  WebhookSender sender({{WebhookService::discord, server.url("/discord")}}, fast());
  sender.post("warning", alert("idle"));
  ASSERT_TRUE(server.wait_for(2));
  auto posts = server.posts();
  EXPECT_GE(gap(posts[0], posts[1]), 550ms);
}

TEST(WebhookSender, RateLimitHeadersWithNothingRemaining_HoldTheNextMessage) {
  WebhookRecorder server;
  server.script(WebhookRecorder::answer(204, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset-After", "0.7"}}));
  WebhookSender sender({{WebhookService::discord, server.url("/discord")}}, fast());
  sender.post("a", alert("a"));
  sender.post("b", alert("b"));
  ASSERT_TRUE(server.wait_for(2));
  auto posts = server.posts();
  EXPECT_GE(gap(posts[0], posts[1]), 650ms);
}

TEST(WebhookSender, ServerErrors_AreRetriedWithGrowingBackoff) {
  WebhookRecorder server;
  for (int i = 0; i < 3; ++i) server.script(WebhookRecorder::answer(500));
  Deliveries d;
  auto o = fast();
  o.backoff_base = 100ms;
  o.backoff_max = 1000ms;
  WebhookSender sender({{WebhookService::discord, server.url("/discord")}}, o, d.callback());
  sender.post("failure", alert("run failed"));
  ASSERT_TRUE(server.wait_for(4));
  auto posts = server.posts();
  EXPECT_GE(gap(posts[0], posts[1]), 85ms);   // 100 ms +/- 10%
  EXPECT_GE(gap(posts[1], posts[2]), 175ms);  // 200 ms
  EXPECT_GE(gap(posts[2], posts[3]), 355ms);  // 400 ms
  sender.stop();
  ASSERT_EQ(d.get().size(), 1u);
  EXPECT_EQ(d.get()[0].result, "sent");
  EXPECT_EQ(d.get()[0].attempts, 4);
}

TEST(WebhookSender, PersistentServerErrors_FailAfterMaxAttemptsAndAreCounted) {
  WebhookRecorder server;
  for (int i = 0; i < 10; ++i) server.script(WebhookRecorder::answer(500));
  Deliveries d;
  auto o = fast();
  o.max_attempts = 3;
  WebhookSender sender({{WebhookService::slack, server.url("/slack")}}, o, d.callback());
  sender.post("failure", alert("x"));
  ASSERT_TRUE(server.wait_for(3));
  sender.stop();
  EXPECT_EQ(server.posts().size(), 3u);
  ASSERT_EQ(d.get().size(), 1u);
  EXPECT_EQ(d.get()[0].result, "failed: HTTP 500");
  EXPECT_EQ(sender.stats(WebhookService::slack).failed, 1u);
}

TEST(WebhookSender, ClientError_FailsAtOnceWithoutRetry) {
  WebhookRecorder server;
  server.script(WebhookRecorder::answer(404));
  Deliveries d;
  WebhookSender sender({{WebhookService::slack, server.url("/slack")}}, fast(), d.callback());
  sender.post("x", alert("x"));
  ASSERT_TRUE(server.wait_for(1));
  sender.stop();
  EXPECT_EQ(server.posts().size(), 1u);
  ASSERT_EQ(d.get().size(), 1u);
  EXPECT_EQ(d.get()[0].result, "failed: HTTP 404");
}

TEST(WebhookSender, UnreachableWebhook_FailsWithoutTheUrlInTheResult) {
  Deliveries d;
  auto o = fast();
  o.max_attempts = 2;
  {
    WebhookSender sender({{WebhookService::discord, "http://127.0.0.1:1/api/webhooks/123/secret-token"}}, o,
                         d.callback());
    sender.post("x", alert("x"));
  }
  ASSERT_EQ(d.get().size(), 1u);
  EXPECT_THAT(d.get()[0].result, HasSubstr("failed"));
  EXPECT_THAT(d.get()[0].result, ::testing::Not(HasSubstr("secret-token")));
}

TEST(WebhookSender, SlackWindowOnePerSecond_SpacesABurst) {
  WebhookRecorder server;
  auto o = fast();
  o.slack_per_window = 1;
  o.slack_window = 300ms;
  WebhookSender sender({{WebhookService::slack, server.url("/slack")}}, o);
  for (int i = 0; i < 3; ++i) sender.post("e", alert(std::to_string(i)));
  ASSERT_TRUE(server.wait_for(3));
  auto posts = server.posts();
  EXPECT_GE(gap(posts[0], posts[1]), 280ms);
  EXPECT_GE(gap(posts[1], posts[2]), 280ms);
  // Order is kept.
  EXPECT_THAT(posts[2].body, HasSubstr("\"2\""));
}

TEST(WebhookSender, DiscordWindow_FivePassThenTheSixthWaits) {
  WebhookRecorder server;
  auto o = fast();
  o.discord_per_window = 5;
  o.discord_window = 600ms;
  WebhookSender sender({{WebhookService::discord, server.url("/discord")}}, o);
  for (int i = 0; i < 6; ++i) sender.post("e", alert(std::to_string(i)));
  ASSERT_TRUE(server.wait_for(6));
  auto posts = server.posts();
  EXPECT_LT(gap(posts[0], posts[4]), 550ms);
  EXPECT_GE(gap(posts[0], posts[5]), 580ms);
}

TEST(WebhookSender, ThrottledDiscord_DoesNotHoldBackSlack) {
  WebhookRecorder server;
  server.script(WebhookRecorder::answer(429, {{"Retry-After", "2"}}));
  WebhookSender sender(
      {{WebhookService::discord, server.url("/discord")}, {WebhookService::slack, server.url("/slack")}}, fast());
  sender.post("e", alert("x"));  // discord first (gets the 429), then slack
  ASSERT_TRUE(server.wait_for(2));
  auto posts = server.posts();
  EXPECT_EQ(posts[1].path, "/slack");
  EXPECT_LT(gap(posts[0], posts[1]), 1500ms);
}

TEST(WebhookSender, FullQueue_DropsAndCountsWithoutBlocking) {
  WebhookRecorder server;
  auto o = fast();
  o.queue_capacity = 2;
  o.slack_per_window = 1;
  o.slack_window = 10s;  // nothing after the first goes out soon
  o.drain_timeout = 0ms;
  Deliveries d;
  WebhookSender sender({{WebhookService::slack, server.url("/slack")}}, o, d.callback());
  const auto started = std::chrono::steady_clock::now();
  int accepted = 0;
  for (int i = 0; i < 10; ++i) accepted += sender.post("e", alert("x")) ? 1 : 0;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 500ms);
  EXPECT_GE(sender.stats(WebhookService::slack).dropped, 7u);
  EXPECT_LE(accepted, 3);
  sender.stop();
  EXPECT_FALSE(sender.post("late", alert("x")));
}

TEST(WebhookSender, Stop_DeliversWhatIsQueuedWithinTheDrainTime) {
  WebhookRecorder server;
  Deliveries d;
  {
    WebhookSender sender({{WebhookService::slack, server.url("/slack")}}, fast(), d.callback());
    for (int i = 0; i < 3; ++i) sender.post("completion", alert("done"));
  }  // destructor: stop()
  EXPECT_EQ(server.posts().size(), 3u);
  EXPECT_EQ(d.get().size(), 3u);
}

TEST(WebhookSender, Stop_GivesUpOnAHoldBeyondTheDrainTime) {
  WebhookRecorder server;
  server.script(WebhookRecorder::answer(429, {{"Retry-After", "30"}}));
  Deliveries d;
  auto o = fast();
  o.drain_timeout = 300ms;
  const auto started = std::chrono::steady_clock::now();
  {
    WebhookSender sender({{WebhookService::slack, server.url("/slack")}}, o, d.callback());
    sender.post("failure", alert("x"));
    ASSERT_TRUE(server.wait_for(1));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  ASSERT_EQ(d.get().size(), 1u);
  EXPECT_EQ(d.get()[0].result, "failed: shutting down");
}

TEST(WebhookSender, BurstBehindTheRateWindow_GoesOutTogetherInOnePost) {
  WebhookRecorder server;
  auto o = fast();
  o.max_batch = 10;
  o.slack_per_window = 1;
  o.slack_window = 500ms;
  o.discord_per_window = 1;
  o.discord_window = 500ms;
  Deliveries d;
  WebhookSender sender(
      {{WebhookService::slack, server.url("/slack")}, {WebhookService::discord, server.url("/discord")}}, o,
      d.callback());
  sender.post("first", alert("first"));
  ASSERT_TRUE(server.wait_for(2));
  for (int i = 0; i < 12; ++i) sender.post("burst", alert("burst " + std::to_string(i)));
  ASSERT_TRUE(server.wait_for(6));
  sender.stop();
  auto slack = server.posts_to("/slack");
  auto discord = server.posts_to("/discord");
  ASSERT_EQ(slack.size(), 3u);  // 1, then 10 together, then the last 2
  ASSERT_EQ(discord.size(), 3u);
  auto batch = nlohmann::json::parse(discord[1].body);
  EXPECT_EQ(batch["embeds"].size(), 10u);
  auto slack_batch = nlohmann::json::parse(slack[1].body);
  EXPECT_THAT(slack_batch["text"].get<std::string>(), HasSubstr("burst 9"));
  EXPECT_LE(slack_batch["blocks"].size(), kSlackBlocksMax);
  EXPECT_EQ(d.get().size(), 26u);  // one delivery per message and webhook
  EXPECT_EQ(sender.stats(WebhookService::slack).sent, 13u);
}

TEST(ServerRequestedWait, ParsesEachSignal) {
  EXPECT_EQ(server_requested_wait(429, {{"retry-after", "2"}}, ""), 2000ms);
  EXPECT_EQ(server_requested_wait(429, {}, R"({"retry_after": 1.25})"), 1250ms);
  EXPECT_EQ(server_requested_wait(429, {{"retry-after", "1"}}, R"({"retry_after": 3})"), 3000ms);
  EXPECT_EQ(server_requested_wait(200, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset-after", "0.5"}}, ""),
            500ms);
  EXPECT_EQ(server_requested_wait(200, {{"x-ratelimit-remaining", "3"}, {"x-ratelimit-reset-after", "0.5"}}, ""), 0ms);
  EXPECT_EQ(server_requested_wait(429, {{"retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"}}, "not json"), 0ms);
  EXPECT_EQ(server_requested_wait(429, {{"retry-after", "-5"}}, ""), 0ms);
  EXPECT_EQ(server_requested_wait(500, {{"retry-after", "5"}}, ""), 0ms);
}

}  // namespace
}  // namespace nightdesk
