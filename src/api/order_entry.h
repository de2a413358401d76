// OrderEntry: the body of POST /api/v1/orders, read strictly (an unknown field, a wrong type or a missing
// field is refused naming it): explicit legs (one, or a combo at a net price: debit positive, credit
// negative) or an order template with its parameters, plus the queue's priority, the bot-managed flag and
// the execution style. Pure functions; any thread (a template is built on a snapshot's chain copy).
#pragma once

#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json_fwd.hpp>

#include "common/error.h"
#include "common/trading_calendar.h"
#include "engine/desk_snapshot.h"
#include "engine/manual_order_queue.h"
#include "engine/order_manager.h"
#include "execution/order_request.h"
#include "strategy/order_template_params.h"

namespace nightdesk::api {

// {"template": "vertical", "underlying": "SPY", "params": {...}}: built on the underlying's chain.
struct TemplateOrder {
  std::string name;
  std::string underlying;
  strategy::TemplateParams params;
};

struct OrderEntry {
  std::optional<std::string> client_order_id;  // none: the API assigns one (and the entry is not idempotent)
  engine::OrderPriority priority = engine::OrderPriority::normal;
  bool bot_managed = false;  // false: a manual position the bot never touches
  engine::ExecutionStyle style = engine::ExecutionStyle::smart;
  std::string position_id;  // adjusts this position; empty: opens a new one
  // Explicit legs (the request without its client id, source or tag yet), or a template.
  std::variant<execution::OrderRequest, TemplateOrder> order;
};

// The entry `body` describes. invalid_argument naming the field ("legs[1].symbol", "params.width", ...);
// not_found naming "template" for an unknown template.
Result<OrderEntry> parse_order_entry(const nlohmann::json& body);

// The instrument an API symbol names: an OCC option symbol (padded or compact; its underlying is the OCC
// root) or a stock/ETF ticker. invalid_argument naming `field` otherwise.
Result<market::Instrument> instrument_from_symbol(std::string_view symbol, const std::string& field);

// The order to queue for `entry` under `client_order_id`: explicit legs as given, a template built on
// `snapshot`'s chain of its underlying at the snapshot's engine time (unavailable naming "underlying" when
// no chain is held yet; the template's own errors otherwise). The result has passed OrderRequest::validate.
Result<execution::OrderRequest> order_request_for(const OrderEntry& entry, const std::string& client_order_id,
                                                  const engine::DeskSnapshot& snapshot, const TradingCalendar& calendar);

// A client order id the API accepts: 1 to 64 characters of [A-Za-z0-9._:-]. invalid_argument otherwise.
Status check_client_order_id(std::string_view id);

}  // namespace nightdesk::api
