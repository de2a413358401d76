#include "execution/execution_quality.h"

#include <algorithm>
#include <functional>

namespace nightdesk::execution {
namespace {

struct Execution {
  Timestamp time{};
  Price price;
  std::int64_t quantity = 0;
};

Timestamp when(const Fill& fill) { return fill.venue_time != Timestamp{} ? fill.venue_time : fill.engine_time; }

// A single leg's fills one by one; a combo (filled atomically at a net price) as one execution at its
// net average, at the time of its last fill.
std::vector<Execution> executions_of(const Order& order, const std::optional<Price>& average) {
  std::vector<Execution> out;
  if (!order.request.is_combo()) {
    for (const Fill& f : order.fills) out.push_back({when(f), f.price, f.quantity.count()});
  } else if (average && !order.fills.empty()) {
    out.push_back({when(order.fills.back()), *average, order.filled_quantity().count()});
  }
  return out;
}

double dollars(Price p) { return p.to_double(); }

Result<Money> signed_notional(std::int64_t per_share_units, std::int64_t quantity, std::int64_t multiplier) {
  return notional(Price::from_units(per_share_units), Quantity(quantity), multiplier);
}

}  // namespace

Status QualityRetention::validate() const {
  if (max_orders < 1) return fail(ErrorCode::out_of_range, "must be >= 1", "max_orders");
  if (max_age && max_age->count() <= 0) return fail(ErrorCode::out_of_range, "must be > 0", "max_age");
  return ok();
}

double OrderQuality::fill_rate() const {
  return ordered.count() > 0 ? static_cast<double>(filled.count()) / static_cast<double>(ordered.count()) : 0.0;
}

std::optional<double> OrderQuality::cancel_fill_ratio() const {
  if (fills == 0) return std::nullopt;
  return static_cast<double>(cancel_requests + replaces) / static_cast<double>(fills);
}

std::string quality_key(const OrderRequest& request) {
  std::string key;
  for (const OrderLeg& leg : request.legs) {
    if (!key.empty()) key += '/';
    key += leg.instrument.symbol().value_or(leg.instrument.underlying);
  }
  return key;
}

Result<OrderQuality> measure_order_quality(const Order& order, const QualityContext& context) {
  if (context.multiplier <= 0) return fail(ErrorCode::invalid_argument, "multiplier must be > 0", "multiplier");
  OrderQuality q;
  q.client_order_id = order.client_order_id();
  q.symbol = context.symbol.empty() ? quality_key(order.request) : context.symbol;
  q.strategy = order.request.strategy_tag;
  q.day = context.day;
  q.side = order.request.price_side();
  q.ordered = order.request.quantity;
  q.filled = order.filled_quantity();
  q.replaces = order.replace_count;
  q.cancel_requests = order.cancel_requests;
  q.arrival_mid = context.arrival.mid;
  q.quoted_spread = context.arrival.spread();
  for (const Fill& f : order.fills) q.fills += f.leg == 0 ? 1 : 0;
  if (!order.fills.empty()) q.time_to_first_fill = order.fills.front().engine_time - context.arrival_time;
  for (const OrderTransition& t : order.history)
    if (t.to == OrderState::filled) q.time_to_complete = t.engine_time - context.arrival_time;

  const std::int64_t d = direction(q.side);
  if (!order.fills.empty())  // without fills there is no average (asking would build an error to drop)
    if (auto avg = order.average_fill_price(Rounding::nearest)) q.average_price = *avg;
  Money shortfall = order.fees;
  if (q.average_price) {
    std::int64_t slip = (q.average_price->units() - q.arrival_mid.units()) * d;
    q.arrival_slippage = Price::from_units(slip);
    q.effective_spread = Price::from_units(2 * slip);
    q.price_improvement = Price::from_units((context.arrival.far_touch(q.side).units() - q.average_price->units()) * d);
    if (q.quoted_spread.units() > 0) {
      q.effective_over_quoted = static_cast<double>(2 * slip) / static_cast<double>(q.quoted_spread.units());
      q.half_spread_crossed = static_cast<double>(2 * slip) / static_cast<double>(q.quoted_spread.units());
    }
    auto cost = signed_notional(slip, q.filled.count(), context.multiplier);
    if (!cost) return std::unexpected(cost.error());
    shortfall += *cost;
  }
  std::int64_t unfilled = q.ordered.count() - q.filled.count();
  if (context.end_mid && unfilled > 0) {
    auto missed = signed_notional((context.end_mid->units() - q.arrival_mid.units()) * d, unfilled, context.multiplier);
    if (!missed) return std::unexpected(missed.error());
    shortfall += *missed;
  }
  q.implementation_shortfall = shortfall;
  return q;
}

void ExecutionQualityBook::watch(const std::string& symbol) { ++mids_of(symbol).watchers; }

ExecutionQualityBook::SymbolMids& ExecutionQualityBook::mids_of(const std::string& symbol) {
  SymbolMids& mids = mids_[symbol];
  if (mids.parked) {
    mids.parked = false;
    --parked_symbols_;
  }
  return mids;
}

std::optional<Price> ExecutionQualityBook::prevailing(const SymbolMids& mids, Timestamp due) {
  if (mids.history.empty() || mids.history.back().time < due) return std::nullopt;
  // The last mid at or before `due`; if the history starts after `due`, its first mid is the best known.
  auto after = std::upper_bound(mids.history.begin(), mids.history.end(), due,
                                [](Timestamp t, const TimedMid& m) { return t < m.time; });
  return after == mids.history.begin() ? after->mid : std::prev(after)->mid;
}

Result<const OrderQuality*> ExecutionQualityBook::record(const Order& order, const QualityContext& context) {
  auto measured = measure_order_quality(order, context);
  if (!measured) return std::unexpected(measured.error());
  retire_settled(order.last_transition_time());  // first: the pointer returned below stays valid
  const std::uint64_t serial = next_serial_++;
  orders_.push_back(std::move(*measured));
  kept_.push_back(Kept{serial, 0, order.last_transition_time(), {}});
  const OrderQuality& q = orders_.back();
  SymbolMids& mids = mids_of(q.symbol);
  for (const Execution& e : executions_of(order, q.average_price)) {
    for (std::size_t h = 0; h < kRealizedSpreadHorizons.size(); ++h) {
      Pending p{serial, h, e.time + kRealizedSpreadHorizons[h], e.price, e.quantity};
      if (auto mid = prevailing(mids, p.due)) {
        resolve(p, *mid);
      } else {
        mids.pending.push_back(p);
        ++kept_.back().unpriced;
      }
    }
  }
  if (mids.watchers > 0) --mids.watchers;
  forget_if_idle(q.symbol);
  return &q;
}

std::optional<std::size_t> ExecutionQualityBook::position_of(std::uint64_t serial) const {
  auto it = std::lower_bound(kept_.begin(), kept_.end(), serial, [](const Kept& k, std::uint64_t s) { return k.serial < s; });
  if (it == kept_.end() || it->serial != serial) return std::nullopt;
  return static_cast<std::size_t>(it - kept_.begin());
}

// Settled records (every horizon priced) go into the retired aggregates, oldest first, while the book
// holds more than max_orders or they are older than max_age. A record still waiting for a mid stays.
void ExecutionQualityBook::retire_settled(Timestamp newest) {
  // By count once the cap is reached; if records still waiting for mids kept the last sweep short, the next
  // one waits until another eighth of the cap has come, so record() stays O(1) amortized.
  const bool by_count = orders_.size() >= std::max(retention_.max_orders, count_sweep_at_);
  // By age at most every max_age / 16, so a record that never settles does not make each record() a sweep.
  const bool by_age = retention_.max_age && !kept_.empty() && kept_.front().recorded < newest - *retention_.max_age &&
                      newest >= last_age_sweep_ + *retention_.max_age / 16;
  if (!by_count && !by_age) return;
  if (by_age) last_age_sweep_ = newest;
  // Retire in batches (down to 7/8 of the cap) so that a full book does not compact on every record.
  const std::size_t keep_at_most = retention_.max_orders - retention_.max_orders / 8 - 1;
  std::size_t excess = orders_.size() > keep_at_most ? orders_.size() - keep_at_most : 0;
  std::size_t out = 0;
  for (std::size_t i = 0; i < orders_.size(); ++i) {
    const bool old = retention_.max_age && kept_[i].recorded < newest - *retention_.max_age;
    if (kept_[i].unpriced == 0 && (excess > 0 || old)) {
      const OrderQuality& q = orders_[i];
      retired_.total.add(q, kept_[i].realized);
      retired_.by_symbol[q.symbol].add(q, kept_[i].realized);
      retired_.by_strategy[q.strategy].add(q, kept_[i].realized);
      retired_.by_day[q.day].add(q, kept_[i].realized);
      ++retired_count_;
      if (excess > 0) --excess;
      continue;
    }
    if (out != i) {
      orders_[out] = std::move(orders_[i]);
      kept_[out] = kept_[i];
    }
    ++out;
  }
  orders_.resize(out);
  kept_.resize(out);
  count_sweep_at_ = orders_.size() + retention_.max_orders / 8 + 1;
}

void ExecutionQualityBook::on_mid(const std::string& symbol, Price mid, Timestamp time) {
  auto it = mids_.find(symbol);
  if (it == mids_.end() || it->second.parked) return;
  SymbolMids& mids = it->second;
  std::erase_if(mids.pending, [&](const Pending& p) {  // in order, in place: no vector per quote
    if (p.due < time) {
      // This quote proves `due` has passed: the mid before it prevailed (or, with no earlier mid, this one).
      resolve(p, mids.history.empty() ? mid : mids.history.back().mid, /*was_waiting=*/true);
      return true;
    }
    if (p.due == time) {
      resolve(p, mid, /*was_waiting=*/true);
      return true;
    }
    return false;
  });
  // Kept while anyone may still need it: a watcher, or a horizon still waiting (its prevailing mid).
  if (mids.watchers > 0 || !mids.pending.empty()) {
    mids.history.push_back({time, mid});
    // Keep the longest horizon back, plus the one mid that prevailed at its start.
    Timestamp horizon_start = time - kRealizedSpreadHorizons.back();
    auto first_needed = std::upper_bound(mids.history.begin(), mids.history.end(), horizon_start,
                                         [](Timestamp t, const TimedMid& m) { return t < m.time; });
    if (first_needed != mids.history.begin()) mids.history.erase(mids.history.begin(), std::prev(first_needed));
  }
  forget_if_idle(symbol);
}

// A symbol nobody watches or waits on is forgotten: its history is dropped and its entry parked (as if
// erased), so that the next order in the same contract reuses it instead of allocating a node and a key.
// Parked entries are erased once there are more than kParkedSymbols.
void ExecutionQualityBook::forget_if_idle(const std::string& symbol) {
  constexpr std::size_t kParkedSymbols = 1'024;
  auto it = mids_.find(symbol);
  if (it == mids_.end() || it->second.parked || it->second.watchers != 0 || !it->second.pending.empty()) return;
  it->second.history.clear();
  it->second.parked = true;
  if (++parked_symbols_ <= kParkedSymbols) return;
  std::erase_if(mids_, [](const auto& entry) { return entry.second.parked; });
  parked_symbols_ = 0;
}

void ExecutionQualityBook::resolve(const Pending& p, Price mid, bool was_waiting) {
  auto at = position_of(p.order);
  if (!at) return;  // cannot happen: a record with unpriced horizons is never retired
  OrderQuality& q = orders_[*at];
  Kept& kept = kept_[*at];
  if (was_waiting && kept.unpriced > 0) --kept.unpriced;
  double realized = 2.0 * direction(q.side) * (dollars(p.price) - dollars(mid));
  RealizedSums& sums = kept.realized;
  sums.weighted[p.horizon] += realized * static_cast<double>(p.quantity);
  sums.quantity[p.horizon] += p.quantity;
  if (sums.quantity[p.horizon] > 0) q.realized_spread[p.horizon] = sums.weighted[p.horizon] / static_cast<double>(sums.quantity[p.horizon]);
}

std::size_t ExecutionQualityBook::pending_horizons() const {
  std::size_t n = 0;
  for (const auto& [symbol, mids] : mids_) n += mids.pending.size();
  return n;
}

void ExecutionQualityBook::Totals::add(const OrderQuality& q, const RealizedSums& realized_sums) {
  ++a.orders;
  a.ordered = a.ordered + q.ordered;
  a.filled = a.filled + q.filled;
  a.fills += q.fills;
  a.replaces += q.replaces;
  a.cancel_requests += q.cancel_requests;
  a.implementation_shortfall += q.implementation_shortfall;
  if (q.time_to_first_fill) {
    first_fill_s += std::chrono::duration<double>(*q.time_to_first_fill).count();
    ++first_fill_n;
  }
  if (q.time_to_complete) {
    complete_s += std::chrono::duration<double>(*q.time_to_complete).count();
    ++complete_n;
  }
  const auto w = static_cast<double>(q.filled.count());
  if (q.average_price && q.filled.count() > 0) {
    slip += dollars(*q.arrival_slippage) * w;
    eff += dollars(*q.effective_spread) * w;
    pi += dollars(*q.price_improvement) * w;
    weighted_qty += q.filled.count();
    if (q.quoted_spread.units() > 0) {
      crossed += *q.half_spread_crossed * w;
      eff_where_quoted += dollars(*q.effective_spread) * w;
      quoted += dollars(q.quoted_spread) * w;
      spread_qty += q.filled.count();
    }
  }
  for (std::size_t h = 0; h < 4; ++h) {
    realized[h] += realized_sums.weighted[h];
    realized_qty[h] += static_cast<double>(realized_sums.quantity[h]);
  }
}

QualityAggregate ExecutionQualityBook::Totals::finish() const {
  QualityAggregate out = a;
  if (a.ordered.count() > 0) out.fill_rate = static_cast<double>(a.filled.count()) / static_cast<double>(a.ordered.count());
  if (first_fill_n > 0) out.mean_seconds_to_first_fill = first_fill_s / static_cast<double>(first_fill_n);
  if (complete_n > 0) out.mean_seconds_to_complete = complete_s / static_cast<double>(complete_n);
  if (a.orders > 0) out.mean_replaces = static_cast<double>(a.replaces) / static_cast<double>(a.orders);
  if (weighted_qty > 0) {
    auto w = static_cast<double>(weighted_qty);
    out.arrival_slippage = slip / w;
    out.effective_spread = eff / w;
    out.price_improvement = pi / w;
  }
  if (spread_qty > 0) out.half_spread_crossed = crossed / static_cast<double>(spread_qty);
  if (quoted > 0) out.effective_over_quoted = eff_where_quoted / quoted;
  for (std::size_t h = 0; h < 4; ++h)
    if (realized_qty[h] > 0) out.realized_spread[h] = realized[h] / realized_qty[h];
  if (a.fills > 0) out.cancel_fill_ratio = static_cast<double>(a.cancel_requests + a.replaces) / static_cast<double>(a.fills);
  return out;
}

QualityAggregate ExecutionQualityBook::total() const {
  Totals totals = retired_.total;
  for (std::size_t i = 0; i < orders_.size(); ++i) totals.add(orders_[i], kept_[i].realized);
  return totals.finish();
}

std::map<std::string, QualityAggregate> ExecutionQualityBook::group_by(const std::function<std::string(const OrderQuality&)>& key,
                                                                        const std::map<std::string, Totals>& retired) const {
  std::map<std::string, Totals> groups = retired;
  for (std::size_t i = 0; i < orders_.size(); ++i) groups[key(orders_[i])].add(orders_[i], kept_[i].realized);
  std::map<std::string, QualityAggregate> out;
  for (const auto& [name, totals] : groups) out[name] = totals.finish();
  return out;
}

std::map<std::string, QualityAggregate> ExecutionQualityBook::by_symbol() const {
  return group_by([](const OrderQuality& q) { return q.symbol; }, retired_.by_symbol);
}

std::map<std::string, QualityAggregate> ExecutionQualityBook::by_strategy() const {
  return group_by([](const OrderQuality& q) { return q.strategy; }, retired_.by_strategy);
}

std::map<std::string, QualityAggregate> ExecutionQualityBook::by_day() const {
  std::map<std::string, Totals> retired;
  for (const auto& [day, totals] : retired_.by_day) retired.emplace(format_date(day), totals);
  return group_by([](const OrderQuality& q) { return format_date(q.day); }, retired);
}

}  // namespace nightdesk::execution
