// OrderManager: fills, the daily slippage budget, execution quality (Rule 605 realized spreads priced
// by timers at each horizon after a fill) and the end of an order.
#include <algorithm>
#include <span>

#include <spdlog/spdlog.h>

#include "engine/order_manager.h"
#include "execution/execution_events.h"

namespace nightdesk::engine {

using execution::Order;

namespace {

// Heap order for horizons_due_: the earliest due (then the first scheduled) on top.
constexpr auto later_due = [](const auto& a, const auto& b) { return a.at != b.at ? a.at > b.at : a.sequence > b.sequence; };

}  // namespace

Result<execution::NetQuote> OrderManager::arrive(Parent& parent, const Order& order) {
  if (order.request.is_combo()) {
    auto arrival = board_.net_quote(order.request);
    if (!arrival) return arrival;
    combo_symbol_ = execution::quality_key(order.request);
    start_quality(parent, order, *arrival, combo_symbol_);
    return arrival;
  }
  const Contract& contract = contract_of(order.request);
  if (contract.quote == nullptr) return board_.net_quote(order.request);  // the error: no quote yet
  auto arrival = execution::net_quote(order.request, std::span<const market::Quote>(contract.quote, 1));
  if (arrival) start_quality(parent, order, *arrival, contract.quality_symbol);
  return arrival;
}

OrderManager::Contract& OrderManager::contract_of(const execution::OrderRequest& single_leg) {
  const market::Instrument& instrument = single_leg.legs.front().instrument;
  auto known = contracts_.find(instrument);
  if (known == contracts_.end())
    known = contracts_.emplace(broker::InstrumentKey::of(instrument), Contract{nullptr, execution::quality_key(single_leg)}).first;
  if (known->second.quote == nullptr) known->second.quote = board_.find(instrument);
  return known->second;
}

void OrderManager::start_quality(Parent& parent, const Order& order, const execution::NetQuote& arrival, const std::string& symbol) {
  execution::QualityContext& context = parent.quality.emplace();
  context.arrival = arrival;
  context.arrival_time = loop_.now();
  context.symbol = std::move(parent.spare_symbol);  // for its buffer: a copy into it allocates nothing
  context.symbol = symbol;
  context.day = day_;
  context.multiplier = order.request.legs.front().instrument.multiplier;
  quality_.watch(context.symbol);
}

void OrderManager::on_fill(Parent& parent, const Order& order, const execution::Fill& fill) {
  ++counters_.fills;
  counters_.filled_contracts += static_cast<std::uint64_t>(fill.quantity.count());
  loop_.bus().publish(execution::OrderFilled{fill, order.filled_quantity(), order.leaves_quantity(), order.state});
  if (!parent.quality) return;
  book_slippage(parent, order);
  for (Nanoseconds horizon : execution::kRealizedSpreadHorizons) {
    horizons_due_.push_back(HorizonDue{loop_.now() + horizon, next_horizon_sequence_++, parent.handle});
    std::push_heap(horizons_due_.begin(), horizons_due_.end(), later_due);
  }
  arm_horizon_timer();
}

// One timer for all fills' horizons, at the earliest due (a timer per horizon would be four closures
// per fill, each of which the manager would have to track to cancel).
void OrderManager::arm_horizon_timer() {
  if (horizons_due_.empty()) return;
  const Timestamp at = horizons_due_.front().at;
  if (horizon_timer_.valid() && horizon_timer_at_ == at) return;
  if (horizon_timer_.valid()) loop_.cancel(horizon_timer_);
  horizon_timer_at_ = at;
  horizon_timer_ = loop_.schedule_at(at, [this] { on_horizons_due(); });
}

void OrderManager::on_horizons_due() {
  horizon_timer_ = {};
  const Timestamp now = loop_.now();
  while (!horizons_due_.empty() && horizons_due_.front().at <= now) {
    std::pop_heap(horizons_due_.begin(), horizons_due_.end(), later_due);
    const execution::OrderHandle handle = horizons_due_.back().order;
    horizons_due_.pop_back();
    feed_mid(handle);
  }
  arm_horizon_timer();
}

// The order's slippage so far (its average against the arrival mid, in dollars) goes on the day's
// budget as it grows; a combo counts once a whole unit has filled.
void OrderManager::book_slippage(Parent& parent, const Order& order) {
  roll_day();
  auto average = order.average_fill_price();
  if (!average) return;
  const execution::NetQuote& arrival = parent.quality->arrival;
  Price tick = tick_rule_for(order.request).tick_at(*average);
  auto slippage = execution::measure_slippage(order.request.price_side(), *average, arrival.mid, arrival.spread(),
                                              order.filled_quantity(), parent.quality->multiplier, tick);
  if (!slippage) {
    spdlog::warn("order manager: slippage of {}: {}", order.client_order_id().value(), slippage.error().describe());
    return;
  }
  daily_.record(slippage->dollars - parent.slippage_booked);
  parent.slippage_booked = slippage->dollars;
}

// A realized-spread horizon of one of the order's fills is due: the mid prevailing now is its mid.
void OrderManager::feed_mid(execution::OrderHandle handle) {
  const Parent* parent = parent_of(handle);
  const Order* order = registry_.find(handle);
  if (parent == nullptr || order == nullptr || !parent->quality) return;
  if (auto quote = board_.net_quote(order->request)) quality_.on_mid(parent->quality->symbol, quote->mid, loop_.now());
}

void OrderManager::finish(Parent& parent, const Order& order) {
  if (parent.walk_timer.valid()) loop_.cancel(parent.walk_timer);
  parent.walk_timer = {};
  if (parent.awaiting_quote) std::erase(awaiting_quote_, parent.handle);
  parent.awaiting_quote = false;
  if (!parent.quality || parent.quality_recorded) return;
  parent.quality_recorded = true;
  if (auto quote = board_.net_quote(order.request)) parent.quality->end_mid = quote->mid;  // read by record() only
  if (auto recorded = quality_.record(order, *parent.quality); !recorded)
    spdlog::warn("order manager: quality of {}: {}", order.client_order_id().value(), recorded.error().describe());
}

// The daily budget starts afresh on each new trading day (New York date with a calendar, else UTC).
// Both dates change only on a whole UTC hour (New York is UTC-5 or UTC-4), so within the hour last
// looked at the day is the same: the date is worked out once an hour, not once per order.
void OrderManager::roll_day() {
  const auto hour = std::chrono::floor<std::chrono::hours>(loop_.now());
  if (day_hour_ && *day_hour_ == hour) return;
  day_hour_ = hour;
  Date today{std::chrono::floor<std::chrono::days>(loop_.now())};
  if (config_.calendar != nullptr)
    if (auto ny = config_.calendar->new_york_date(loop_.now())) today = *ny;
  if (today == day_) return;
  if (day_ != Date{}) daily_.start_day();
  day_ = today;
}

}  // namespace nightdesk::engine
