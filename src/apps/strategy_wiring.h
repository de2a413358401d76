// Puts the strategies file's strategies and recurring templates on a DeskSession: one StrategyHost on the
// session's loop and desk, fresh strategy objects per session (they hold state). Wiring only; the thread
// that owns the session.
#pragma once

#include <memory>

#include "common/error.h"
#include "engine/desk_session.h"
#include "strategy/strategies_config.h"
#include "strategy/strategy_host.h"

namespace nightdesk::apps {

// The host must be destroyed before the session. Errors name the strategy or template that failed.
Result<std::unique_ptr<strategy::StrategyHost>> attach_strategies(engine::DeskSession& session,
                                                                   const strategy::StrategiesConfig& config);

// Adds the file's recurring templates; errors name "recurring_templates[i]".
Status add_recurring_templates(strategy::RecurringOrders& recurring, const strategy::StrategiesConfig& config);

}  // namespace nightdesk::apps
