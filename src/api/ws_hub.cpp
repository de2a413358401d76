#include "api/ws_hub.h"

#include <algorithm>
#include <boost/beast/http/field.hpp>

#include "api/cors_policy.h"
#include "api/websocket_session.h"
#include "api/websocket_upgrade.h"
#include "api/ws_channel.h"
#include "api/ws_hub_core.h"
#include "api/ws_message.h"

namespace nightdesk::api {
namespace {

namespace http = boost::beast::http;

Status check(const WsHubOptions& o) {
  if (!o.authorize) {
    return fail(ErrorCode::invalid_argument,
                "required: a token check (pass one accepting every token only for --insecure-no-auth)", "authorize");
  }
  if (o.client_queue_capacity == 0) return fail(ErrorCode::invalid_argument, "must be >= 1", "client_queue_capacity");
  if (o.inbox_capacity == 0) return fail(ErrorCode::invalid_argument, "must be >= 1", "inbox_capacity");
  if (o.max_clients == 0) return fail(ErrorCode::invalid_argument, "must be >= 1", "max_clients");
  if (o.max_subscriptions == 0) return fail(ErrorCode::invalid_argument, "must be >= 1", "max_subscriptions");
  if (o.max_request_bytes < 64) return fail(ErrorCode::invalid_argument, "must be >= 64", "max_request_bytes");
  if (o.handshake_timeout.count() <= 0) return fail(ErrorCode::invalid_argument, "must be > 0", "handshake_timeout");
  if (o.idle_timeout.count() <= 0) return fail(ErrorCode::invalid_argument, "must be > 0", "idle_timeout");
  return ok();
}

std::vector<std::shared_ptr<WebSocketSession>> live_sessions(const WsHubCore::Registry& registry) {
  std::vector<std::shared_ptr<WebSocketSession>> sessions;
  sessions.reserve(registry.size());
  for (const auto& [id, weak] : registry) {
    if (auto session = weak.lock()) sessions.push_back(std::move(session));
  }
  return sessions;
}

// The fan-out thread: serializes each published message once and offers it to every client; the clients'
// strands do the writing.
void fan_out(const std::shared_ptr<WsHubCore>& core) {
  std::vector<WsHubCore::Published> batch;
  for (;;) {
    {
      std::unique_lock lock(core->inbox_mutex);
      core->inbox_ready.wait(lock, [&] { return core->fan_out_stopping || !core->inbox.empty(); });
      if (core->fan_out_stopping) return;
      batch.swap(core->inbox);
    }
    const auto sessions = live_sessions(*core->snapshot());
    for (const auto& message : batch) {
      if (sessions.empty()) break;
      const WsOutbound out{
          std::make_shared<const std::string>(ws_push_frame(message.channel, message.seq, message.ts, message.data)),
          message.quote_symbol};
      for (const auto& session : sessions) session->deliver(message.channel, message.seq, out);
    }
    batch.clear();
  }
}

}  // namespace

std::string_view to_string(WsDisconnectReason reason) {
  switch (reason) {
    case WsDisconnectReason::closed_by_client: return "closed_by_client";
    case WsDisconnectReason::peer_gone: return "peer_gone";
    case WsDisconnectReason::heartbeat_timeout: return "heartbeat_timeout";
    case WsDisconnectReason::slow_client: return "slow_client";
    case WsDisconnectReason::protocol_error: return "protocol_error";
    case WsDisconnectReason::hub_stopped: return "hub_stopped";
  }
  return "unknown";
}

std::uint64_t WsHubStats::disconnect_total() const {
  std::uint64_t total = 0;
  for (auto n : disconnects) total += n;
  return total;
}

bool WsHubCore::reserve() {
  std::lock_guard lock(registry_mutex);
  if (stopped || reserved >= options.max_clients) return false;
  ++reserved;
  return true;
}

bool WsHubCore::add(std::uint64_t id, std::weak_ptr<WebSocketSession> session) {
  std::lock_guard lock(registry_mutex);
  if (stopped) {
    --reserved;
    return false;
  }
  auto next = std::make_shared<Registry>(*registry);
  next->emplace_back(id, std::move(session));
  registry = std::move(next);
  return true;
}

void WsHubCore::remove(std::uint64_t id) {
  std::lock_guard lock(registry_mutex);
  auto it = std::find_if(registry->begin(), registry->end(), [id](const auto& entry) { return entry.first == id; });
  if (it == registry->end()) return;
  auto next = std::make_shared<Registry>();
  next->reserve(registry->size() - 1);
  for (const auto& entry : *registry) {
    if (entry.first != id) next->push_back(entry);
  }
  registry = std::move(next);
  --reserved;
}

std::shared_ptr<const WsHubCore::Registry> WsHubCore::snapshot() const {
  std::lock_guard lock(registry_mutex);
  return registry;
}

std::size_t WsHubCore::client_count() const { return snapshot()->size(); }

std::uint64_t WsHubCore::last_seq(const std::string& channel) const {
  std::lock_guard lock(inbox_mutex);
  return sequencer.last(channel);
}

Result<std::unique_ptr<WsHub>> WsHub::start(WsHubOptions options) {
  if (auto valid = check(options); !valid) return std::unexpected(valid.error());
  auto hub = std::unique_ptr<WsHub>(new WsHub(std::make_shared<WsHubCore>(std::move(options))));
  hub->fan_out_ = std::thread([core = hub->core_] { fan_out(core); });
  return hub;
}

WsHub::WsHub(std::shared_ptr<WsHubCore> core) : core_(std::move(core)) {}

WsHub::~WsHub() { stop(); }

Status WsHub::publish(std::string_view channel, nlohmann::json data) {
  auto parsed = parse_ws_channel(channel, "channel");
  if (!parsed) return std::unexpected(parsed.error());
  const Timestamp ts = core_->clock().now();
  std::string name(channel);
  bool wake = false;
  {
    std::lock_guard lock(core_->inbox_mutex);
    if (core_->fan_out_stopping) return fail(ErrorCode::conflict, "the WebSocket hub is stopped");
    const std::uint64_t seq = core_->sequencer.next(name);
    ++core_->published;
    if (core_->inbox.size() >= core_->options.inbox_capacity) {
      ++core_->inbox_drops;  // the seq is used: subscribers see the gap and resync
      return ok();
    }
    wake = core_->inbox.empty();
    core_->inbox.push_back({std::move(name), std::move(parsed->symbol), seq, ts, std::move(data)});
  }
  if (wake) core_->inbox_ready.notify_one();
  return ok();
}

void WsHub::accept(std::unique_ptr<HttpUpgrade> upgrade) {
  const auto& options = core_->options;
  const auto& request = upgrade->request;
  boost::system::error_code no_peer;
  const auto peer = upgrade->stream.socket().remote_endpoint(no_peer);
  const std::string remote = no_peer ? std::string() : peer.address().to_string();
  if (!options.authorize(ws_upgrade_token(request), remote)) {
    ++core_->refused;
    return refuse_upgrade(std::move(upgrade), 401,
                          {ErrorCode::invalid_argument, "missing or wrong token (Authorization: Bearer, subprotocol bearer.<token> or ?token=)",
                           "token"});
  }
  const auto origin = request[http::field::origin];
  const std::string_view origin_view(origin.data(), origin.size());
  const auto host = request[http::field::host];
  if (options.allow_origin && !origin.empty() && !is_same_origin(origin_view, std::string_view(host.data(), host.size())) &&
      !options.allow_origin(origin_view)) {
    ++core_->refused;
    return refuse_upgrade(std::move(upgrade), 403,
                          {ErrorCode::invalid_argument, "origin not allowed: " + std::string(origin), "Origin"});
  }
  if (!core_->reserve()) {
    ++core_->refused;
    return refuse_upgrade(std::move(upgrade), 503,
                          {ErrorCode::unavailable, "no room for another WebSocket client (or the hub is stopping)", ""});
  }
  const std::uint64_t id = core_->next_client_id();
  auto session = std::make_shared<WebSocketSession>(core_, id, std::move(upgrade->stream));
  if (!core_->add(id, session)) return;  // stopped meanwhile: the connection just closes
  session->start(std::move(upgrade->request));
}

HttpUpgradeRoute WsHub::route(std::string path) {
  return {std::move(path), [this](std::unique_ptr<HttpUpgrade> upgrade) { accept(std::move(upgrade)); }};
}

std::vector<WsClientInfo> WsHub::clients() const {
  std::vector<WsClientInfo> infos;
  for (const auto& session : live_sessions(*core_->snapshot())) infos.push_back(session->info());
  std::sort(infos.begin(), infos.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return infos;
}

WsHubStats WsHub::stats() const {
  WsHubStats s;
  s.clients = core_->client_count();
  s.published = core_->published.load();
  s.inbox_drops = core_->inbox_drops.load();
  s.quote_drops = core_->quote_drops.load();
  s.refused = core_->refused.load();
  for (std::size_t i = 0; i < kWsDisconnectReasons; ++i) s.disconnects[i] = core_->disconnects[i].load();
  return s;
}

std::uint64_t WsHub::last_seq(std::string_view channel) const { return core_->last_seq(std::string(channel)); }

void WsHub::stop() {
  std::call_once(stopped_, [this] {
    {
      std::lock_guard lock(core_->inbox_mutex);
      core_->fan_out_stopping = true;
      core_->inbox.clear();
    }
    core_->inbox_ready.notify_all();
    if (fan_out_.joinable()) fan_out_.join();
    {
      std::lock_guard lock(core_->registry_mutex);
      core_->stopped = true;
    }
    for (const auto& session : live_sessions(*core_->snapshot())) session->close(WsDisconnectReason::hub_stopped);
  });
}

nlohmann::json ws_clients_json(const std::vector<WsClientInfo>& clients) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : clients) {
    list.push_back({{"id", c.id},
                    {"remote", c.remote},
                    {"subscriptions", c.subscriptions},
                    {"queue_depth", c.queue_depth},
                    {"drops", c.drops},
                    {"sent", c.sent},
                    {"connected_since", format_iso8601(c.connected_since)}});
  }
  return {{"clients", std::move(list)}};
}

void append_ws_metrics(PrometheusText& out, const WsHubStats& stats) {
  out.gauge("nightdesk_ws_clients", "WebSocket clients connected", static_cast<double>(stats.clients));
  out.counter("nightdesk_ws_published", "messages published to the WebSocket hub",
              static_cast<double>(stats.published));
  out.counter("nightdesk_ws_quote_drops", "quote updates dropped from slow WebSocket clients' queues",
              static_cast<double>(stats.quote_drops));
  out.counter("nightdesk_ws_inbox_drops", "published messages dropped because the hub's inbox was full",
              static_cast<double>(stats.inbox_drops));
  out.counter("nightdesk_ws_refused", "WebSocket upgrades refused (token, origin, client limit)",
              static_cast<double>(stats.refused));
  std::vector<std::pair<MetricLabels, double>> by_reason;
  for (std::size_t i = 0; i < kWsDisconnectReasons; ++i) {
    by_reason.push_back({{{"reason", std::string(to_string(static_cast<WsDisconnectReason>(i)))}},
                         static_cast<double>(stats.disconnects[i])});
  }
  out.counter("nightdesk_ws_disconnects", "WebSocket clients disconnected, by reason", by_reason);
}

}  // namespace nightdesk::api
