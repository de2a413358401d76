#include "engine/snapshot_publisher.h"

#include <utility>

namespace nightdesk::engine {

Status SnapshotPublisherConfig::validate() const {
  if (interval <= Nanoseconds{0}) return fail(ErrorCode::invalid_argument, "must be positive", "interval");
  if (min_wall_interval < std::chrono::steady_clock::duration{0})
    return fail(ErrorCode::invalid_argument, "must not be negative", "min_wall_interval");
  return ok();
}

Result<std::unique_ptr<SnapshotPublisher>> SnapshotPublisher::create(SnapshotPublisherConfig config, EventLoop& loop,
                                                                     const TradingDesk& desk, const OrderManager& orders) {
  if (auto valid = config.validate(); !valid) return std::unexpected(valid.error());
  std::unique_ptr<SnapshotPublisher> publisher(new SnapshotPublisher(std::move(config), loop, desk, orders));
  publisher->publish_now();
  auto timer = loop.schedule_every(publisher->config_.interval, [p = publisher.get()] { p->on_timer(); });
  if (!timer) return std::unexpected(timer.error());
  publisher->timer_ = *timer;
  return publisher;
}

SnapshotPublisher::SnapshotPublisher(SnapshotPublisherConfig config, EventLoop& loop, const TradingDesk& desk,
                                     const OrderManager& orders)
    : config_(std::move(config)), loop_(loop), desk_(desk), orders_(orders) {
  quotes_ = loop_.bus().subscribe<market::QuoteEvent>([this](const market::QuoteEvent&) { chains_changed_ = true; });
}

SnapshotPublisher::~SnapshotPublisher() {
  loop_.cancel(timer_);
  loop_.bus().unsubscribe(quotes_);
}

void SnapshotPublisher::on_timer() {
  if (std::chrono::steady_clock::now() - last_wall_ < config_.min_wall_interval) return;
  publish_now();
}

void SnapshotPublisher::publish_now() {
  if (chains_changed_) {
    chains_ = std::make_shared<const market::ChainBook>(desk_.chains());
    chains_changed_ = false;
  }
  auto snapshot = std::make_shared<DeskSnapshot>(take_snapshot(desk_, orders_, loop_, chains_, config_.limits));
  snapshot->sequence = ++sequence_;
  std::shared_ptr<const DeskSnapshot> previous;
  {
    std::lock_guard lock(current_mutex_);
    previous = std::exchange(current_, std::move(snapshot));
  }  // the previous snapshot, if no reader holds it, is freed here, outside the lock
  last_wall_ = std::chrono::steady_clock::now();
}

}  // namespace nightdesk::engine
