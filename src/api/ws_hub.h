// WsHub: the WebSocket side of the API (spec A11): channels with per-channel sequence numbers, subscriptions,
// bounded per-client queues with the slow-client policy, heartbeats, client stats. publish() may be called from
// any thread (the engine's) and never waits on a client: it appends to an inbox under a short mutex and the hub's
// fan-out thread serializes once and queues to each subscriber; sessions write on the HttpServer's I/O threads.
// Every method may be called from any thread. stop() the hub before stopping the HttpServer that runs its sessions.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/error.h"
#include "common/http_server.h"
#include "common/prometheus_text.h"
#include "common/time.h"

namespace nightdesk::api {

struct WsHubOptions {
  std::size_t client_queue_capacity = 1024;  // messages pending per client (spec A11: bounded)
  std::size_t inbox_capacity = 65536;        // published but not fanned out yet; beyond: dropped (a seq gap)
  std::size_t max_clients = 1000;            // more: the upgrade is answered 503
  std::size_t max_subscriptions = 64;        // channels per client
  std::size_t max_request_bytes = 16 * 1024;            // a client message larger than this closes the client
  std::chrono::milliseconds handshake_timeout{10000};  // upgrade to open, and the closing handshake
  // No data (a pong counts) from the client for this long closes it; a ping goes out at half of it.
  std::chrono::milliseconds idle_timeout{30000};
  int send_buffer_bytes = 0;  // SO_SNDBUF per client socket; 0: the system's (tests make it small)
  // Required: the upgrade's token (Authorization: Bearer …, else the `token` query parameter; "" when neither)
  // is accepted, from the client's IP address (failed attempts are counted per address)? Pass a function
  // returning true to run without auth (--insecure-no-auth).
  std::function<bool(std::string_view token, std::string_view remote_address)> authorize;
  // Optional: whether a browser's Origin may connect (no Origin header: not a browser, allowed).
  std::function<bool(std::string_view origin)> allow_origin;
  const Clock* clock = nullptr;  // stamps "ts"; nullptr: the system clock
};

enum class WsDisconnectReason {
  closed_by_client,   // a close frame
  peer_gone,          // the socket ended without a close frame (reset, EOF)
  heartbeat_timeout,  // nothing (not even a pong) within idle_timeout, or a handshake that never finished
  slow_client,        // its queue was full of state updates
  protocol_error,     // an oversized or malformed frame
  hub_stopped,
};
inline constexpr std::size_t kWsDisconnectReasons = 6;
std::string_view to_string(WsDisconnectReason reason);

struct WsClientInfo {
  std::uint64_t id = 0;
  std::string remote;                      // "127.0.0.1:52144"
  std::vector<std::string> subscriptions;  // sorted
  std::size_t queue_depth = 0;             // messages waiting to be written
  std::uint64_t drops = 0;                 // quote updates this client lost to the slow-client policy
  std::uint64_t sent = 0;                  // messages written (pushes and replies)
  Timestamp connected_since{};
};

struct WsHubStats {
  std::size_t clients = 0;         // connected now
  std::uint64_t published = 0;     // publish() calls accepted
  std::uint64_t inbox_drops = 0;   // published messages lost because the inbox was full
  std::uint64_t quote_drops = 0;   // quote updates dropped from client queues (all clients)
  std::uint64_t refused = 0;       // upgrades refused (token, origin, client limit, stopped)
  std::array<std::uint64_t, kWsDisconnectReasons> disconnects{};  // by WsDisconnectReason
  std::uint64_t disconnect_total() const;
};

class WebSocketSession;
struct WsHubCore;

class WsHub {
 public:
  // Starts the fan-out thread. invalid_argument naming the option when authorize is missing or a capacity is 0.
  static Result<std::unique_ptr<WsHub>> start(WsHubOptions options);
  ~WsHub();  // stop()
  WsHub(const WsHub&) = delete;
  WsHub& operator=(const WsHub&) = delete;

  // Queues `data` for every subscriber of `channel` with the channel's next seq and the clock's time. Never
  // blocks on a client or does I/O. invalid_argument (field "channel") for an unknown channel; conflict after
  // stop(). A full inbox drops the message (counted; subscribers see the seq gap).
  Status publish(std::string_view channel, nlohmann::json data);

  // The HttpServer upgrade handler (I/O thread): checks the token and Origin, then runs the client's session.
  void accept(std::unique_ptr<HttpUpgrade> upgrade);
  // An upgrade route at `path` calling accept(); the hub must outlive the server's use of it.
  HttpUpgradeRoute route(std::string path = "/api/v1/ws");

  std::vector<WsClientInfo> clients() const;  // sorted by id
  WsHubStats stats() const;
  // The last seq published on `channel` (0 before the first).
  std::uint64_t last_seq(std::string_view channel) const;

  // Stops fanning out, refuses new clients and closes every session (a close frame when it can). Idempotent.
  void stop();

 private:
  explicit WsHub(std::shared_ptr<WsHubCore> core);
  std::shared_ptr<WsHubCore> core_;
  std::thread fan_out_;
  std::once_flag stopped_;
};

// GET /ws/clients: {"clients":[{"id","remote","subscriptions","queue_depth","drops","sent","connected_since"}]}.
nlohmann::json ws_clients_json(const std::vector<WsClientInfo>& clients);
// nightdesk_ws_clients, nightdesk_ws_published_total, nightdesk_ws_quote_drops_total,
// nightdesk_ws_inbox_drops_total, nightdesk_ws_refused_total, nightdesk_ws_disconnects_total{reason}.
void append_ws_metrics(PrometheusText& out, const WsHubStats& stats);

}  // namespace nightdesk::api
