// The engine's command endpoints of spec A11: order entry through the manual order queue (POST /orders,
// idempotent on client_order_id), cancel and replace (DELETE/PATCH /orders/{id}), a person's position
// commands (close, roll, PATCH /positions/{id}) and the breaker (POST /risk/halt, /risk/reset). Handlers
// run on the API threads: entry only queues (the engine's ManualOrderDrain sends), the rest wait for the
// engine through DeskCommands. Every error answers the API's error shape with http_status(code).
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "api/api_server.h"
#include "api/snapshot_routes.h"
#include "common/trading_calendar.h"
#include "engine/desk_commands.h"
#include "engine/manual_order_queue.h"

namespace nightdesk::api {

// What the command routes reach; each must outlive the ApiServer they are registered on.
struct CommandRouteDeps {
  engine::ManualOrderQueue& queue;
  engine::DeskCommands& commands;
  SnapshotSource snapshot;           // as for snapshot_routes: the latest DeskSnapshot, never null
  const TradingCalendar& calendar;   // builds template orders (read-only, any thread)
  std::function<void()> order_queued;  // ManualOrderDrain::wake; may be empty (the drain sweeps on a timer)
  std::size_t idempotency_capacity = 100'000;  // client order ids remembered for repeats
};

// Adds every command route to `routes` (as snapshot_routes() makes the read ones).
void add_command_routes(std::vector<ApiRoute>& routes, CommandRouteDeps deps);

// The parts, one per resource (order_command_routes.cpp, position_command_routes.cpp, command_routes.cpp).
void add_order_command_routes(std::vector<ApiRoute>& routes, const std::shared_ptr<const CommandRouteDeps>& deps);
void add_position_command_routes(std::vector<ApiRoute>& routes, const std::shared_ptr<const CommandRouteDeps>& deps);
void add_risk_command_routes(std::vector<ApiRoute>& routes, const std::shared_ptr<const CommandRouteDeps>& deps);

// The body of a command as a JSON object: an absent body is an empty object when `empty_ok`, else
// invalid_argument "a JSON object body is required".
Result<nlohmann::json> command_body(const ApiRequest& request, bool empty_ok);

}  // namespace nightdesk::api
