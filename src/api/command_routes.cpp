#include "api/command_routes.h"

#include <nlohmann/json.hpp>

#include "api/json_fields.h"
#include "api/snapshot_json.h"

namespace nightdesk::api {
namespace {

constexpr JsonField kBreakerFields[] = {{"reason", JsonType::string, true}};

// POST /risk/halt and /risk/reset: a person and a non-blank reason, kept in the breaker's audit log.
ApiHandler breaker_command(std::shared_ptr<const CommandRouteDeps> deps, bool halt) {
  return [deps, halt](const ApiRequest& r) {
    auto body = command_body(r, false);
    if (!body) return ApiResponse::error(body.error());
    if (auto checked = check_fields(*body, kBreakerFields); !checked) return ApiResponse::error(checked.error());
    const std::string reason = (*body)["reason"].get<std::string>();
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
      return ApiResponse::error(400, "invalid_argument", "a reason is required (it goes into the audit log)", "reason");
    auto transition = halt ? deps->commands.halt(r.principal.name, reason) : deps->commands.reset(r.principal.name, reason);
    if (!transition) return ApiResponse::error(transition.error());
    return ApiResponse::json(200, {{"breaker", std::string(risk::to_string(transition->to))},
                                   {"transition", breaker_transition_json(*transition)}});
  };
}

}  // namespace

Result<nlohmann::json> command_body(const ApiRequest& request, bool empty_ok) {
  if (request.body.is_null()) {
    if (empty_ok) return nlohmann::json::object();
    return fail(ErrorCode::invalid_argument, "a JSON object body is required", "");
  }
  if (!request.body.is_object())
    return fail(ErrorCode::invalid_argument, std::string("expected a JSON object, got ") + std::string(describe_json_type(request.body)), "");
  return request.body;
}

void add_risk_command_routes(std::vector<ApiRoute>& routes, const std::shared_ptr<const CommandRouteDeps>& deps) {
  // Halting is a safety stop any trader may pull; undoing it needs the admin token (spec A8).
  routes.emplace_back("POST", "/api/v1/risk/halt", AccessScope::trade, breaker_command(deps, true));
  routes.emplace_back("POST", "/api/v1/risk/reset", AccessScope::admin, breaker_command(deps, false));
}

void add_command_routes(std::vector<ApiRoute>& routes, CommandRouteDeps deps) {
  auto shared = std::make_shared<const CommandRouteDeps>(std::move(deps));
  add_order_command_routes(routes, shared);
  add_position_command_routes(routes, shared);
  add_risk_command_routes(routes, shared);
}

}  // namespace nightdesk::api
