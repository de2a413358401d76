// WsHubCore: what WsHub and its sessions share — options, the client registry, the inbox of published messages
// and the counters. Internal to src/api. Any thread: members are atomic or guarded by the mutex beside them.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api/ws_hub.h"
#include "api/ws_sequencer.h"

namespace nightdesk::api {

struct WsHubCore {
  explicit WsHubCore(WsHubOptions o) : options(std::move(o)) {}

  const WsHubOptions options;
  const Clock& clock() const { return options.clock ? *options.clock : system_clock; }

  // The registry, copy on write: the fan-out thread walks a snapshot without holding the lock, and a client
  // leaves every channel at once when its entry goes (one swap).
  using Registry = std::vector<std::pair<std::uint64_t, std::weak_ptr<WebSocketSession>>>;
  // Holds a place for a new client: false when max_clients are connected or the hub is stopped. add() fills
  // the place (false, and the place is given back, when the hub stopped meanwhile); remove() frees it.
  bool reserve();
  bool add(std::uint64_t id, std::weak_ptr<WebSocketSession> session);
  void remove(std::uint64_t id);  // idempotent
  std::size_t client_count() const;
  std::shared_ptr<const Registry> snapshot() const;
  std::uint64_t next_client_id() { return ++last_client_id; }

  struct Published {
    std::string channel;
    std::string quote_symbol;  // for quotes:<SYMBOL>
    std::uint64_t seq = 0;
    Timestamp ts{};
    nlohmann::json data;
  };
  std::uint64_t last_seq(const std::string& channel) const;

  void count_disconnect(WsDisconnectReason reason) { ++disconnects[static_cast<std::size_t>(reason)]; }

  RealClock system_clock;
  std::atomic<std::uint64_t> last_client_id{0};
  std::atomic<std::uint64_t> published{0}, inbox_drops{0}, quote_drops{0}, refused{0};
  std::array<std::atomic<std::uint64_t>, kWsDisconnectReasons> disconnects{};
  bool stopped = false;  // guarded by registry_mutex

  mutable std::mutex registry_mutex;
  std::shared_ptr<const Registry> registry = std::make_shared<const Registry>();  // guarded by registry_mutex
  std::size_t reserved = 0;                                                      // guarded by registry_mutex

  mutable std::mutex inbox_mutex;
  std::condition_variable inbox_ready;
  std::vector<Published> inbox;  // guarded by inbox_mutex
  WsSequencer sequencer;         // guarded by inbox_mutex
  bool fan_out_stopping = false;  // guarded by inbox_mutex
};

}  // namespace nightdesk::api
