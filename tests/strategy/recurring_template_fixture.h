// Recurring templates the strategy tests add to a desk: built from the API's JSON, as a person would post them.
// Test-only; any thread.
#pragma once

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "strategy/recurring_template_json.h"

namespace nightdesk::strategy::testing {

// A daily XYZ credit put vertical (short 97.5, 5 wide, on 2025-02-14) at `time` New York, limit at the mid.
inline RecurringTemplate daily_spread(std::string time, nlohmann::json conditions = nlohmann::json::array()) {
  nlohmann::json body = {
      {"name", "daily put spread"},
      {"underlying", "XYZ"},
      {"order", {{"template", "vertical"}, {"right", "put"}, {"side", "sell"}, {"strike", 97.5}, {"width", 5}, {"expiry", "2025-02-14"}}},
      {"quantity", 1},
      {"pricing", {{"mode", "limit"}}},
      {"schedule", {{"kind", "daily"}, {"time", time}}},
      {"conditions", conditions},
  };
  auto t = parse_recurring_template(body, TemplateSource::api);
  EXPECT_TRUE(t) << t.error().describe();
  return t ? *t : RecurringTemplate{};
}

}  // namespace nightdesk::strategy::testing
