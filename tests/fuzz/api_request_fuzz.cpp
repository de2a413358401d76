// libFuzzer target: API request parsing: the JSON body parser (size cap, depth limit), field checks, the query
// string, route matching and the Authorization header. Nothing may crash; a body that parses is within the
// depth limit and survives a dump and re-parse unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/authenticator.h"
#include "api/api_request.h"
#include "api/json_body.h"
#include "api/json_fields.h"
#include "api/route_table.h"

namespace {

const nightdesk::api::RouteTable& table() {
  static const nightdesk::api::RouteTable instance = [] {
    nightdesk::api::RouteTable t;
    (void)t.add("GET", "/api/v1/positions/summary", 0);
    (void)t.add("GET", "/api/v1/positions/{id}", 1);
    (void)t.add("POST", "/api/v1/positions/{id}/close", 2);
    (void)t.add("GET", "/api/v1/templates/{id}/executions", 3);
    (void)t.add("GET", "/", 4);
    return t;
  }();
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nightdesk::api;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  constexpr JsonBodyLimits limits{4096, 16};
  if (auto body = parse_json_body(text, limits)) {
    if (json_nesting_depth(body->dump(), 1000) > limits.max_depth) __builtin_trap();
    static constexpr JsonField fields[] = {{"symbol", JsonType::string, true}, {"qty", JsonType::integer},
                                           {"legs", JsonType::array}, {"note", JsonType::string, false, true}};
    (void)check_fields(*body, fields, "order");
    auto again = parse_json_body(body->dump(), {1 << 20, limits.max_depth});
    if (!again || *again != *body) __builtin_trap();
  }

  (void)parse_query(text);
  auto match = table().match("GET", text);
  if (match.kind == RouteMatch::Kind::found && match.route == 1 && match.params.size() != 1) __builtin_trap();
  if (auto token = bearer_token(text); token && token->empty()) __builtin_trap();
  return 0;
}
