#include "common/webhook_sender.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/http_client.h"

namespace nightdesk {
namespace {

using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::optional<double> parse_seconds(std::string_view text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end == text.data() || !std::isfinite(v) || v < 0) return std::nullopt;
  return v;
}

std::optional<std::string> find_header(const std::vector<std::pair<std::string, std::string>>& headers,
                                       std::string_view name) {
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return std::nullopt;
}

milliseconds from_seconds(double s) { return milliseconds(static_cast<std::int64_t>(std::ceil(s * 1000.0))); }

}  // namespace

std::string_view to_string(WebhookService service) { return service == WebhookService::discord ? "discord" : "slack"; }

milliseconds server_requested_wait(long status, const std::vector<std::pair<std::string, std::string>>& headers,
                                   std::string_view body) {
  milliseconds wait{0};
  if (status == 429) {
    if (auto h = find_header(headers, "retry-after")) {
      if (auto s = parse_seconds(*h)) wait = std::max(wait, from_seconds(*s));
    }
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_object() && json.contains("retry_after") && json["retry_after"].is_number()) {
      const double s = json["retry_after"].get<double>();
      if (std::isfinite(s) && s >= 0) wait = std::max(wait, from_seconds(s));
    }
  }
  auto remaining = find_header(headers, "x-ratelimit-remaining");
  auto reset_after = find_header(headers, "x-ratelimit-reset-after");
  if (remaining && reset_after && parse_seconds(*remaining).value_or(1) == 0) {
    if (auto s = parse_seconds(*reset_after)) wait = std::max(wait, from_seconds(*s));
  }
  return wait;
}

WebhookSender::WebhookSender(std::vector<WebhookTarget> targets, WebhookSenderOptions options,
                             DeliveryCallback on_delivery)
    : targets_(std::move(targets)), options_(options), on_delivery_(std::move(on_delivery)) {
  for (const auto& t : targets_) {
    windows_.emplace_back(
        t.service == WebhookService::discord ? options_.discord_per_window : options_.slack_per_window,
        t.service == WebhookService::discord ? options_.discord_window : options_.slack_window);
  }
  thread_ = std::thread([this] { deliver_loop(); });
}

WebhookSender::~WebhookSender() { stop(); }

bool WebhookSender::post(std::string event, const AlertMessage& message) {
  bool all = true;
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    auto& stats = stats_[static_cast<int>(targets_[i].service)];
    if (stopping_ || queue_.size() >= options_.queue_capacity) {
      ++stats.dropped;
      all = false;
      spdlog::warn("{} notification '{}' dropped: {}", to_string(targets_[i].service), event,
                   stopping_ ? "the sender is stopping" : "the queue is full");
      continue;
    }
    queue_.push_back({i, {event}, {message}, 0, {}});
  }
  wake_.notify_all();
  return all;
}

void WebhookSender::stop() {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      stopping_ = true;
      drain_deadline_ = SteadyClock::now() + options_.drain_timeout;
    }
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

WebhookStats WebhookSender::stats(WebhookService service) const {
  std::lock_guard lock(mutex_);
  return stats_[static_cast<int>(service)];
}

bool WebhookSender::take_ready(Pending& out, SteadyClock::time_point now, SteadyClock::time_point& wake) {
  std::vector<bool> seen(targets_.size(), false);  // only each webhook's oldest message may go: FIFO per webhook
  wake = SteadyClock::time_point::max();
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    if (seen[it->target]) continue;
    seen[it->target] = true;
    const auto ready = std::max(it->not_before, windows_[it->target].next_allowed(now));
    if (ready <= now) {
      out = std::move(*it);
      it = queue_.erase(it);
      // Fresh messages queued behind it for the same webhook join the post.
      while (it != queue_.end() && out.messages.size() < std::max<std::size_t>(1, options_.max_batch)) {
        if (it->target != out.target || it->attempts != 0 || out.attempts != 0) {
          ++it;
          continue;
        }
        for (std::size_t k = 0; k < it->messages.size(); ++k) {
          out.messages.push_back(std::move(it->messages[k]));
          out.events.push_back(std::move(it->events[k]));
        }
        it = queue_.erase(it);
      }
      return true;
    }
    wake = std::min(wake, ready);
  }
  return false;
}

