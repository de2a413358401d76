#include "api/client_order_book.h"

namespace nightdesk::api {

ClaimOutcome ClientOrderBook::claim(const std::string& id, const nlohmann::json& body, ClientOrderRecord* previous) {
  std::lock_guard lock(mutex_);
  auto it = records_.find(id);
  if (it != records_.end()) {
    if (it->second.body != body) return ClaimOutcome::conflict;
    if (!it->second.queued) return ClaimOutcome::in_progress;
    if (previous != nullptr) *previous = it->second;
    return ClaimOutcome::repeat;
  }
  while (records_.size() >= capacity_ && !arrival_.empty()) {
    const auto& [oldest, number] = arrival_.front();
    if (auto old = records_.find(oldest); old != records_.end() && old->second.claim_number == number) records_.erase(old);
    arrival_.pop_front();
  }
  ClientOrderRecord record;
  record.body = body;
  record.claim_number = ++claims_;
  records_.emplace(id, std::move(record));
  arrival_.emplace_back(id, claims_);
  return ClaimOutcome::fresh;
}

void ClientOrderBook::queued(const std::string& id, const execution::OrderRequest& request, engine::OrderPriority priority,
                             Timestamp at) {
  std::lock_guard lock(mutex_);
  auto it = records_.find(id);
  if (it == records_.end()) return;
  it->second.queued = true;
  it->second.request = request;
  it->second.priority = priority;
  it->second.queued_at = at;
}

void ClientOrderBook::release(const std::string& id) {
  std::lock_guard lock(mutex_);
  records_.erase(id);
  if (!arrival_.empty() && arrival_.back().first == id) arrival_.pop_back();  // else skipped once at the front
}

void ClientOrderBook::cancelled(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (auto it = records_.find(id); it != records_.end()) it->second.cancelled = true;
}

std::optional<ClientOrderRecord> ClientOrderBook::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = records_.find(id);
  if (it == records_.end()) return std::nullopt;
  return it->second;
}

}  // namespace nightdesk::api
