// RecurringOrders: runs recurring templates on the engine: each active template fires at its scheduled
// instants of engine time (a SimulatedClock in a backtest, the real clock live: the same code), or, when
// conditional, on its underlying's quotes at most once per check interval. A fire checks the entry conditions
// (market figures from UnderlyingIndicators, portfolio Greeks from the desk), builds the order from the
// desk's chain and submits it through TradingDesk::submit (not again while the circuit breaker stays in the
// state that refused the template's last fire: breaker_hold.h); every fire is recorded in the template's history
// (time, order, result, why skipped; a fire time passed while paused is "skipped: paused") and outcomes follow the order's fills and end. A listener sees every
// change (the store persists through it). Engine thread only.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/trading_calendar.h"
#include "engine/event_loop.h"
#include "engine/order_manager.h"
#include "engine/trading_desk.h"
#include "strategy/breaker_hold.h"
#include "strategy/recurring_template.h"
#include "strategy/underlying_indicators.h"

namespace nightdesk::strategy {

struct RecurringOrdersConfig {
  std::chrono::minutes conditional_every{1};  // engine time between checks of a conditional template
  std::chrono::minutes iv_every{15};          // engine time between ATM IV samples per underlying
};

class RecurringOrders {
 public:
  using Listener = std::function<void(const RecurringTemplate&)>;
  using RemovalListener = std::function<void(std::string_view id)>;

  // Subscribes to quotes, fills and order ends on `loop`'s bus. Create it after the TradingDesk. All
  // references must outlive it.
  RecurringOrders(engine::EventLoop& loop, engine::TradingDesk& desk, engine::OrderManager& orders,
                  const TradingCalendar& calendar, RecurringOrdersConfig config = {});
  ~RecurringOrders();
  RecurringOrders(const RecurringOrders&) = delete;
  RecurringOrders& operator=(const RecurringOrders&) = delete;

  // Adds a template (a new one from the API or config, or one restored from the store with its history):
  // validated (errors name the field); id "t<n>" and created_at now when they are empty. conflict for an id
  // already held. Returns the id.
  Result<std::string> add(RecurringTemplate t);
  // Status changes (recurring_template.h rules); not_found for an unknown id.
  Status pause(std::string_view id);
  Status resume(std::string_view id);
  Status remove(std::string_view id);
  // Replaces the definition of template `id` (a PATCH): everything but its id, created_at and history, which
  // stay. A status in the definition moves it by the pause/resume rules. not_found for an unknown id; conflict
  // for an expired or completed template (final); the definition is validated (errors name the field).
  Status update(std::string_view id, RecurringTemplate definition);

  const RecurringTemplate* find(std::string_view id) const;
  // Every template, by id.
  std::vector<const RecurringTemplate*> templates() const;
  // Called after every change of a template (a fire, an outcome, a status change, add).
  void set_listener(Listener listener) { listener_ = std::move(listener); }
  // Called after a template was removed.
  void set_removal_listener(RemovalListener listener) { removal_listener_ = std::move(listener); }
  // nullptr for an underlying no template trades.
  const UnderlyingIndicators* indicators(std::string_view underlying) const;

  // Checks every template now (the wake timer does this at each fire time).
  void evaluate();

 private:
  void subscribe();
  void on_quote(const market::QuoteEvent& event);
  void on_fill(const execution::OrderFilled& event);
  void on_state_changed(const execution::OrderStateChanged& event);
  RecurringTemplate* template_of(const execution::ClientOrderId& id);
  void evaluate(RecurringTemplate& t, Timestamp now);
  void fire(RecurringTemplate& t, Timestamp now);
  void skip_paused(RecurringTemplate& t, Timestamp now);
  // (Re)arms the wake timer at the earliest next fire of the scheduled templates.
  void arm();
  void changed(const RecurringTemplate& t);
  BuildContext build_context(std::string_view underlying) const;

  engine::EventLoop& loop_;
  engine::TradingDesk& desk_;
  engine::OrderManager& orders_;
  const TradingCalendar& calendar_;
  RecurringOrdersConfig config_;
  std::map<std::string, RecurringTemplate, std::less<>> templates_;
  std::map<std::string, UnderlyingIndicators, std::less<>> indicators_;
  std::map<std::string, Timestamp, std::less<>> last_conditional_check_;
  std::map<std::string, BreakerHold, std::less<>> holds_;  // by template id: a fire the breaker refused
  std::uint64_t next_id_ = 1;
  Listener listener_;
  RemovalListener removal_listener_;
  TimerId wake_;
  Timestamp wake_at_{};
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::vector<engine::SubscriptionId> subscriptions_;
};

}  // namespace nightdesk::strategy
