// The order-template registry: the names the API, strategies and recurring templates use ("vertical",
// "iron_condor", ...), and parameters to and from JSON (unknown fields rejected; errors name the field).
// Pure functions over a static table; any thread.
#pragma once

#include <span>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "common/error.h"
#include "strategy/order_template_params.h"
#include "strategy/order_templates.h"

namespace nightdesk::strategy {

struct TemplateInfo {
  std::string_view name;     // registry name, as the API accepts it
  std::string_view summary;  // one line for listings and the dashboard
};

// Every order template, in the order of SPEC A9.
std::span<const TemplateInfo> order_templates();

// The parameters of template `name` read from the JSON object `params` (defaults for absent fields), then
// validated. not_found (field "template") for an unknown name, with a suggestion for a typo; field errors
// are prefixed with `path` ("order.params.width") when given.
Result<TemplateParams> parse_template_params(std::string_view name, const nlohmann::json& params, std::string_view path = "");

// {"template": "vertical", ...parameters}: the shape POST /orders takes for a template order.
Result<TemplateParams> parse_template_order(const nlohmann::json& body);

// {"template": name, ...every parameter}; parse_template_order(to_json(p)) == p.
nlohmann::json to_json(const TemplateParams& params);

// Manual legs ([{"right", "side", "ratio", "expiry", "strike"}]) and shared order terms to and from JSON.
Result<std::vector<ManualLeg>> parse_manual_legs(const nlohmann::json& legs, std::string_view path = "legs");
nlohmann::json to_json(const std::vector<ManualLeg>& legs);

}  // namespace nightdesk::strategy
