// RequestRateWindow: the client side of a per-endpoint rate limit: at most `limit` requests in any `period`
// (a sliding window), plus holds the server asked for (HTTP 429 Retry-After, X-RateLimit-Reset-After).
// Pure and clock-free (callers pass the time); not thread-safe: one owner (a sender thread).
#pragma once

#include <chrono>
#include <deque>

namespace nightdesk {

class RequestRateWindow {
 public:
  using Time = std::chrono::steady_clock::time_point;

  // limit <= 0 means no limit of our own (server holds still apply).
  RequestRateWindow(int limit, std::chrono::milliseconds period);

  // The earliest time a request may be sent: `now` when one is allowed now.
  Time next_allowed(Time now) const;
  // A request went out at `sent`.
  void record(Time sent);
  // The server said: nothing before `until`. A later hold extends, an earlier one never shortens.
  void hold_until(Time until);

 private:
  int limit_;
  std::chrono::milliseconds period_;
  std::deque<Time> sent_;  // the last `limit_` send times, oldest first
  Time held_until_{};
};

}  // namespace nightdesk
