#include "execution/order_rate_limiter.h"

#include <algorithm>

#include <fmt/format.h>

namespace nightdesk::execution {
namespace {

constexpr std::int64_t kMinuteNs = 60'000'000'000;
constexpr std::int64_t kSecondNs = 1'000'000'000;

}  // namespace

std::string_view to_string(BrokerRequestKind kind) {
  switch (kind) {
    case BrokerRequestKind::submit: return "submit";
    case BrokerRequestKind::cancel: return "cancel";
    case BrokerRequestKind::replace: return "replace";
  }
  return "unknown";
}

Status RateLimitConfig::validate() const {
  // The upper bounds keep the integer bucket arithmetic (tokens x window ns) far from overflow.
  if (per_minute < 1 || per_minute > 1'000'000)
    return fail(ErrorCode::out_of_range, fmt::format("must be in [1, 1000000], got {}", per_minute), "per_minute");
  if (per_second && (*per_second < 1 || *per_second > 1'000'000))
    return fail(ErrorCode::out_of_range, fmt::format("must be in [1, 1000000], got {}", *per_second), "per_second");
  if (when_limited == WhenRateLimited::queue && max_queue < 1)
    return fail(ErrorCode::out_of_range, "must be >= 1 when requests are queued", "max_queue");
  return ok();
}

void OrderRateLimiter::Bucket::refill(Timestamp now) {
  if (now <= updated) return;
  std::int64_t elapsed = std::min((now - updated).count(), window_ns);  // a full window refills it all
  level = std::min(level + elapsed * capacity, capacity * window_ns);
  updated = now;
}

Timestamp OrderRateLimiter::Bucket::next_token_at() const {
  if (has_token()) return updated;
  std::int64_t missing = window_ns - level;
  return updated + Nanoseconds((missing + capacity - 1) / capacity);  // rounded up: the token is whole by then
}

Result<OrderRateLimiter> OrderRateLimiter::create(RateLimitConfig config) {
  if (auto valid = config.validate(); !valid) return std::unexpected(valid.error());
  return OrderRateLimiter(config);
}

OrderRateLimiter::Account& OrderRateLimiter::account(const std::string& name, Timestamp now) {
  if (last_account_.entry != nullptr && last_account_.entry->first == name) return last_account_.entry->second;
  auto it = accounts_.find(name);
  if (it == accounts_.end()) {
    Account a;
    a.minute = Bucket{config_.per_minute, kMinuteNs, config_.per_minute * kMinuteNs, now};
    if (config_.per_second) a.second = Bucket{*config_.per_second, kSecondNs, *config_.per_second * kSecondNs, now};
    it = accounts_.emplace(name, std::move(a)).first;
  }
  last_account_.entry = &*it;
  return it->second;
}

bool OrderRateLimiter::try_spend(Account& a, Timestamp now) {
  a.minute.refill(now);
  if (a.second) a.second->refill(now);
  if (!a.minute.has_token() || (a.second && !a.second->has_token())) return false;
  a.minute.spend();
  if (a.second) a.second->spend();
  return true;
}

Timestamp OrderRateLimiter::next_token_at(const Account& a) {
  Timestamp t = a.minute.next_token_at();
  if (a.second) t = std::max(t, a.second->next_token_at());
  return t;
}

std::string OrderRateLimiter::limit_reason(const std::string& name, const Account& a) const {
  bool minute_empty = !a.minute.has_token();
  std::string limit = minute_empty || !config_.per_second ? fmt::format("{} order requests per minute", config_.per_minute)
                                                          : fmt::format("{} order requests per second", *config_.per_second);
  return fmt::format("rate limit: {} reached for account {}", limit, name);
}

AdmissionDecision OrderRateLimiter::admit(BrokerRequest request, Timestamp now) {
  if (auto ticket = admit_now(request.account, now)) {
    request.ticket = *ticket;
    return AdmissionDecision{Admission::send_now, std::move(request), {}, std::nullopt};
  }
  request.ticket = next_ticket_++;
  Account& a = account(request.account, now);
  AdmissionDecision d;
  d.next_token_at = next_token_at(a);
  std::string why = a.queue.empty() ? limit_reason(request.account, a)
                                    : fmt::format("rate limit: {} earlier requests are waiting for account {}", a.queue.size(), request.account);
  if (config_.when_limited == WhenRateLimited::reject) {
    d.admission = Admission::rejected;
    d.reason = why + "; rejected (when_limited: reject)";
  } else if (a.queue.size() >= config_.max_queue) {
    d.admission = Admission::rejected;
    d.reason = fmt::format("{}; rejected: queue full ({} waiting)", why, a.queue.size());
  } else {
    d.admission = Admission::queued;
    d.reason = fmt::format("{}; queued at position {}", why, a.queue.size() + 1);
    a.queue.push_back(request);
  }
  d.request = std::move(request);
  return d;
}

std::optional<std::uint64_t> OrderRateLimiter::admit_now(const std::string& account_name, Timestamp now) {
  Account& a = account(account_name, now);
  if (!a.queue.empty() || !try_spend(a, now)) return std::nullopt;  // try_spend spends nothing when it fails
  return next_ticket_++;
}

std::vector<BrokerRequest> OrderRateLimiter::release(Timestamp now) {
  std::vector<BrokerRequest> ready;
  for (auto& [name, a] : accounts_) {
    while (!a.queue.empty() && try_spend(a, now)) {
      ready.push_back(std::move(a.queue.front()));
      a.queue.pop_front();
    }
  }
  return ready;
}

std::vector<BrokerRequest> OrderRateLimiter::withdraw(const std::string& account_name, OrderHandle order) {
  std::vector<BrokerRequest> taken;
  auto it = accounts_.find(account_name);
  if (it == accounts_.end()) return taken;
  auto& queue = it->second.queue;
  for (auto q = queue.begin(); q != queue.end();) {
    if (q->order == order) {
      taken.push_back(std::move(*q));
      q = queue.erase(q);
    } else {
      ++q;
    }
  }
  return taken;
}

std::optional<Timestamp> OrderRateLimiter::next_release_at() const {
  std::optional<Timestamp> earliest;
  for (const auto& [name, a] : accounts_)
    if (!a.queue.empty()) earliest = std::min(earliest.value_or(Timestamp::max()), next_token_at(a));
  return earliest;
}

std::size_t OrderRateLimiter::queued(const std::string& name) const {
  auto it = accounts_.find(name);
  return it == accounts_.end() ? 0 : it->second.queue.size();
}

std::int64_t OrderRateLimiter::available(const std::string& name, Timestamp now) const {
  auto it = accounts_.find(name);
  if (it == accounts_.end()) return config_.per_second ? std::min(config_.per_minute, *config_.per_second) : config_.per_minute;
  Account a = it->second;  // a copy: reading must not move the buckets
  a.minute.refill(now);
  std::int64_t n = a.minute.level / a.minute.window_ns;
  if (a.second) {
    a.second->refill(now);
    n = std::min(n, a.second->level / a.second->window_ns);
  }
  return a.queue.empty() ? n : 0;
}

}  // namespace nightdesk::execution
