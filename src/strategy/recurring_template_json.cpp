#include "strategy/recurring_template_json.h"

#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "strategy/json_fields.h"
#include "strategy/template_registry.h"

namespace nightdesk::strategy {

// Value readers/writers for this file's types (found by argument-dependent lookup from json_fields.h).
Status read_json(const nlohmann::json& v, TemplateStatus& out, const std::string& field);
Status read_json(const nlohmann::json& v, EntryCondition& out, const std::string& field);
Status read_json(const nlohmann::json& v, RecurringPricing& out, const std::string& field);
Status read_json(const nlohmann::json& v, Schedule& out, const std::string& field);
Status read_json(const nlohmann::json& v, ExecutionRecord& out, const std::string& field);
nlohmann::json write_json(TemplateStatus v);
nlohmann::json write_json(const EntryCondition& v);
nlohmann::json write_json(const RecurringPricing& v);
nlohmann::json write_json(const Schedule& v);
nlohmann::json write_json(const ExecutionRecord& v);

namespace {

constexpr std::array<const char*, 7> kWeekdays{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

template <class E>
Status read_named(const nlohmann::json& v, E& out, std::optional<E> (*parse)(std::string_view), std::string_view expected,
                  const std::string& field) {
  auto parsed = v.is_string() ? parse(v.get<std::string>()) : std::nullopt;
  if (!parsed) return fail(ErrorCode::invalid_argument, fmt::format("expected {}, got {}", expected, v.dump()), field);
  out = *parsed;
  return ok();
}

Result<std::chrono::weekday> parse_weekday(const nlohmann::json& v, const std::string& field) {
  if (v.is_string())
    for (unsigned i = 0; i < kWeekdays.size(); ++i)
      if (v.get<std::string>() == kWeekdays[i]) return std::chrono::weekday{i};
  return fail(ErrorCode::invalid_argument, fmt::format("expected \"mon\" .. \"fri\", got {}", v.dump()), field);
}

template <class V>
void describe_template(V& v, RecurringTemplate& t) {
  v.optional("id", t.id);
  v.required("name", t.name);
  v.required("underlying", t.underlying);
  v.known("order");
  v.known("legs");
  v.optional("quantity", t.quantity);
  v.optional("pricing", t.pricing);
  v.required("schedule", t.schedule);
  v.optional("conditions", t.conditions);
  v.optional("expires_on", t.expires_on);
  v.optional("max_executions", t.max_executions);
  v.known("late_tolerance_minutes");
  v.optional("status", t.status);
  v.optional("created_at", t.created_at);
  v.optional("history", t.history);
}

Status read_order(const nlohmann::json& body, RecurringTemplate& t) {
  bool has_order = body.contains("order"), has_legs = body.contains("legs");
  if (has_order == has_legs) return fail(ErrorCode::invalid_argument, "give exactly one of \"order\" (a template) and \"legs\"", "order");
  if (has_legs) {
    auto legs = parse_manual_legs(body.at("legs"), "legs");
    if (!legs) return std::unexpected(legs.error());
    t.order = std::move(*legs);
    return ok();
  }
  const auto& order = body.at("order");
  if (!order.is_object()) return fail(ErrorCode::invalid_argument, "expected an object", "order");
  if (!order.contains("template") || !order.at("template").is_string())
    return fail(ErrorCode::invalid_argument, "is required (an order template name)", "order.template");
  nlohmann::json params = order;
  params.erase("template");
  auto parsed = parse_template_params(order.at("template").get<std::string>(), params, "order");
  if (!parsed) {
    Error e = parsed.error();
    if (e.field == "template") e.field = "order.template";
    return std::unexpected(e);
  }
  t.order = std::move(*parsed);
  return ok();
}

Status refuse_engine_fields(const nlohmann::json& body, const RecurringTemplate& t) {
  for (const char* key : {"id", "created_at", "history"})
    if (body.contains(key)) return fail(ErrorCode::invalid_argument, "is set by the engine", key);
  if (t.status != TemplateStatus::active && t.status != TemplateStatus::paused)
    return fail(ErrorCode::invalid_argument, "may only be \"active\" or \"paused\"", "status");
  return ok();
}

}  // namespace

Status read_json(const nlohmann::json& v, TemplateStatus& out, const std::string& field) {
  return read_named(v, out, parse_template_status, "\"active\", \"paused\", \"expired\" or \"completed\"", field);
}

Status read_json(const nlohmann::json& v, EntryCondition& out, const std::string& field) {
  if (!v.is_object()) return fail(ErrorCode::invalid_argument, "expected an object {\"metric\", \"op\", \"value\"}", field);
  JsonObjectReader r(v, field);
  std::string metric, op;
  r.required("metric", metric);
  r.required("op", op);
  r.required("value", out.threshold);
  if (auto s = r.finish(); !s) return s;
  auto m = parse_condition_metric(metric);
  if (!m)
    return fail(ErrorCode::invalid_argument,
                "expected iv_rank, iv_percentile, portfolio_delta, portfolio_gamma, portfolio_theta, portfolio_vega, underlying_price or rsi",
                join_field(field, "metric"));
  auto c = parse_comparison(op);
  if (!c) return fail(ErrorCode::invalid_argument, "expected <, <=, >, >=, below or above", join_field(field, "op"));
  out.metric = *m;
  out.op = *c;
  return ok();
}

Status read_json(const nlohmann::json& v, RecurringPricing& out, const std::string& field) {
  if (!v.is_object()) return fail(ErrorCode::invalid_argument, "expected an object {\"mode\", \"limit_price\"?}", field);
  JsonObjectReader r(v, field);
  std::string mode = std::string(to_string(out.mode));
  r.optional("mode", mode);
  r.optional("limit_price", out.limit_price);
  if (auto s = r.finish(); !s) return s;
  auto m = parse_pricing_mode(mode);
  if (!m) return fail(ErrorCode::invalid_argument, "expected \"limit\" or \"smart\"", join_field(field, "mode"));
  out.mode = *m;
  return ok();
}

Status read_json(const nlohmann::json& v, Schedule& out, const std::string& field) {
  if (!v.is_object()) return fail(ErrorCode::invalid_argument, "expected an object {\"kind\", \"time\", ...}", field);
  JsonObjectReader r(v, field);
  std::string kind, time = "10:00";
  r.required("kind", kind);
  if (r.failed()) return r.finish();
  auto k = parse_schedule_kind(kind);
  if (!k) return fail(ErrorCode::invalid_argument, "expected daily, weekly, monthly or conditional", join_field(field, "kind"));
  out.kind = *k;
  // Only the fields of this kind are accepted: a "weekdays" on a daily schedule is a mistake worth reporting.
  if (*k != ScheduleKind::conditional) r.required("time", time);
  if (*k == ScheduleKind::weekly) r.known("weekdays");
  if (*k == ScheduleKind::monthly) r.required("day", out.day_of_month);
  if (auto s = r.finish(); !s) return s;
  if (*k != ScheduleKind::conditional) {
    auto minutes = parse_time_of_day(time, join_field(field, "time"));
    if (!minutes) return std::unexpected(minutes.error());
    out.time_of_day = *minutes;
  }
  if (*k == ScheduleKind::weekly) {
    std::string wf = join_field(field, "weekdays");
    if (!v.contains("weekdays")) return fail(ErrorCode::invalid_argument, "is required", wf);
    const auto& days = v.at("weekdays");
    if (!days.is_array()) return fail(ErrorCode::invalid_argument, "expected an array such as [\"mon\", \"thu\"]", wf);
    out.weekdays.clear();
    for (std::size_t i = 0; i < days.size(); ++i) {
      auto day = parse_weekday(days[i], fmt::format("{}[{}]", wf, i));
      if (!day) return std::unexpected(day.error());
      out.weekdays.push_back(*day);
    }
  }
  if (auto valid = out.validate(); !valid) {
    Error e = valid.error();
    e.field = join_field(field, e.field);
    return std::unexpected(e);
  }
  return ok();
}

Status read_json(const nlohmann::json& v, ExecutionRecord& out, const std::string& field) {
  if (!v.is_object()) return fail(ErrorCode::invalid_argument, "expected an object", field);
  JsonObjectReader r(v, field);
  std::string outcome;
  r.required("time", out.time);
  r.optional("client_order_id", out.client_order_id);
  r.required("outcome", outcome);
  r.optional("reason", out.reason);
  if (auto s = r.finish(); !s) return s;
  auto o = parse_fire_outcome(outcome);
  if (!o) return fail(ErrorCode::invalid_argument, "expected submitted, filled, rejected, cancelled, skipped or missed", join_field(field, "outcome"));
  out.outcome = *o;
  return ok();
}

nlohmann::json write_json(TemplateStatus v) { return std::string(to_string(v)); }

nlohmann::json write_json(const EntryCondition& v) {
  return {{"metric", std::string(to_string(v.metric))}, {"op", std::string(to_string(v.op))}, {"value", v.threshold}};
}

nlohmann::json write_json(const RecurringPricing& v) {
  nlohmann::json out{{"mode", std::string(to_string(v.mode))}};
  if (v.limit_price) out["limit_price"] = write_json(*v.limit_price);
  return out;
}

nlohmann::json write_json(const Schedule& v) {
  nlohmann::json out{{"kind", std::string(to_string(v.kind))}};
  if (v.kind != ScheduleKind::conditional) out["time"] = format_time_of_day(v.time_of_day);
  if (v.kind == ScheduleKind::weekly) {
    out["weekdays"] = nlohmann::json::array();
    for (auto d : v.weekdays) out["weekdays"].push_back(kWeekdays[d.c_encoding() % 7]);
  }
  if (v.kind == ScheduleKind::monthly) out["day"] = v.day_of_month;
  return out;
}

nlohmann::json write_json(const ExecutionRecord& v) {
  nlohmann::json out{{"time", format_iso8601(v.time)}, {"outcome", std::string(to_string(v.outcome))}};
  if (!v.client_order_id.empty()) out["client_order_id"] = v.client_order_id;
  if (!v.reason.empty()) out["reason"] = v.reason;
  return out;
}

Result<RecurringTemplate> parse_recurring_template(const nlohmann::json& body, TemplateSource source) {
  RecurringTemplate t;
  auto read = read_object(body, "", t, [](JsonObjectReader& r, RecurringTemplate& x) { describe_template(r, x); });
  if (!read) return std::unexpected(read.error());
  if (auto s = read_order(body, t); !s) return std::unexpected(s.error());
  if (body.contains("late_tolerance_minutes")) {
    std::int64_t minutes = 0;
    if (auto s = read_json(body.at("late_tolerance_minutes"), minutes, "late_tolerance_minutes"); !s) return std::unexpected(s.error());
    t.late_tolerance = std::chrono::minutes{minutes};
  }
  if (source == TemplateSource::api)
    if (auto s = refuse_engine_fields(body, t); !s) return std::unexpected(s.error());
  if (auto valid = t.validate(); !valid) return std::unexpected(valid.error());
  return t;
}

nlohmann::json to_json(const RecurringTemplate& t) {
  nlohmann::json out = write_object(t, [](JsonObjectWriter& w, RecurringTemplate& x) { describe_template(w, x); });
  if (const auto* params = std::get_if<TemplateParams>(&t.order)) out["order"] = to_json(*params);
  else out["legs"] = to_json(std::get<std::vector<ManualLeg>>(t.order));
  out["late_tolerance_minutes"] = t.late_tolerance.count();
  return out;
}

}  // namespace nightdesk::strategy
