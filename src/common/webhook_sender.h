// WebhookSender: delivers alerts to Discord and Slack incoming webhooks from its own thread. post() never
// blocks (a bounded queue; a full queue drops and counts); each webhook has its own rate window (Discord 5 per
// 2 s, Slack 1 per s), server holds are honoured (429 with Retry-After or Discord's retry_after, and
// X-RateLimit-Remaining 0 with X-RateLimit-Reset-After), 5xx and transport failures retry with exponential
// backoff, other 4xx fail at once. Messages waiting for the same webhook go out together in one post (up to 10:
// Discord embeds, Slack blocks), so a burst under the rate limit still arrives promptly. Every outcome is counted and
// reported to the delivery callback (called on the sender thread). post/stats/stop may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/error.h"
#include "common/request_rate_window.h"
#include "common/webhook_payload.h"

namespace nightdesk {

enum class WebhookService { discord, slack };
std::string_view to_string(WebhookService service);

struct WebhookTarget {
  WebhookService service = WebhookService::discord;
  std::string url;  // a secret: never logged
};

struct WebhookSenderOptions {
  std::size_t queue_capacity = 256;
  int max_attempts = 5;        // per post, 429s included
  std::size_t max_batch = 10;  // messages in one post
  std::chrono::milliseconds backoff_base{1000};
  std::chrono::milliseconds backoff_max{60000};
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds longest_server_hold{std::chrono::minutes(10)};  // a longer Retry-After fails
  std::chrono::milliseconds drain_timeout{5000};                            // stop() keeps delivering this long
  // Our own rate windows; <= 0 turns one off.
  int discord_per_window = 5;
  std::chrono::milliseconds discord_window{2000};
  int slack_per_window = 1;
  std::chrono::milliseconds slack_window{1000};
};

// One message's final outcome at one webhook.
struct WebhookDelivery {
  WebhookService service = WebhookService::discord;
  std::string event;   // what the caller called it (run_start, checkpoint, …)
  std::string result;  // "sent", or "failed: <why>" (no URL in it)
  int attempts = 0;
};

struct WebhookStats {
  // Messages sent, failed and dropped; posts retried; 429 answers.
  std::uint64_t sent = 0, failed = 0, dropped = 0, retries = 0, throttled = 0;
};

class WebhookSender {
 public:
  using DeliveryCallback = std::function<void(const WebhookDelivery&)>;

  WebhookSender(std::vector<WebhookTarget> targets, WebhookSenderOptions options = {},
                DeliveryCallback on_delivery = {});
  ~WebhookSender();  // stop()
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  // Queues the message for every webhook, shaped for its service. False when any queue slot was missing (that
  // webhook's copy is dropped and counted) or the sender is stopping.
  bool post(std::string event, const AlertMessage& message);
  // Delivers what is queued for up to drain_timeout, then fails the rest ("failed: shutting down") and joins.
  void stop();

  WebhookStats stats(WebhookService service) const;

 private:
  struct Pending {
    std::size_t target = 0;
    std::vector<std::string> events;     // one per message
    std::vector<AlertMessage> messages;  // sent together in one post
    int attempts = 0;
    std::chrono::steady_clock::time_point not_before{};
  };
  void deliver_loop();
  void attempt(Pending item);
  // The next item allowed now (removed from the queue); otherwise false and `wake` set to the earliest time.
  bool take_ready(Pending& out, std::chrono::steady_clock::time_point now, std::chrono::steady_clock::time_point& wake);
  void finish(const Pending& item, std::string result);
  void retry(Pending item, std::chrono::steady_clock::time_point not_before);
  std::chrono::milliseconds backoff(int attempts);

  std::vector<WebhookTarget> targets_;
  WebhookSenderOptions options_;
  DeliveryCallback on_delivery_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  std::vector<RequestRateWindow> windows_;  // one per target
  WebhookStats stats_[2];
  bool stopping_ = false;
  std::chrono::steady_clock::time_point drain_deadline_{};
  std::uint64_t jitter_seed_ = 0x9E3779B97F4A7C15ull;
  std::thread thread_;
};

// How long the server asked us to wait, from a 429 or a rate-limit header set: the larger of Retry-After
// (seconds) and a JSON body's retry_after (seconds, fractional); X-RateLimit-Remaining 0 with
// X-RateLimit-Reset-After. Zero when the reply asks for no wait.
std::chrono::milliseconds server_requested_wait(long status,
                                                const std::vector<std::pair<std::string, std::string>>& headers,
                                                std::string_view body);

}  // namespace nightdesk
