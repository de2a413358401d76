// Strategy: C++ trading logic the StrategyHost drives on the engine thread: on_start once, then every quote,
// the fills and ends of its own orders, and the timers it set. It sees chains, Greeks and positions and
// places orders only through its StrategyContext (the TradingDesk's risk-checked door). Engine thread only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "execution/execution_events.h"
#include "execution/order.h"
#include "market/quote_event.h"

namespace nightdesk::strategy {

class StrategyContext;

// A fill of one of the strategy's orders, delivered on the loop turn after it (so the strategy may submit from
// on_fill), with the order as it stands then.
struct StrategyFill {
  const execution::OrderFilled& event;
  const execution::Order& order;
  bool order_complete() const { return event.state_after == execution::OrderState::filled; }
};

// A strategy's own order ended without filling completely (cancelled, rejected, expired).
struct StrategyOrderEnd {
  const execution::Order& order;
  execution::OrderState state = execution::OrderState::cancelled;
};

class Strategy {
 public:
  virtual ~Strategy() = default;

  // Unique among the host's strategies; becomes the strategy_tag of every order it sends.
  virtual const std::string& name() const = 0;
  // The built-in kind ("short_put_vertical", ...) or a user's own word; for listings and metrics.
  virtual std::string_view kind() const = 0;

  // Callbacks. An exception thrown here is caught and counted by the host (StrategyCounters::exceptions).
  virtual void on_start(StrategyContext& /*context*/) {}
  // Every quote on the bus, after the desk has booked it (the context's chains already include it).
  virtual void on_quote(StrategyContext& /*context*/, const market::QuoteEvent& /*quote*/) {}
  virtual void on_fill(StrategyContext& /*context*/, const StrategyFill& /*fill*/) {}
  virtual void on_order_end(StrategyContext& /*context*/, const StrategyOrderEnd& /*end*/) {}
  // A timer set through StrategyContext::set_timer fired; `tag` is what the strategy passed.
  virtual void on_timer(StrategyContext& /*context*/, std::uint64_t /*tag*/) {}
};

}  // namespace nightdesk::strategy
