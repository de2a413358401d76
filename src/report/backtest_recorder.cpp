#include "report/backtest_recorder.h"

#include <algorithm>

#include "broker/expiry_settlement.h"
#include "engine/account_tracker.h"
#include "engine/desk_events.h"
#include "risk/circuit_breaker.h"

namespace nightdesk::report {
namespace {

std::string symbol_of(const market::Instrument& instrument) {
  auto symbol = instrument.symbol();
  return symbol ? *symbol : instrument.underlying;
}

// The instant New York's day `d` starts, within an hour either side on a DST change (only used to decide
// when a quote may belong to a new day; the day itself always comes from the calendar).
Result<Timestamp> day_start(const TradingCalendar& calendar, Date d) {
  auto close = calendar.expiry_instant(d);
  if (!close) return std::unexpected(close.error());
  return *close - std::chrono::hours(16);
}

}  // namespace

Status RecorderConfig::validate() const {
  if (sample_interval && *sample_interval <= Nanoseconds{0})
    return fail(ErrorCode::invalid_argument, "must be > 0 when set", "sample_interval");
  if (close_delay < Nanoseconds{0}) return fail(ErrorCode::invalid_argument, "must be >= 0", "close_delay");
  return ok();
}

Result<std::unique_ptr<BacktestRecorder>> BacktestRecorder::create(RecorderConfig config, engine::EventLoop& loop,
                                                                   const engine::TradingDesk& desk,
                                                                   const engine::OrderManager& orders,
                                                                   engine::CashSource cash,
                                                                   const TradingCalendar& calendar) {
  if (auto valid = config.validate(); !valid) return std::unexpected(valid.error());
  if (!cash) return fail(ErrorCode::invalid_argument, "a cash source is required", "cash");
  std::unique_ptr<BacktestRecorder> recorder(
      new BacktestRecorder(std::move(config), loop, desk, orders, std::move(cash), calendar));
  recorder->subscribe();
  return recorder;
}

BacktestRecorder::BacktestRecorder(RecorderConfig config, engine::EventLoop& loop, const engine::TradingDesk& desk,
                                   const engine::OrderManager& orders, engine::CashSource cash,
                                   const TradingCalendar& calendar)
    : config_(std::move(config)), loop_(loop), desk_(desk), orders_(orders), cash_(std::move(cash)), calendar_(calendar) {
  result_.starting_equity = cash_() + engine::marked_value(desk_.portfolio());
  peak_ = result_.starting_equity;
  previous_close_ = result_.starting_equity;
  result_.start = loop_.now();
}

BacktestRecorder::~BacktestRecorder() {
  stop();
}

void BacktestRecorder::stop() {
  for (auto id : subscriptions_) loop_.bus().unsubscribe(id);
  subscriptions_.clear();
  if (close_timer_.valid()) loop_.cancel(close_timer_);
  if (interval_timer_.valid()) loop_.cancel(interval_timer_);
  close_timer_ = interval_timer_ = TimerId{};
}

void BacktestRecorder::subscribe() {
  auto& bus = loop_.bus();
  subscriptions_.push_back(bus.subscribe<market::QuoteEvent>([this](const auto& e) { on_quote(e); }));
  subscriptions_.push_back(bus.subscribe<execution::OrderFilled>([this](const auto& e) { on_fill(e); }));
  subscriptions_.push_back(bus.subscribe<broker::ExpirySettlement>([this](const auto& e) { on_settlement(e); }));
  subscriptions_.push_back(bus.subscribe<execution::OrderStateChanged>([this](const auto& e) { on_order_state(e); }));
  subscriptions_.push_back(bus.subscribe<engine::OrderRiskRefused>([this](const auto&) { ++result_.events.risk_refusals; }));
  subscriptions_.push_back(bus.subscribe<engine::RollSkipped>([this](const auto&) { ++result_.events.rolls_skipped; }));
  subscriptions_.push_back(
      bus.subscribe<risk::BreakerTransition>([this](const auto&) { ++result_.events.breaker_transitions; }));
}

// Per quote: one comparison unless the quote may open a new day or the interval timer needs arming.
void BacktestRecorder::on_quote(const market::QuoteEvent& event) {
  if (!started_) {
    started_ = true;
    result_.start = event.time();
  }
  if (event.time() >= next_day_check_) {
    auto day = calendar_.new_york_date(event.time());
    if (day) {
      if (!open_day_ || *open_day_ != *day) start_day(*day);
      auto next = day_start(calendar_, Date{std::chrono::sys_days{*day} + std::chrono::days{1}});
      next_day_check_ = next ? *next : event.time() + std::chrono::hours(24);
    }
  }
  if (config_.sample_interval && !interval_armed_) {
    interval_armed_ = true;
    const auto period = *config_.sample_interval;
    const auto since_epoch = event.time().time_since_epoch();
    const Timestamp at{since_epoch - since_epoch % period + period};
    interval_timer_ = loop_.schedule_at(at, [this] { interval_sample(); });
  }
}

void BacktestRecorder::start_day(Date day) {
  auto trading = calendar_.is_trading_day(day);
  if (!trading || !*trading) return;
  auto close = calendar_.expiry_instant(day);
  if (!close) return;
  if (open_day_) close_day();  // a day whose close never came (data past 16:00 only): close it now
  open_day_ = day;
  close_at_ = *close + config_.close_delay;
  close_timer_ = loop_.schedule_at(close_at_, [this] {
    close_timer_ = TimerId{};
    close_day();
  });
}

void BacktestRecorder::close_day() {
  if (!open_day_) return;
  if (close_timer_.valid()) {
    loop_.cancel(close_timer_);
    close_timer_ = TimerId{};
  }
  const EquitySample s = sample(true);
  DayResult day;
  day.day = *open_day_;
  day.close_equity = s.equity;
  day.pnl = s.equity - previous_close_;
  if (previous_close_ > Money{}) day.daily_return = day.pnl.to_double() / previous_close_.to_double();
  std::vector<portfolio::PositionGreeks> greeks = position_greeks();
  const portfolio::DailyAttribution attribution = portfolio::attribute_day(greeks_at_close_, greeks);
  greeks_at_close_ = std::move(greeks);
  day.attribution = attribution.total;
  day.positions_not_attributed = static_cast<std::int64_t>(attribution.skipped.size());
  result_.attribution += attribution.total;
  result_.days.push_back(day);
  previous_close_ = s.equity;
  open_day_.reset();
}

std::vector<portfolio::PositionGreeks> BacktestRecorder::position_greeks() const {
  std::vector<portfolio::PositionGreeks> out;
  for (const auto& [id, position] : desk_.portfolio().positions())
    if (const portfolio::PositionGreeks* g = desk_.portfolio().greeks(id)) out.push_back(*g);
  return out;
}

// Samples while the session is open and re-arms until the day's close; after that the next quote arms it
// again, so a loop with no more data is never kept busy by the recorder.
void BacktestRecorder::interval_sample() {
  interval_timer_ = TimerId{};
  interval_armed_ = false;
  const Timestamp now = loop_.now();
  auto open = calendar_.is_open_at(now);
  if (open && *open) sample(false);
  const Timestamp next = now + *config_.sample_interval;
  if (open_day_ && next <= close_at_) {
    interval_armed_ = true;
    interval_timer_ = loop_.schedule_at(next, [this] { interval_sample(); });
  }
}

EquitySample BacktestRecorder::sample(bool day_close) {
  const portfolio::Portfolio& book = desk_.portfolio();
  EquitySample s;
  s.time = loop_.now();
  s.day_close = day_close;
  s.cash = cash_();
  s.equity = s.cash + engine::marked_value(book);
  peak_ = std::max(peak_, s.equity);
  s.drawdown = peak_ - s.equity;
  if (peak_ > Money{}) s.drawdown_ratio = s.drawdown.to_double() / peak_.to_double();
  const portfolio::PortfolioGreeks greeks = book.portfolio_greeks();
  s.greeks = greeks.total;
  s.dollar_delta = greeks.dollar_delta;
  for (const auto& [id, position] : book.positions()) s.open_positions += position.is_flat() ? 0 : 1;
  result_.equity_curve.push_back(s);
  return s;
}

void BacktestRecorder::on_fill(const execution::OrderFilled& event) {
  const execution::Order* order = orders_.find(event.fill.client_order_id);
  if (order == nullptr || event.fill.leg >= order->request.legs.size()) return;
  const execution::OrderRequest& request = order->request;
  const execution::OrderLeg& leg = request.legs[event.fill.leg];
  FillRecord r;
  r.time = loop_.now();
  r.kind = "fill";
  r.client_order_id = request.client_order_id.value();
  r.position_id = request.parent_position_id;
  r.strategy = request.strategy_tag;
  r.instrument = symbol_of(leg.instrument);
  r.side = std::string(execution::to_string(leg.side));
  r.quantity = event.fill.quantity.count();
  r.price = event.fill.price;
  r.fees = event.fill.fees;
  if (!r.position_id.empty()) {
    strategy_of_.try_emplace(r.position_id, r.strategy);
    ++fill_count_[r.position_id];
    holders_[r.instrument].insert(r.position_id);
    const portfolio::Position* position = desk_.portfolio().position(r.position_id);
    if (position != nullptr && position->is_flat()) closed_at_[r.position_id] = r.time;
  }
  result_.fills.push_back(std::move(r));
}

void BacktestRecorder::on_settlement(const broker::ExpirySettlement& settlement) {
  ++result_.events.expiries_settled;
  FillRecord r;
  r.time = loop_.now();
  r.kind = std::string(broker::to_string(settlement.outcome));
  r.instrument = symbol_of(settlement.instrument);
  r.quantity = settlement.quantity.count();
  r.price = settlement.intrinsic;
  auto holders = holders_.find(r.instrument);
  if (holders != holders_.end()) {
    for (const std::string& id : holders->second) {
      r.position_id += (r.position_id.empty() ? "" : ",") + id;
      const portfolio::Position* position = desk_.portfolio().position(id);
      if (position != nullptr && position->is_flat()) closed_at_[id] = r.time;
    }
  }
  result_.fills.push_back(std::move(r));
}

void BacktestRecorder::on_order_state(const execution::OrderStateChanged& event) {
  if (execution::is_terminal(event.transition.to))
    ++result_.execution.orders_ended_by_state[std::string(execution::to_string(event.transition.to))];
}

std::optional<Timestamp> BacktestRecorder::pending_close() const {
  if (!open_day_) return std::nullopt;
  return close_at_;
}

std::vector<TradeRecord> BacktestRecorder::trades(Timestamp end) const {
  std::vector<TradeRecord> out;
  for (const auto& [id, position] : desk_.portfolio().positions()) {
    TradeRecord t;
    t.position_id = id;
    t.underlying = position.underlying();
    if (auto s = strategy_of_.find(id); s != strategy_of_.end()) t.strategy = s->second;
    t.source = std::string(portfolio::to_string(position.source()));
    t.opened = position.opened_time();
    if (position.is_flat()) {
      auto closed = closed_at_.find(id);
      t.closed = closed != closed_at_.end() ? closed->second : end;
    }
    t.entry_cost = position.entry_cost();
    t.realized_pnl = position.realized_pnl();
    t.fees = position.fees();
    t.net_pnl = t.realized_pnl - t.fees;
    if (!position.is_flat()) {
      if (auto unrealized = position.unrealized_pnl(); unrealized) {
        t.unrealized_pnl = *unrealized;
        t.net_pnl += *unrealized;
      }
    }
    if (auto n = fill_count_.find(id); n != fill_count_.end()) t.fills = n->second;
    out.push_back(std::move(t));
  }
  return out;
}

BacktestResult BacktestRecorder::finish() {
  if (open_day_) close_day();
  if (result_.equity_curve.empty()) sample(false);
  stop();

  BacktestResult r = std::move(result_);
  r.end = loop_.now();
  r.quote_events = loop_.stats().quotes;
  r.ending_equity = r.equity_curve.back().equity;
  r.trades = trades(r.end);
  r.execution.total = orders_.quality().total();
  r.execution.by_strategy = orders_.quality().by_strategy();
  r.execution.by_symbol = orders_.quality().by_symbol();
  r.execution.orders = orders_.metrics();
  r.events.desk = desk_.metrics();

  std::vector<double> returns;
  for (const DayResult& d : r.days) returns.push_back(d.daily_return);
  std::vector<Money> equity{r.starting_equity};
  for (const EquitySample& s : r.equity_curve) equity.push_back(s.equity);
  std::vector<Money> closed;
  for (const TradeRecord& t : r.trades)
    if (t.closed) closed.push_back(t.net_pnl);
  PerformanceSummary& p = r.performance;
  p.total_pnl = r.ending_equity - r.starting_equity;
  if (r.starting_equity > Money{}) p.total_return = p.total_pnl.to_double() / r.starting_equity.to_double();
  p.sharpe = sharpe_ratio(returns);
  p.sortino = sortino_ratio(returns);
  p.max_drawdown = max_drawdown(equity);
  p.trades = trade_stats(closed);
  p.trading_days = static_cast<std::int64_t>(r.days.size());
  return r;
}

}  // namespace nightdesk::report
