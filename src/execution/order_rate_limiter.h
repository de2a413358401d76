// OrderRateLimiter: token buckets per broker account (default 120 order requests per minute, optional
// per-second cap). Every submit, cancel and replace spends a token; with none left a request is queued
// (bounded, FIFO per account) or rejected with a reason, by config: never dropped silently.
// Deterministic: time is passed in (the engine clock). Engine thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/time.h"
#include "execution/order_ids.h"

namespace nightdesk::execution {

enum class WhenRateLimited : std::uint8_t { queue, reject };

struct RateLimitConfig {
  std::int32_t per_minute = 120;          // a real retail broker's limit
  std::optional<std::int32_t> per_second; // optional burst cap
  WhenRateLimited when_limited = WhenRateLimited::queue;
  std::size_t max_queue = 100;            // per account; a full queue rejects

  // Errors name the key: per_minute and per_second (when set) in [1, 1e6], max_queue >= 1 when queueing.
  Status validate() const;
};

enum class BrokerRequestKind : std::uint8_t { submit, cancel, replace };
std::string_view to_string(BrokerRequestKind kind);

// One call the engine wants to make to a broker; the engine keeps the payload, keyed by `ticket`. The
// order is named by its handle (an integer): a request copies no client id.
struct BrokerRequest {
  std::string account;
  OrderHandle order;
  BrokerRequestKind kind = BrokerRequestKind::submit;
  std::uint64_t ticket = 0;  // assigned by admit(), unique per limiter
};

enum class Admission : std::uint8_t { send_now, queued, rejected };

struct AdmissionDecision {
  Admission admission = Admission::send_now;
  BrokerRequest request;            // with its ticket
  std::string reason;               // queued / rejected: which limit and when the next token comes
  std::optional<Timestamp> next_token_at;
};

class OrderRateLimiter {
 public:
  // `config` must be valid (see validate()); an invalid one is refused by create().
  static Result<OrderRateLimiter> create(RateLimitConfig config);

  // Spends a token for `request` at `now` (send_now), or queues / rejects it. A request never overtakes
  // requests already queued for its account.
  AdmissionDecision admit(BrokerRequest request, Timestamp now);
  // admit()'s common case, building no decision: when nothing is queued for `account` and a token is
  // free at `now`, spends it and returns the request's ticket (as admit() would have, sending now).
  // Otherwise none, with no token spent and no ticket taken: admit() then queues or rejects.
  std::optional<std::uint64_t> admit_now(const std::string& account, Timestamp now);
  // The queued requests whose tokens have come by `now`, oldest first; the caller sends them.
  std::vector<BrokerRequest> release(Timestamp now);
  // Takes every queued request of `order` off the queue (e.g. the order was halted) and returns them, so
  // the caller accounts for each.
  std::vector<BrokerRequest> withdraw(const std::string& account, OrderHandle order);

  // When release() will next have something (for the engine's timer); none with an empty queue.
  std::optional<Timestamp> next_release_at() const;
  std::size_t queued(const std::string& account) const;
  // Requests that could be sent right now without waiting (the tightest bucket), at `now`.
  std::int64_t available(const std::string& account, Timestamp now) const;

 private:
  // A bucket of `capacity` tokens refilled evenly over `window`. The level is kept in token x window-ns
  // units so refills are exact integers.
  struct Bucket {
    std::int64_t capacity = 0;
    std::int64_t window_ns = 0;
    std::int64_t level = 0;  // tokens * window_ns
    Timestamp updated{};

    void refill(Timestamp now);
    bool has_token() const { return level >= window_ns; }
    void spend() { level -= window_ns; }
    Timestamp next_token_at() const;
  };
  struct Account {
    Bucket minute;
    std::optional<Bucket> second;
    std::deque<BrokerRequest> queue;
  };

  explicit OrderRateLimiter(RateLimitConfig config) : config_(config) {}
  Account& account(const std::string& name, Timestamp now);
  static bool try_spend(Account& a, Timestamp now);
  static Timestamp next_token_at(const Account& a);
  std::string limit_reason(const std::string& name, const Account& a) const;

  // The account last looked up: requests mostly name the same one, found again without a tree search
  // (accounts are never erased and a map node stays put). A copied or moved limiter starts without it,
  // as it would point into the other limiter's map.
  struct LastAccount {
    std::pair<const std::string, Account>* entry = nullptr;
    LastAccount() = default;
    LastAccount(const LastAccount&) {}
    LastAccount& operator=(const LastAccount&) {
      entry = nullptr;
      return *this;
    }
  };

  RateLimitConfig config_;
  std::map<std::string, Account, std::less<>> accounts_;
  std::uint64_t next_ticket_ = 1;
  LastAccount last_account_;
};

}  // namespace nightdesk::execution
