#include "overnight/run_status_report.h"

#include <fmt/core.h>

#include <chrono>

#include "overnight/feature_registry.h"

namespace nightdesk::overnight {
namespace {

using std::chrono::duration;

double seconds_between(Timestamp from, Timestamp to) { return duration<double>(to - from).count(); }

nlohmann::json limit(double used, double max) {
  return {{"used", used}, {"limit", max > 0 ? nlohmann::json(max) : nlohmann::json(nullptr)}};
}

std::string human_duration(double s) {
  if (s < 0) s = 0;
  const auto total = static_cast<long long>(s);
  if (total >= 3600) return fmt::format("{}h{:02}m", total / 3600, (total % 3600) / 60);
  if (total >= 60) return fmt::format("{}m{:02}s", total / 60, total % 60);
  return fmt::format("{}s", total);
}

nlohmann::json progress_json(const RunState& s, const StatusFacts& f) {
  nlohmann::json p;
  if (f.progress != nullptr) {
    const auto& o = f.progress->overall;
    p = {{"source", "progress_file"},           {"total", o.total},     {"done", o.done},
         {"in_progress", o.in_progress},        {"pending", o.pending}, {"skipped", o.skipped},
         {"completion_pct", o.completion_pct()}};
    nlohmann::json by = nlohmann::json::object();
    for (auto pr : {TaskPriority::p0, TaskPriority::p1, TaskPriority::p2, TaskPriority::p3}) {
      const auto& c = f.progress->counts(pr);
      if (c.total > 0)
        by[std::string(to_string(pr))] = {{"done", c.done}, {"total", c.total}, {"completion_pct", c.completion_pct()}};
    }
    p["by_priority"] = by;
    if (const auto* next = f.progress->next_task()) {
      p["next_task"] = {{"id", next->id},
                        {"text", next->text},
                        {"priority", std::string(to_string(next->priority))},
                        {"line", next->line}};
    } else {
      p["next_task"] = nullptr;
    }
  } else {
    const auto& o = s.progress;
    p = {{"source", "state"},
         {"total", o.total},
         {"done", o.done},
         {"in_progress", o.in_progress},
         {"pending", o.pending},
         {"skipped", o.skipped},
         {"completion_pct", o.completion_pct}};
    nlohmann::json by = nlohmann::json::object();
    for (const auto& [prio, pct] : o.completion_pct_by_priority) by[prio] = {{"completion_pct", pct}};
    p["by_priority"] = by;
    p["next_task"] = nullptr;
  }
  p["done_rule_met"] = s.progress.done_rule_met;
  return p;
}

// two_phase (B7): the frozen registry with the runner-verified `passes`: counts by priority, required ones, next.
nlohmann::json features_json(const RunState& s, const OvernightConfig& c) {
  if (!s.registry) return nullptr;
  auto features = parse_feature_registry(s.registry->accepted);
  if (!features) return nullptr;
  const DoneRule rule{c.enforcement.min_completion_pct, c.enforcement.require_p0, c.enforcement.require_p1,
                      c.enforcement.require_p2};
  std::int64_t passing = 0, required = 0, required_passing = 0;
  nlohmann::json by = nlohmann::json::object();
  for (const auto& f : *features) {
    const std::string prio(to_string(f.priority));
    if (!by.contains(prio)) by[prio] = {{"passing", 0}, {"total", 0}};
    by[prio]["total"] = by[prio]["total"].get<std::int64_t>() + 1;
    if (f.passes) by[prio]["passing"] = by[prio]["passing"].get<std::int64_t>() + 1;
    passing += f.passes ? 1 : 0;
    if (feature_required(f, rule)) {
      ++required;
      required_passing += f.passes ? 1 : 0;
    }
  }
  const Feature* next = next_feature(*features);
  return {{"total", features->size()},
          {"passing", passing},
          {"required", required},
          {"required_passing", required_passing},
          {"by_priority", by},
          {"next_feature", next ? nlohmann::json{{"id", next->id},
                                                 {"description", next->description},
                                                 {"priority", std::string(to_string(next->priority))}}
                                : nlohmann::json(nullptr)}};
}

std::int64_t calls_last_hour(const RunState& s, Timestamp now) {
  std::int64_t n = 0;
  for (Timestamp t : s.agent_calls) n += (now - t < std::chrono::hours(1) && t <= now) ? 1 : 0;
  return n;
}

}  // namespace

std::string next_action(const RunState& s, const StatusFacts& f) {
  if (is_final(s.status)) {
    return fmt::format("none: the run {}{}", to_string(s.status),
                       s.end_reason.empty() ? "" : " (" + s.end_reason + ")");
  }
  if (s.status == RunStatus::paused) {
    return "a person must look: " + s.end_reason + "; `overnight run` resumes the run";
  }
  if (!f.runner_pid) return "no runner is active: `overnight run` resumes the run";
  if (s.stop_requested || s.status == RunStatus::stopping) return "stop the current session and end the run";
  if (s.rate_limit_until && *s.rate_limit_until > f.now) {
    return fmt::format("wait for the usage limit until {} ({}), then start session {}",
                       format_iso8601(*s.rate_limit_until), human_duration(seconds_between(f.now, *s.rate_limit_until)),
                       s.session + 1);
  }
  if (s.restart_at && *s.restart_at > f.now) {
    return fmt::format("start session {} at {} after backoff ({})", s.session + 1, format_iso8601(*s.restart_at),
                       human_duration(seconds_between(f.now, *s.restart_at)));
  }
  if (s.status == RunStatus::waiting) return fmt::format("wait, then start session {}", s.session + 1);
  if (s.status == RunStatus::starting || s.session == 0) return "health check, baseline tests, then the first session";
  return fmt::format("supervise session {}{}", s.session, s.current_task.empty() ? "" : ": " + s.current_task);
}

nlohmann::json build_run_status(const RunState& s, const OvernightConfig& c, const StatusFacts& f) {
  const Timestamp end = is_final(s.status) ? s.updated_at : f.now;
  nlohmann::json j;
  j["run"] = {{"id", s.run_id},
              {"status", std::string(to_string(s.status))},
              {"started_at", format_iso8601(s.started_at)},
              {"updated_at", format_iso8601(s.updated_at)},
              {"runtime_s", seconds_between(s.started_at, end)},
              {"goal", s.goal},
              {"end_reason", s.end_reason},
              {"repository", c.paths.workdir.string()},
              {"stop_requested", s.stop_requested},
              {"runner", f.runner_pid ? nlohmann::json{{"active", true}, {"pid", *f.runner_pid}}
                                      : nlohmann::json{{"active", false}}}};
  j["session"] = {{"number", s.session},
                  {"current_task", s.current_task},
                  {"consecutive_failures", s.consecutive_failures},
                  {"continuations_used", s.continuations_used}};
  j["progress"] = progress_json(s, f);
  j["features"] = features_json(s, c);
  nlohmann::json recent = nlohmann::json::array();
  for (std::size_t i = s.restarts.size() > 5 ? s.restarts.size() - 5 : 0; i < s.restarts.size(); ++i) {
    recent.push_back({{"at", format_iso8601(s.restarts[i].at)},
                      {"session", s.restarts[i].session},
                      {"reason", s.restarts[i].reason}});
  }
  const bool backing_off = !is_final(s.status) && s.restart_at && *s.restart_at > f.now;
  j["restarts"] = {{"total", s.total_restarts},
                   {"consecutive_failures", s.consecutive_failures},
                   {"recent", recent},
                   {"backoff", {{"last_delay_s", s.last_backoff_s},
                                {"total_s", s.backoff_total_s},
                                {"until", backing_off ? nlohmann::json(format_iso8601(*s.restart_at)) : nullptr},
                                {"remaining_s", backing_off ? seconds_between(f.now, *s.restart_at) : 0.0}}}};
  const double budget = c.budget.max_cost_usd;
  nlohmann::json cost = limit(s.cost_usd, budget);
  cost["warning_at"] =
      budget > 0 ? nlohmann::json(budget * c.budget.warning_threshold_pct / 100) : nlohmann::json(nullptr);
  cost["critical_at"] =
      budget > 0 ? nlohmann::json(budget * c.budget.critical_threshold_pct / 100) : nlohmann::json(nullptr);
  j["limits"] = {
      {"runtime_s", limit(seconds_between(s.started_at, end), duration<double>(c.session.max_runtime).count())},
      {"sessions", limit(static_cast<double>(s.session), static_cast<double>(c.session.max_sessions))},
      {"cost_usd", cost},
      {"continuations",
       limit(static_cast<double>(s.continuations_used), static_cast<double>(c.session.max_continuation_attempts))},
      {"consecutive_failures",
       limit(static_cast<double>(s.consecutive_failures), static_cast<double>(c.recovery.max_restarts))},
      {"agent_calls_last_hour",
       limit(static_cast<double>(calls_last_hour(s, f.now)), static_cast<double>(c.session.max_agent_calls_per_hour))}};
  j["last_checkpoint"] = s.last_checkpoint ? nlohmann::json{{"number", s.last_checkpoint->number},
                                                            {"tag", s.last_checkpoint->tag},
                                                            {"commit", s.last_checkpoint->commit},
                                                            {"at", format_iso8601(s.last_checkpoint->at)}}
                                           : nlohmann::json(nullptr);
  j["checkpoints"] = s.checkpoint_count;
  j["rollbacks"] = s.rollbacks.size();
  if (s.rate_limit_until && *s.rate_limit_until > f.now) {
    j["rate_limit_wait"] = {{"until", format_iso8601(*s.rate_limit_until)},
                            {"remaining_s", seconds_between(f.now, *s.rate_limit_until)}};
  } else {
    j["rate_limit_wait"] = nullptr;
  }
  j["baseline"] = s.baseline ? nlohmann::json{{"at", format_iso8601(s.baseline->at)},
                                              {"passed", s.baseline->passed},
                                              {"summary", s.baseline->summary},
                                              {"action", s.baseline->action}}
                             : nlohmann::json(nullptr);
  nlohmann::json warnings = nlohmann::json::array();
  for (std::size_t i = s.warnings.size() > 5 ? s.warnings.size() - 5 : 0; i < s.warnings.size(); ++i) {
    warnings.push_back({{"at", format_iso8601(s.warnings[i].at)},
                        {"session", s.warnings[i].session},
                        {"kind", s.warnings[i].kind},
                        {"detail", s.warnings[i].detail}});
  }
  j["recent_warnings"] = warnings;
  j["next_action"] = next_action(s, f);
  return j;
}

namespace {

std::string used_of(const nlohmann::json& l, const std::string& unit_fmt) {
  const std::string used = fmt::format(fmt::runtime(unit_fmt), l["used"].get<double>());
  return used + "/" +
         (l["limit"].is_null() ? std::string("no limit")
                               : fmt::format(fmt::runtime(unit_fmt), l["limit"].get<double>()));
}

}  // namespace

std::string format_run_status(const nlohmann::json& j) {
  std::string out;
  const auto& run = j["run"];
  const std::string reason = run["end_reason"].get<std::string>();
  out += fmt::format("run {}: {}{}\n", run["id"].get<std::string>(), run["status"].get<std::string>(),
                     reason.empty() ? "" : " (" + reason + ")");
  out += fmt::format("repository {}\n", run["repository"].get<std::string>());
  out += fmt::format("started {}  updated {}  runtime {}\n", run["started_at"].get<std::string>(),
                     run["updated_at"].get<std::string>(), human_duration(run["runtime_s"].get<double>()));
  out += run["runner"]["active"].get<bool>()
             ? fmt::format("runner pid {} is active\n", run["runner"]["pid"].get<long>())
             : std::string("no runner active on this host\n");
  const auto& session = j["session"];
  out += fmt::format("session {}  restarts {} ({} consecutive failures)  continuations {}\n",
                     session["number"].get<std::int64_t>(), j["restarts"]["total"].get<std::int64_t>(),
                     session["consecutive_failures"].get<std::int64_t>(),
                     session["continuations_used"].get<std::int64_t>());
  const bool ended = j["next_action"].get<std::string>().starts_with("none");
  if (!ended && !session["current_task"].get<std::string>().empty())
    out += "current task: " + session["current_task"].get<std::string>() + "\n";
  const auto& p = j["progress"];
  const bool features = j.contains("features") && !j["features"].is_null();
  if (!features || p["total"].get<std::int64_t>() > 0) {  // two_phase keeps free-form notes, not a task list
    out += fmt::format("progress {} of {} tasks ({:.0f}%)", p["done"].get<std::int64_t>(),
                       p["total"].get<std::int64_t>(), p["completion_pct"].get<double>());
    for (const auto& [prio, c] : p["by_priority"].items()) {
      out += c.contains("total")
                 ? fmt::format("  {} {}/{}", prio, c["done"].get<std::int64_t>(), c["total"].get<std::int64_t>())
                 : fmt::format("  {} {:.0f}%", prio, c["completion_pct"].get<double>());
    }
    out += "\n";
  }
  if (!p["next_task"].is_null()) {
    out += fmt::format("next task: {} (line {})\n", p["next_task"]["text"].get<std::string>(),
                       p["next_task"]["line"].get<int>());
  }
  if (features) {
    const auto& fs = j["features"];
    out += fmt::format("features {} of {} passing (required {}/{})", fs["passing"].get<std::int64_t>(),
                       fs["total"].get<std::int64_t>(), fs["required_passing"].get<std::int64_t>(),
                       fs["required"].get<std::int64_t>());
    for (const auto& [prio, c] : fs["by_priority"].items())
      out += fmt::format("  {} {}/{}", prio, c["passing"].get<std::int64_t>(), c["total"].get<std::int64_t>());
    out += "\n";
    if (!fs["next_feature"].is_null()) {
      out += fmt::format("next feature: {} {}\n", fs["next_feature"]["id"].get<std::string>(),
                         fs["next_feature"]["description"].get<std::string>());
    }
  }
  if (j["restarts"]["backoff"]["until"].is_string()) {
    out += fmt::format("restart backoff until {} ({:.1f} s delay)\n", j["restarts"]["backoff"]["until"].get<std::string>(),
                       j["restarts"]["backoff"]["last_delay_s"].get<double>());
  }
  const auto& l = j["limits"];
  out += fmt::format(
      "limits: runtime {} h  sessions {}  cost {}  continuations {}  failures {}  agent calls/h {}\n",
      used_of(
          {{"used", l["runtime_s"]["used"].get<double>() / 3600},
           {"limit", l["runtime_s"]["limit"].is_null() ? nlohmann::json(nullptr)
                                                       : nlohmann::json(l["runtime_s"]["limit"].get<double>() / 3600)}},
          "{:.2f}"),
      used_of(l["sessions"], "{:.0f}"), used_of(l["cost_usd"], "${:.2f}"), used_of(l["continuations"], "{:.0f}"),
      used_of(l["consecutive_failures"], "{:.0f}"), used_of(l["agent_calls_last_hour"], "{:.0f}"));
  if (!j["last_checkpoint"].is_null()) {
    const auto& cp = j["last_checkpoint"];
    out += fmt::format("last checkpoint #{} {} at {}\n", cp["number"].get<std::int64_t>(), cp["tag"].get<std::string>(),
                       cp["at"].get<std::string>());
  }
  if (!j["baseline"].is_null()) {
    out += fmt::format("baseline tests {} ({})\n", j["baseline"]["summary"].get<std::string>(),
                       j["baseline"]["action"].get<std::string>());
  }
  if (!j["rate_limit_wait"].is_null()) {
    out += "waiting for a usage limit until " + j["rate_limit_wait"]["until"].get<std::string>() + "\n";
  }
  if (run["stop_requested"].get<bool>() && !j["next_action"].get<std::string>().starts_with("none"))
    out += "stop requested\n";
  for (const auto& w : j["recent_warnings"]) {
    out += fmt::format("warning ({}) session {}: {}\n", w["kind"].get<std::string>(), w["session"].get<std::int64_t>(),
                       w["detail"].get<std::string>());
  }
  out += "next action: " + j["next_action"].get<std::string>() + "\n";
  return out;
}

}  // namespace nightdesk::overnight
