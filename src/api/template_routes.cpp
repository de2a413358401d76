#include "api/template_routes.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/engine_call.h"
#include "strategy/recurring_template_json.h"

namespace nightdesk::api {
namespace {

using Json = nlohmann::json;
using strategy::RecurringOrders;
using strategy::RecurringTemplate;

constexpr std::string_view kTemplates = "/api/v1/templates";

// What a client may send back in a PATCH: the template without the engine's own fields.
Json definition_json(const RecurringTemplate& t) {
  Json j = strategy::to_json(t);
  j.erase("id");
  j.erase("created_at");
  j.erase("history");
  return j;
}

// The template `id`, or not_found.
Result<const RecurringTemplate*> find_template(const RecurringOrders& recurring, std::string_view id) {
  const RecurringTemplate* t = recurring.find(id);
  if (t == nullptr) return fail(ErrorCode::not_found, fmt::format("no template '{}'", id), "id");
  return t;
}

// The template `id` as JSON, or not_found.
Result<Json> template_json(const RecurringOrders& recurring, std::string_view id) {
  auto t = find_template(recurring, id);
  if (!t) return std::unexpected(t.error());
  Json j = strategy::to_json(**t);
  j["executions_count"] = (*t)->executions();
  return j;
}

Result<Json> created(RecurringOrders& recurring, const Json& body) {
  if (!body.is_object()) return fail(ErrorCode::invalid_argument, "the body must be a JSON object", "body");
  auto parsed = strategy::parse_recurring_template(body, strategy::TemplateSource::api);
  if (!parsed) return std::unexpected(parsed.error());
  auto id = recurring.add(std::move(*parsed));
  if (!id) return std::unexpected(id.error());
  return template_json(recurring, *id);
}

// A JSON merge patch (RFC 7396) of the definition: fields present replace, null removes an optional one.
Result<Json> patched(RecurringOrders& recurring, std::string id, const Json& patch) {
  if (!patch.is_object()) return fail(ErrorCode::invalid_argument, "the body must be a JSON object", "body");
  auto t = find_template(recurring, id);
  if (!t) return std::unexpected(t.error());
  for (const char* engine_field : {"id", "created_at", "history"})
    if (patch.contains(engine_field))
      return fail(ErrorCode::invalid_argument, "is the engine's and cannot be changed", engine_field);
  Json merged = definition_json(**t);
  if (merged.value("status", "") != "active" && merged.value("status", "") != "paused")
    return fail(ErrorCode::conflict, fmt::format("template {} is {}: it cannot change", id, merged.value("status", "")), "status");
  merged.merge_patch(patch);
  auto definition = strategy::parse_recurring_template(merged, strategy::TemplateSource::api);
  if (!definition) return std::unexpected(definition.error());
  if (auto updated = recurring.update(id, std::move(*definition)); !updated) return std::unexpected(updated.error());
  return template_json(recurring, id);
}

Result<Json> executions_json(const RecurringOrders& recurring, std::string_view id) {
  auto t = find_template(recurring, id);
  if (!t) return std::unexpected(t.error());
  Json j = strategy::to_json(**t);
  return Json{{"template_id", (*t)->id}, {"executions_count", (*t)->executions()}, {"history", j["history"]}};
}

class TemplateHandlers {
 public:
  TemplateHandlers(engine::EventLoop& loop, RecurringOrdersSource recurring, Nanoseconds timeout)
      : loop_(&loop), recurring_(std::move(recurring)), timeout_(timeout) {}

  // Runs `work` (Result<Json>(RecurringOrders&)) on the engine thread.
  template <class Work>
  Result<Json> run(Work work) const {
    return engine::call_on_engine<Json>(*loop_, timeout_, [source = recurring_, work = std::move(work)]() -> Result<Json> {
      RecurringOrders* recurring = source();
      if (recurring == nullptr) return fail(ErrorCode::unavailable, "recurring templates start once the engine trades", "templates");
      return work(*recurring);
    });
  }
  // run(), answered with `status` and the JSON, or with the error.
  template <class Work>
  ApiResponse answer(unsigned status, Work work) const {
    auto result = run(std::move(work));
    if (!result) return ApiResponse::error(result.error());
    return ApiResponse::json(status, *result);
  }

 private:
  engine::EventLoop* loop_;
  RecurringOrdersSource recurring_;
  Nanoseconds timeout_;
};

}  // namespace

std::vector<ApiRoute> template_routes(engine::EventLoop& loop, RecurringOrdersSource recurring, Nanoseconds timeout) {
  const TemplateHandlers h(loop, std::move(recurring), timeout);
  const std::string base(kTemplates);
  const std::string one = base + "/{id}";
  std::vector<ApiRoute> routes;
  routes.emplace_back("POST", base, AccessScope::trade, [h, base](const ApiRequest& r) {
    auto made = h.run([body = r.body](RecurringOrders& rec) { return created(rec, body); });
    if (!made) return ApiResponse::error(made.error());
    std::string location = base + "/" + (*made)["id"].get<std::string>();
    return ApiResponse::json(201, *made).with_header("Location", std::move(location));
  });
  routes.emplace_back("GET", base, AccessScope::read, [h](const ApiRequest&) {
    return h.answer(200, [](RecurringOrders& rec) -> Result<Json> {
      Json list = Json::array();
      for (const RecurringTemplate* t : rec.templates()) {
        Json j = strategy::to_json(*t);
        j["executions_count"] = t->executions();
        j.erase("history");  // GET /templates/{id}/executions has it
        list.push_back(std::move(j));
      }
      return Json{{"templates", std::move(list)}};
    });
  });
  routes.emplace_back("GET", one, AccessScope::read, [h](const ApiRequest& r) {
    return h.answer(200, [id = std::string(r.param("id"))](RecurringOrders& rec) { return template_json(rec, id); });
  });
  routes.emplace_back("PATCH", one, AccessScope::trade, [h](const ApiRequest& r) {
    return h.answer(200, [id = std::string(r.param("id")), body = r.body](RecurringOrders& rec) { return patched(rec, id, body); });
  });
  routes.emplace_back("DELETE", one, AccessScope::trade, [h](const ApiRequest& r) {
    return h.answer(200, [id = std::string(r.param("id"))](RecurringOrders& rec) -> Result<Json> {
      if (auto removed = rec.remove(id); !removed) return std::unexpected(removed.error());
      return Json{{"id", id}, {"deleted", true}};
    });
  });
  routes.emplace_back("POST", one + "/pause", AccessScope::trade, [h](const ApiRequest& r) {
    return h.answer(200, [id = std::string(r.param("id"))](RecurringOrders& rec) -> Result<Json> {
      if (auto paused = rec.pause(id); !paused) return std::unexpected(paused.error());
      return template_json(rec, id);
    });
  });
  routes.emplace_back("POST", one + "/resume", AccessScope::trade, [h](const ApiRequest& r) {
    return h.answer(200, [id = std::string(r.param("id"))](RecurringOrders& rec) -> Result<Json> {
      if (auto resumed = rec.resume(id); !resumed) return std::unexpected(resumed.error());
      return template_json(rec, id);
    });
  });
  routes.emplace_back("GET", one + "/executions", AccessScope::read, [h](const ApiRequest& r) {
    return h.answer(200, [id = std::string(r.param("id"))](RecurringOrders& rec) { return executions_json(rec, id); });
  });
  return routes;
}

}  // namespace nightdesk::api
