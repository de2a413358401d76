// BacktestRecorder: watches one engine (its loop's bus, the trading desk, the order manager) during a
// backtest and samples the account on engine time: every trading day at its close (16:00 New York plus
// `close_delay`, so the day's expiry settlement is in) and, optionally, every `sample_interval` while the
// session is open. finish() turns what it saw into a BacktestResult. Engine thread only; create it after
// the desk so its handlers see fills and settlements already booked on the positions.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/trading_calendar.h"
#include "engine/event_loop.h"
#include "engine/order_manager.h"
#include "engine/trading_desk.h"
#include "report/backtest_result.h"

namespace nightdesk::report {

struct RecorderConfig {
  // Extra samples while the session is open; none: day closes only. > 0 when set.
  std::optional<Nanoseconds> sample_interval;
  // The day's close sample is taken this long after 16:00 New York (expiry settles at 16:00). >= 0.
  Nanoseconds close_delay = std::chrono::minutes(1);

  Status validate() const;
};

class BacktestRecorder {
 public:
  // Subscribes to `loop`'s bus. Every reference must outlive the recorder; `cash` is the venue's cash
  // balance (engine::CashSource). The starting equity is measured now.
  static Result<std::unique_ptr<BacktestRecorder>> create(RecorderConfig config, engine::EventLoop& loop,
                                                          const engine::TradingDesk& desk,
                                                          const engine::OrderManager& orders, engine::CashSource cash,
                                                          const TradingCalendar& calendar);
  ~BacktestRecorder();
  BacktestRecorder(const BacktestRecorder&) = delete;
  BacktestRecorder& operator=(const BacktestRecorder&) = delete;

  // The instant of the day-close sample still to come, if any: run the loop until it (after the feed
  // ends) so the last day closes with its expiry settlement.
  std::optional<Timestamp> pending_close() const;
  // Closes a day still open (sampled now), stops sampling and returns the result. Call once.
  BacktestResult finish();

 private:
  BacktestRecorder(RecorderConfig config, engine::EventLoop& loop, const engine::TradingDesk& desk,
                   const engine::OrderManager& orders, engine::CashSource cash, const TradingCalendar& calendar);
  void subscribe();
  void on_quote(const market::QuoteEvent& event);
  void on_fill(const execution::OrderFilled& event);
  void on_settlement(const broker::ExpirySettlement& settlement);
  void on_order_state(const execution::OrderStateChanged& event);
  void start_day(Date day);
  void close_day();
  void interval_sample();
  EquitySample sample(bool day_close);
  std::vector<portfolio::PositionGreeks> position_greeks() const;
  std::vector<TradeRecord> trades(Timestamp end) const;
  void stop();  // unsubscribes and cancels the timers

  RecorderConfig config_;
  engine::EventLoop& loop_;
  const engine::TradingDesk& desk_;
  const engine::OrderManager& orders_;
  engine::CashSource cash_;
  const TradingCalendar& calendar_;
  std::vector<engine::SubscriptionId> subscriptions_;

  BacktestResult result_;
  bool started_ = false;
  Timestamp next_day_check_{};       // a quote at or after this may start a new day
  std::optional<Date> open_day_;     // the day whose close sample is pending
  TimerId close_timer_;
  Timestamp close_at_{};
  bool interval_armed_ = false;
  TimerId interval_timer_;
  Money peak_;
  Money previous_close_;
  // Every position's Greeks at the previous day close: the start of the next day's attribution, so a day's
  // attribution is close to close like its P&L (the overnight move and the first quote's included).
  std::vector<portfolio::PositionGreeks> greeks_at_close_;
  std::map<std::string, std::string, std::less<>> strategy_of_;   // position id -> first strategy tag
  std::map<std::string, Timestamp, std::less<>> closed_at_;       // position id -> when it last went flat
  std::map<std::string, std::int64_t, std::less<>> fill_count_;   // position id -> fills booked
  std::map<std::string, std::set<std::string>, std::less<>> holders_;  // instrument -> position ids with fills
};

}  // namespace nightdesk::report
