// The bodies of a person's position commands, read strictly (unknown fields, wrong types and bad values are
// refused naming the field), and the JSON of what they answer. Field names are the `management:` keys of
// nightdesk.yaml; percentages are percent points (50 = 50%, -200 = -200%). Pure functions; any thread.
//   POST  /positions/{id}/close  {"quantity": 2} or {"pct": 50}
//   POST  /positions/{id}/roll   {"dry_run": true, "target_dte": 45, "strike_strategy": "atm_adjust", ...}
//   PATCH /positions/{id}        {"stop_loss_pct": -150, "ladder_levels": ["+50%:100%"], "source": "manual", ...}
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "common/error.h"
#include "portfolio/close_amount.h"
#include "portfolio/management_config.h"
#include "portfolio/portfolio.h"
#include "portfolio/position_overrides.h"

namespace nightdesk::api {

Result<portfolio::CloseAmount> parse_close_body(const nlohmann::json& body);

struct RollRequest {
  portfolio::RollOverrides overrides;
  bool dry_run = false;
};
// An empty or absent body rolls with the position's settings.
Result<RollRequest> parse_roll_body(const nlohmann::json& body);

Result<portfolio::ManagementChange> parse_management_body(const nlohmann::json& body);

nlohmann::json management_settings_json(const portfolio::ManagementSettings& settings);
nlohmann::json roll_start_json(const portfolio::RollStart& start);

}  // namespace nightdesk::api
