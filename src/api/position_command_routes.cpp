// POST /positions/{id}/close, POST /positions/{id}/roll and PATCH /positions/{id} through DeskCommands.
#include <nlohmann/json.hpp>

#include "api/command_routes.h"
#include "api/position_command_body.h"
#include "api/snapshot_json.h"

namespace nightdesk::api {

void add_position_command_routes(std::vector<ApiRoute>& routes, const std::shared_ptr<const CommandRouteDeps>& deps) {
  routes.emplace_back("POST", "/api/v1/positions/{id}/close", AccessScope::trade, [deps](const ApiRequest& r) {
    auto body = command_body(r, false);
    if (!body) return ApiResponse::error(body.error());
    auto amount = parse_close_body(*body);
    if (!amount) return ApiResponse::error(amount.error());
    auto order = deps->commands.close_position(std::string(r.param("id")), *amount, r.principal.name);
    if (!order) return ApiResponse::error(order.error());
    return ApiResponse::json(202, {{"position_id", r.param("id")}, {"order", order_json(*order)}});
  });
  routes.emplace_back("POST", "/api/v1/positions/{id}/roll", AccessScope::trade, [deps](const ApiRequest& r) {
    auto body = command_body(r, true);
    if (!body) return ApiResponse::error(body.error());
    auto roll = parse_roll_body(*body);
    if (!roll) return ApiResponse::error(roll.error());
    auto start = deps->commands.roll_position(std::string(r.param("id")), roll->overrides, roll->dry_run, r.principal.name);
    if (!start) return ApiResponse::error(start.error());
    nlohmann::json out = roll_start_json(*start);
    out["position_id"] = r.param("id");
    out["dry_run"] = !start->order.has_value();
    return ApiResponse::json(start->order ? 202 : 200, out);
  });
  routes.emplace_back("PATCH", "/api/v1/positions/{id}", AccessScope::trade, [deps](const ApiRequest& r) {
    auto body = command_body(r, false);
    if (!body) return ApiResponse::error(body.error());
    auto change = parse_management_body(*body);
    if (!change) return ApiResponse::error(change.error());
    auto settings = deps->commands.manage_position(std::string(r.param("id")), *change, r.principal.name);
    if (!settings) return ApiResponse::error(settings.error());
    return ApiResponse::json(200, {{"position_id", r.param("id")}, {"settings", management_settings_json(*settings)}});
  });
}

}  // namespace nightdesk::api