void WebhookSender::deliver_loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    const auto now = SteadyClock::now();
    if (stopping_ && (queue_.empty() || now >= drain_deadline_)) break;
    Pending item;
    SteadyClock::time_point wake;
    if (!take_ready(item, now, wake)) {
      if (stopping_) wake = std::min(wake, drain_deadline_);
      if (wake == SteadyClock::time_point::max()) {
        wake_.wait(lock);
      } else {
        wake_.wait_until(lock, wake);
      }
      continue;
    }
    windows_[item.target].record(now);
    lock.unlock();
    attempt(std::move(item));
    lock.lock();
  }
  std::deque<Pending> left;
  left.swap(queue_);
  lock.unlock();
  for (const auto& item : left) finish(item, "failed: shutting down");
}

milliseconds WebhookSender::backoff(int attempts) {
  const double base = static_cast<double>(options_.backoff_base.count()) * std::pow(2.0, std::max(0, attempts - 1));
  const double capped = std::min(base, static_cast<double>(options_.backoff_max.count()));
  jitter_seed_ = jitter_seed_ * 6364136223846793005ull + 1442695040888963407ull;
  const double unit = static_cast<double>(jitter_seed_ >> 11) / 9007199254740992.0;  // [0, 1)
  return milliseconds(static_cast<std::int64_t>(capped * (0.9 + 0.2 * unit)));       // +/- 10%
}

void WebhookSender::attempt(Pending item) {
  const auto& target = targets_[item.target];
  ++item.attempts;
  const nlohmann::json payload =
      target.service == WebhookService::discord ? discord_payload(item.messages) : slack_payload(item.messages);
  const std::string body = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto reply = http_request("POST", target.url, body, {"Content-Type: application/json"}, options_.request_timeout);
  const auto now = SteadyClock::now();
  if (!reply) {
    spdlog::warn("{} notification '{}' attempt {} failed: {}", to_string(target.service), item.events.front(),
                 item.attempts, reply.error().message);
    if (item.attempts >= options_.max_attempts) return finish(item, "failed: " + reply.error().message);
    return retry(std::move(item), now + backoff(item.attempts));
  }
  const milliseconds hold = server_requested_wait(reply->status, reply->headers, reply->body);
  if (hold.count() > 0) {
    std::lock_guard lock(mutex_);
    windows_[item.target].hold_until(now + hold);
  }
  if (reply->status >= 200 && reply->status < 300) return finish(item, "sent");
  const std::string why = "HTTP " + std::to_string(reply->status);
  spdlog::warn("{} notification '{}' attempt {}: {}", to_string(target.service), item.events.front(), item.attempts,
               why);
  if (reply->status == 429) {
    {
      std::lock_guard lock(mutex_);
      ++stats_[static_cast<int>(target.service)].throttled;
    }
    if (hold > options_.longest_server_hold) return finish(item, "failed: " + why + ", asked to wait too long");
    if (item.attempts >= options_.max_attempts) return finish(item, "failed: " + why);
    // With no wait named, back off; the window's hold covers a named one.
    return retry(std::move(item), now + (hold.count() > 0 ? hold : backoff(item.attempts)));
  }
  if (reply->status >= 500 && item.attempts < options_.max_attempts) {
    return retry(std::move(item), now + backoff(item.attempts));
  }
  finish(item, "failed: " + why);
}

void WebhookSender::retry(Pending item, SteadyClock::time_point not_before) {
  std::lock_guard lock(mutex_);
  ++stats_[static_cast<int>(targets_[item.target].service)].retries;
  item.not_before = not_before;
  // Back at the front: the webhook's messages stay in order.
  auto at = std::find_if(queue_.begin(), queue_.end(), [&](const Pending& p) { return p.target == item.target; });
  queue_.insert(at, std::move(item));
}

void WebhookSender::finish(const Pending& item, std::string result) {
  const auto service = targets_[item.target].service;
  {
    std::lock_guard lock(mutex_);
    auto& stats = stats_[static_cast<int>(service)];
    (result == "sent" ? stats.sent : stats.failed) += item.messages.size();
  }
  for (const auto& event : item.events) {
    if (result != "sent") spdlog::warn("{} notification '{}' {}", to_string(service), event, result);
    if (on_delivery_) on_delivery_({service, event, result, item.attempts});
  }
}

}  // namespace nightdesk
