// DeskCommands: a person's position and order commands for the API threads. Each runs on the engine thread
// (EventLoop::post) through the TradingDesk and the caller waits for the answer, copied into values: no
// pointer into engine state crosses threads. Any thread except the engine thread (it would wait for itself).
// The API maps the Error codes to HTTP statuses (not_found 404, invalid_argument 400, conflict 409, ...).
#pragma once

#include <chrono>
#include <string>

#include "common/error.h"
#include "engine/engine_call.h"
#include "engine/event_loop.h"
#include "engine/trading_desk.h"
#include "execution/order.h"

namespace nightdesk::engine {

class DeskCommands {
 public:
  // `loop` runs `desk`; both must outlive every call. A command the engine has not answered within
  // `timeout` is answered unavailable "engine" (it may still run later).
  DeskCommands(EventLoop& loop, TradingDesk& desk, Nanoseconds timeout = std::chrono::seconds(5))
      : loop_(loop), desk_(desk), timeout_(timeout) {}

  // POST /positions/{id}/close: the closing order as submitted.
  Result<execution::Order> close_position(std::string position_id, portfolio::CloseAmount amount, std::string who);
  // POST /positions/{id}/roll: the plan and, unless a dry run, the first order's request.
  Result<portfolio::RollStart> roll_position(std::string position_id, portfolio::RollOverrides overrides, bool dry_run,
                                             std::string who);
  // PATCH /positions/{id}: the position's effective settings after the change.
  Result<portfolio::ManagementSettings> manage_position(std::string position_id, portfolio::ManagementChange change,
                                                        std::string who);
  // PATCH /orders/{id} and DELETE /orders/{id}: the order as it stands once the request is on its way.
  Result<execution::Order> replace_order(execution::ClientOrderId id, OrderChange change, std::string who);
  Result<execution::Order> cancel_order(execution::ClientOrderId id, std::string who);
  // POST /risk/halt and /risk/reset: the breaker's transition (TradingDesk::halt / reset; who and reason
  // must not be blank).
  Result<risk::BreakerTransition> halt(std::string who, std::string reason);
  Result<risk::BreakerTransition> reset(std::string who, std::string reason);

 private:
  // Runs `command` on the engine thread and waits for its answer.
  template <class T, class Command>
  Result<T> ask(Command command) {
    return call_on_engine<T>(loop_, timeout_, std::move(command));
  }
  // The order `id` copied, after a command that succeeded.
  Result<execution::Order> order_after(const execution::ClientOrderId& id) const;

  EventLoop& loop_;
  TradingDesk& desk_;
  Nanoseconds timeout_;
};

}  // namespace nightdesk::engine
