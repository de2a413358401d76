// The recurring-template endpoints of spec A11: POST/GET /templates, GET/PATCH/DELETE /templates/{id},
// POST /templates/{id}/pause and /resume, GET /templates/{id}/executions. Every handler runs its work on the
// engine thread (engine/engine_call.h) against the RecurringOrders that owns the templates, and answers with
// JSON copies. Handlers run on the API threads.
#pragma once

#include <chrono>
#include <functional>
#include <vector>

#include "api/api_server.h"
#include "engine/event_loop.h"
#include "strategy/recurring_orders.h"

namespace nightdesk::api {

// The templates' owner, asked on the engine thread; nullptr until the engine trades (answered 503).
using RecurringOrdersSource = std::function<strategy::RecurringOrders*()>;

// `loop` and what `recurring` returns must outlive the server. A call the engine has not answered within
// `timeout` gets 503.
std::vector<ApiRoute> template_routes(engine::EventLoop& loop, RecurringOrdersSource recurring,
                                      Nanoseconds timeout = std::chrono::seconds(5));

}  // namespace nightdesk::api
