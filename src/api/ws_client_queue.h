// WsClientQueue: one WebSocket client's bounded outbound queue and the slow-client policy of spec A11: when
// full, quote updates go first (a newer quote for a symbol replaces the pending one: latest value wins), and a
// state update that finds no quote to displace means the client cannot keep up (overflow: disconnect it).
// Not thread-safe: the client's session guards it with its own mutex.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace nightdesk::api {

struct WsOutbound {
  std::shared_ptr<const std::string> frame;  // the serialized message, shared by every subscriber
  std::string quote_symbol;                  // set for quotes:<SYMBOL> messages; empty for state and replies
};

enum class WsOfferOutcome {
  queued,          // appended; nothing lost
  replaced_quote,  // full: it took the place of the pending quote for its symbol (one drop)
  evicted_quote,   // full: an older pending quote made room for it (one drop)
  dropped_quote,   // full of state updates: the incoming quote was dropped (one drop)
  overflow,        // full of state updates: a state update has no room; nothing queued; disconnect
};

class WsClientQueue {
 public:
  explicit WsClientQueue(std::size_t capacity);  // capacity >= 1 message

  WsOfferOutcome offer(WsOutbound message);
  // The oldest pending message; nullopt when empty.
  std::optional<WsOutbound> pop();

  std::size_t depth() const { return pending_.size(); }
  bool empty() const { return pending_.empty(); }
  std::size_t capacity() const { return capacity_; }
  std::uint64_t drops() const { return drops_; }  // quote updates lost to this client so far

 private:
  std::deque<WsOutbound>::iterator pending_quote_for(const std::string& symbol);
  std::deque<WsOutbound>::iterator quote_to_evict();
  void forget_quote(const std::string& symbol);

  std::size_t capacity_;
  std::deque<WsOutbound> pending_;
  std::unordered_map<std::string, std::size_t> quotes_per_symbol_;  // pending quote count by symbol
  std::uint64_t drops_ = 0;
};

}  // namespace nightdesk::api
