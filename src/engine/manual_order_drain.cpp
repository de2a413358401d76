#include "engine/manual_order_drain.h"

#include <spdlog/spdlog.h>

namespace nightdesk::engine {

Status ManualOrderDrainConfig::validate() const {
  if (max_per_turn == 0) return fail(ErrorCode::invalid_argument, "must be at least 1", "max_per_turn");
  if (sweep_interval < Nanoseconds{0}) return fail(ErrorCode::invalid_argument, "must not be negative", "sweep_interval");
  return ok();
}

Result<std::unique_ptr<ManualOrderDrain>> ManualOrderDrain::create(ManualOrderDrainConfig config, ManualOrderQueue& queue,
                                                                   EventLoop& loop, TradingDesk& desk, OrderManager& orders,
                                                                   std::function<void()> after_drain) {
  if (auto valid = config.validate(); !valid) return std::unexpected(valid.error());
  std::unique_ptr<ManualOrderDrain> drain(new ManualOrderDrain(config, queue, loop, desk, orders, std::move(after_drain)));
  if (config.sweep_interval > Nanoseconds{0}) {
    ManualOrderDrain* self = drain.get();
    auto timer = loop.schedule_every(config.sweep_interval, [self] { self->on_turn(); });
    if (!timer) return std::unexpected(timer.error());
    drain->sweep_timer_ = *timer;
  }
  return drain;
}

ManualOrderDrain::ManualOrderDrain(ManualOrderDrainConfig config, ManualOrderQueue& queue, EventLoop& loop, TradingDesk& desk,
                                   OrderManager& orders, std::function<void()> after_drain)
    : config_(config), queue_(queue), loop_(loop), desk_(desk), orders_(orders), after_drain_(std::move(after_drain)) {}

ManualOrderDrain::~ManualOrderDrain() {
  *alive_ = false;
  if (sweep_timer_.valid()) loop_.cancel(sweep_timer_);
}

void ManualOrderDrain::wake() {
  if (wake_posted_.exchange(true, std::memory_order_acq_rel)) return;
  loop_.post([this, alive = alive_] {
    if (!*alive) return;
    // Cleared before draining: an order queued while this turn runs posts the next turn.
    wake_posted_.store(false, std::memory_order_release);
    on_turn();
  });
}

void ManualOrderDrain::on_turn() {
  if (drain_now() == 0) return;
  if (after_drain_) after_drain_();
  if (queue_.size() > 0) wake();  // the rest after the loop's other work
}

std::size_t ManualOrderDrain::drain_now() {
  std::size_t taken = 0;
  while (taken < config_.max_per_turn) {
    auto next = queue_.pop();
    if (!next) break;
    ++taken;
    send(std::move(*next));
  }
  return taken;
}

void ManualOrderDrain::send(QueuedOrder queued) {
  ManualOrderDrained outcome{queued.order.order.client_order_id, queued.priority, queued.who, false, {}, queued.queued_at, loop_.now()};
  execution::OrderRequest request = queued.order.order;
  auto placed = desk_.submit(std::move(queued.order));
  if (placed) {
    ++counters_.sent;
    outcome.sent = true;
  } else {
    ++counters_.refused;
    outcome.reason = placed.error().describe();
    // The desk refused it before the manager saw it: record it there as rejected, so the person finds it.
    if (auto recorded = orders_.record_refused(std::move(request), "refused: " + outcome.reason); !recorded) {
      ++counters_.unrecorded;
      spdlog::error("manual order {} from {} refused ({}) and not recorded: {}", outcome.client_order_id.value(), outcome.who,
                    outcome.reason, recorded.error().describe());
    } else {
      spdlog::info("manual order {} from {} refused: {}", outcome.client_order_id.value(), outcome.who, outcome.reason);
    }
  }
  loop_.bus().publish(outcome);
}

}  // namespace nightdesk::engine
