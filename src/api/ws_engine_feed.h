// WsEngineFeed: the engine's events pushed to the WsHub's channels (spec A11). From the bus as they happen:
// orders (the order as GET /orders/{id} shows it, on every transition), fills, and quotes:<UNDERLYING> (the
// underlyings' quotes; an option's quote is read with GET /quotes/{symbol}). From each new DeskSnapshot, when
// they changed: positions (one message per changed position), greeks (portfolio) and risk. Created, driven
// and destroyed on the engine thread; WsHub::publish only appends to the hub's inbox, so it never waits on a client.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/snapshot_routes.h"
#include "api/ws_hub.h"
#include "engine/event_loop.h"
#include "engine/order_manager.h"

namespace nightdesk::api {

struct WsEngineFeedCounts {
  std::uint64_t published = 0;
  std::uint64_t refused = 0;  // publish() errors (the hub stopped)
};

class WsEngineFeed {
 public:
  // Subscribes to `loop`'s bus and looks at `snapshots` every `snapshot_check` of engine time. `loop`,
  // `orders` and `hub` must outlive it.
  static Result<std::unique_ptr<WsEngineFeed>> attach(engine::EventLoop& loop, const engine::OrderManager& orders,
                                                      SnapshotSource snapshots, WsHub& hub,
                                                      Nanoseconds snapshot_check = std::chrono::milliseconds(250));
  ~WsEngineFeed();
  WsEngineFeed(const WsEngineFeed&) = delete;
  WsEngineFeed& operator=(const WsEngineFeed&) = delete;

  const WsEngineFeedCounts& counts() const { return counts_; }

 private:
  WsEngineFeed(engine::EventLoop& loop, const engine::OrderManager& orders, SnapshotSource snapshots, WsHub& hub);
  void publish(std::string_view channel, nlohmann::json data);
  void on_order(const execution::OrderStateChanged& event);
  void on_fill(const execution::OrderFilled& event);
  void on_quote(const market::QuoteEvent& event);
  void on_snapshot_check();
  // Publishes `data` on `channel` unless it equals what was published there last (kept in `last`).
  void publish_if_changed(std::string_view channel, nlohmann::json data, std::string& last);

  engine::EventLoop& loop_;
  const engine::OrderManager& orders_;
  SnapshotSource snapshots_;
  WsHub& hub_;
  std::vector<engine::SubscriptionId> subscriptions_;
  TimerId timer_{};
  std::uint64_t last_sequence_ = 0;
  std::map<std::string, std::string, std::less<>> last_positions_;  // id -> the JSON text last published
  std::string last_greeks_, last_risk_;
  WsEngineFeedCounts counts_;
};

}  // namespace nightdesk::api
