#include "api/ws_engine_feed.h"

#include "api/snapshot_json.h"

namespace nightdesk::api {

Result<std::unique_ptr<WsEngineFeed>> WsEngineFeed::attach(engine::EventLoop& loop, const engine::OrderManager& orders,
                                                           SnapshotSource snapshots, WsHub& hub, Nanoseconds snapshot_check) {
  if (!snapshots) return fail(ErrorCode::invalid_argument, "a snapshot source is required", "snapshots");
  std::unique_ptr<WsEngineFeed> feed(new WsEngineFeed(loop, orders, std::move(snapshots), hub));
  auto timer = loop.schedule_every(snapshot_check, [f = feed.get()] { f->on_snapshot_check(); });
  if (!timer) return std::unexpected(timer.error());
  feed->timer_ = *timer;
  return feed;
}

WsEngineFeed::WsEngineFeed(engine::EventLoop& loop, const engine::OrderManager& orders, SnapshotSource snapshots, WsHub& hub)
    : loop_(loop), orders_(orders), snapshots_(std::move(snapshots)), hub_(hub) {
  auto& bus = loop_.bus();
  subscriptions_.push_back(bus.subscribe<execution::OrderStateChanged>([this](const auto& e) { on_order(e); }));
  subscriptions_.push_back(bus.subscribe<execution::OrderFilled>([this](const auto& e) { on_fill(e); }));
  subscriptions_.push_back(bus.subscribe<market::QuoteEvent>([this](const auto& e) { on_quote(e); }));
}

WsEngineFeed::~WsEngineFeed() {
  loop_.cancel(timer_);
  for (auto id : subscriptions_) loop_.bus().unsubscribe(id);
}

void WsEngineFeed::publish(std::string_view channel, nlohmann::json data) {
  if (hub_.publish(channel, std::move(data))) {
    ++counts_.published;
  } else {
    ++counts_.refused;
  }
}

void WsEngineFeed::on_order(const execution::OrderStateChanged& event) {
  if (const execution::Order* order = orders_.find(event.client_order_id)) publish("orders", order_json(*order));
}

void WsEngineFeed::on_fill(const execution::OrderFilled& event) {
  nlohmann::json data = fill_json(event.fill);
  data["client_order_id"] = event.fill.client_order_id.value();
  data["order_id"] = event.fill.order_id.value();
  data["order_filled"] = event.order_filled.count();
  data["order_leaves"] = event.order_leaves.count();
  data["state"] = std::string(execution::to_string(event.state_after));
  publish("fills", std::move(data));
}

void WsEngineFeed::on_quote(const market::QuoteEvent& event) {
  if (event.is_option()) return;  // a chain snapshot is thousands of option quotes: read them with GET /quotes
  const market::Quote& q = event.quote;
  nlohmann::json data{{"symbol", event.underlying},
                      {"bid", q.bid.to_string()},
                      {"ask", q.ask.to_string()},
                      {"bid_size", q.bid_size.count()},
                      {"ask_size", q.ask_size.count()},
                      {"time", format_iso8601(q.time)}};
  if (q.last) data["last"] = q.last->to_string();
  publish("quotes:" + event.underlying, std::move(data));
}

void WsEngineFeed::publish_if_changed(std::string_view channel, nlohmann::json data, std::string& last) {
  std::string text = data.dump();
  if (text == last) return;
  last = std::move(text);
  publish(channel, std::move(data));
}

void WsEngineFeed::on_snapshot_check() {
  auto snapshot = snapshots_();
  if (!snapshot || snapshot->sequence == last_sequence_) return;
  last_sequence_ = snapshot->sequence;
  for (const auto& position : snapshot->positions) {
    auto [it, fresh] = last_positions_.try_emplace(position.id());
    publish_if_changed("positions", position_json(position, *snapshot), it->second);
  }
  publish_if_changed("greeks", portfolio_greeks_json(*snapshot), last_greeks_);
  publish_if_changed("risk", risk_json(*snapshot), last_risk_);
}

}  // namespace nightdesk::api
