// RecurringTemplate to and from JSON: the API's POST/PATCH /templates bodies and the store's persisted form.
// Errors name the field ("schedule.weekdays[1]", "order.width"); unknown fields are rejected. Pure; any thread.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "common/error.h"
#include "strategy/recurring_template.h"

namespace nightdesk::strategy {

// api: a client's definition: "id", "created_at" and "history" are the engine's and are refused, and
// "status" may only be "active" or "paused". store: everything, as to_json() wrote it.
enum class TemplateSource : std::uint8_t { api, store };

// Reads and validates a template. The order is either "order": {"template": name, ...parameters} or
// "legs": [...] (exactly one of them).
Result<RecurringTemplate> parse_recurring_template(const nlohmann::json& body, TemplateSource source);

// Every field, history included; parse_recurring_template(to_json(t), store) == t.
nlohmann::json to_json(const RecurringTemplate& t);

}  // namespace nightdesk::strategy
