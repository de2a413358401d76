// StrategyCounters: what the StrategyHost saw one strategy do (callbacks delivered, orders sent and refused,
// exceptions caught, entries skipped and why). Plain value, copied out by the host on the engine thread.
#pragma once

#include <cstdint>
#include <string>

namespace nightdesk::strategy {

struct StrategyCounters {
  std::uint64_t quotes = 0;            // on_quote calls
  std::uint64_t fills = 0;             // on_fill calls
  std::uint64_t order_ends = 0;        // on_order_end calls
  std::uint64_t timers = 0;            // on_timer calls
  std::uint64_t orders_submitted = 0;  // accepted by the desk's risk check and handed to the OrderManager
  std::uint64_t orders_refused = 0;    // refused by the desk's pre-trade risk check
  std::uint64_t submit_errors = 0;     // other submit errors (invalid request, id conflict)
  std::uint64_t cancels = 0;           // cancels asked for
  std::uint64_t exceptions = 0;        // thrown from a callback, caught by the host
  std::uint64_t skips = 0;             // entries the strategy declined (StrategyContext::skip)
  bool stopped = false;                // too many exceptions: no more callbacks
  std::string last_exception;
  std::string last_refusal;            // the desk's message, every violated limit with its numbers
  std::string last_skip;
};

}  // namespace nightdesk::strategy
