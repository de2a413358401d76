#include "api/ws_client_queue.h"

#include <algorithm>
#include <utility>

namespace nightdesk::api {

WsClientQueue::WsClientQueue(std::size_t capacity) : capacity_(std::max<std::size_t>(1, capacity)) {}

WsOfferOutcome WsClientQueue::offer(WsOutbound message) {
  const bool is_quote = !message.quote_symbol.empty();
  if (pending_.size() < capacity_) {
    if (is_quote) ++quotes_per_symbol_[message.quote_symbol];
    pending_.push_back(std::move(message));
    return WsOfferOutcome::queued;
  }
  if (is_quote) {
    // The newest value for the symbol is the one worth sending; the pending one is stale already.
    if (auto same = pending_quote_for(message.quote_symbol); same != pending_.end()) {
      same->frame = std::move(message.frame);
      ++drops_;
      return WsOfferOutcome::replaced_quote;
    }
  }
  auto victim = quote_to_evict();
  if (victim == pending_.end()) {
    if (!is_quote) return WsOfferOutcome::overflow;
    ++drops_;
    return WsOfferOutcome::dropped_quote;
  }
  forget_quote(victim->quote_symbol);
  pending_.erase(victim);
  ++drops_;
  if (is_quote) ++quotes_per_symbol_[message.quote_symbol];
  pending_.push_back(std::move(message));
  return WsOfferOutcome::evicted_quote;
}

std::optional<WsOutbound> WsClientQueue::pop() {
  if (pending_.empty()) return std::nullopt;
  WsOutbound front = std::move(pending_.front());
  pending_.pop_front();
  if (!front.quote_symbol.empty()) forget_quote(front.quote_symbol);
  return front;
}

// The newest pending quote for the symbol (searching from the back).
std::deque<WsOutbound>::iterator WsClientQueue::pending_quote_for(const std::string& symbol) {
  if (!quotes_per_symbol_.contains(symbol)) return pending_.end();
  auto it = std::find_if(pending_.rbegin(), pending_.rend(), [&](const WsOutbound& m) {
    return m.quote_symbol == symbol;
  });
  return it == pending_.rend() ? pending_.end() : std::prev(it.base());
}

// The oldest quote that a newer pending quote for the same symbol supersedes (losing it loses no latest value);
// failing that, the oldest pending quote. end() when only state updates are pending.
std::deque<WsOutbound>::iterator WsClientQueue::quote_to_evict() {
  auto oldest_quote = pending_.end();
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (it->quote_symbol.empty()) continue;
    if (quotes_per_symbol_[it->quote_symbol] > 1) return it;
    if (oldest_quote == pending_.end()) oldest_quote = it;
  }
  return oldest_quote;
}

void WsClientQueue::forget_quote(const std::string& symbol) {
  auto it = quotes_per_symbol_.find(symbol);
  if (it == quotes_per_symbol_.end()) return;
  if (--it->second == 0) quotes_per_symbol_.erase(it);
}

}  // namespace nightdesk::api
