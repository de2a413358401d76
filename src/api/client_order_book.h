// ClientOrderBook: the client order ids POST /orders has taken and the body each came with, so that a repeat
// of the same request is answered with the order it already made (never a second order) and the same id with
// a different body is a conflict. Bounded: past `capacity` ids the oldest are forgotten. Any thread; one mutex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "common/time.h"
#include "engine/manual_order_queue.h"
#include "execution/order_request.h"

namespace nightdesk::api {

struct ClientOrderRecord {
  nlohmann::json body;               // as received (compared by value: key order does not matter)
  bool queued = false;               // false while the first request is still being checked
  bool cancelled = false;            // taken out of the queue before it was sent
  execution::OrderRequest request;   // what was queued
  engine::OrderPriority priority = engine::OrderPriority::normal;
  Timestamp queued_at{};
  std::uint64_t claim_number = 0;    // which claim of the id this is (an id released and claimed again)
};

enum class ClaimOutcome {
  fresh,        // the id is now taken for this body: queue it, then queued() (or release() if that fails)
  repeat,       // the same body came before: answer with the record
  in_progress,  // the same body is being checked right now by another request
  conflict,     // the id was taken by a different body
};

class ClientOrderBook {
 public:
  explicit ClientOrderBook(std::size_t capacity = 100'000) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Takes `id` for `body`, or says why not; on repeat `previous` receives the record.
  ClaimOutcome claim(const std::string& id, const nlohmann::json& body, ClientOrderRecord* previous);
  // The claimed order was queued as `request`.
  void queued(const std::string& id, const execution::OrderRequest& request, engine::OrderPriority priority, Timestamp at);
  // The claimed order was not queued: the id is free again.
  void release(const std::string& id);
  // The queued order was taken out of the queue by a cancel.
  void cancelled(const std::string& id);
  std::optional<ClientOrderRecord> find(const std::string& id) const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, ClientOrderRecord> records_;
  // Claims oldest first, for forgetting; a released claim stays until it reaches the front (then skipped).
  std::deque<std::pair<std::string, std::uint64_t>> arrival_;
  std::uint64_t claims_ = 0;
};

}  // namespace nightdesk::api
