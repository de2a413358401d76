#include "overnight/run_health_report.h"

#include <fmt/core.h>

#include "nightdesk_version.h"

namespace nightdesk::overnight {
namespace {

int severity(const std::string& status) { return status == "fail" ? 2 : status == "warn" ? 1 : 0; }

}  // namespace

std::vector<std::string> readiness_problems(const RunnerFacts& f) {
  std::vector<std::string> problems;
  if (!f.lock_held) problems.push_back("this process does not hold the runner lock");
  if (f.state == nullptr) problems.push_back("the state is not loaded yet");
  if (!f.agent_path) problems.push_back("agent command not found: " + f.agent_error);
  if (f.state != nullptr && f.state->status == RunStatus::paused)
    problems.push_back("the run is paused: " + f.state->end_reason);
  return problems;
}

std::vector<HealthCheckEntry> runner_health_checks(const RunnerFacts& f, const OvernightConfig& c) {
  std::vector<HealthCheckEntry> checks;
  checks.push_back({"runner:lock", f.lock_held ? "pass" : "fail",
                    f.lock_held ? "held by this process" : "not held by this process", std::nullopt, ""});
  checks.push_back({"agent:command", f.agent_path ? "pass" : "fail", f.agent_path ? *f.agent_path : f.agent_error,
                    std::nullopt, ""});
  if (f.state == nullptr) {
    checks.push_back({"state:loaded", "fail", "no state yet", std::nullopt, ""});
    return checks;
  }
  const RunState& s = *f.state;
  checks.push_back({"state:loaded", "pass", "run " + s.run_id, std::nullopt, ""});
  std::string status = "pass";
  if (s.status == RunStatus::failed) status = "fail";
  if (s.status == RunStatus::paused || s.status == RunStatus::waiting || s.status == RunStatus::stopping ||
      s.status == RunStatus::stopped) {
    status = "warn";
  }
  checks.push_back({"run:status", status,
                    std::string(to_string(s.status)) + (s.end_reason.empty() ? "" : ": " + s.end_reason), std::nullopt,
                    ""});
  checks.push_back(
      {"session:failures", s.consecutive_failures > 0 ? "warn" : "pass",
       fmt::format("{} consecutive failed sessions (limit {})", s.consecutive_failures, c.recovery.max_restarts),
       static_cast<double>(s.consecutive_failures), ""});
  if (s.baseline) {
    checks.push_back({"tests:baseline", s.baseline->passed ? "pass" : "warn",
                      s.baseline->summary + " (" + s.baseline->action + ")", std::nullopt, ""});
  }
  const double budget = c.budget.max_cost_usd;
  std::string cost = "pass";
  if (budget > 0 && s.cost_usd >= budget * c.budget.warning_threshold_pct / 100) cost = "warn";
  if (budget > 0 && s.cost_usd >= budget * c.budget.critical_threshold_pct / 100) cost = "fail";
  checks.push_back({"cost:budget", cost, fmt::format("${:.2f} of ${:.2f}", s.cost_usd, budget), s.cost_usd, "USD"});
  if (s.rate_limit_until && *s.rate_limit_until > f.now) {
    checks.push_back({"rate-limit:wait", "warn", "waiting until " + format_iso8601(*s.rate_limit_until),
                      std::chrono::duration<double>(*s.rate_limit_until - f.now).count(), "s"});
  }
  return checks;
}

nlohmann::json health_document(const std::vector<HealthCheckEntry>& checks, const RunnerFacts& f) {
  std::string overall = "pass";
  nlohmann::json entries = nlohmann::json::object();
  for (const auto& c : checks) {
    if (severity(c.status) > severity(overall)) overall = c.status;
    nlohmann::json e = {{"status", c.status}, {"output", c.output}, {"time", format_iso8601(f.now)}};
    if (c.observed) e["observedValue"] = *c.observed;
    if (!c.unit.empty()) e["observedUnit"] = c.unit;
    entries[c.name] = nlohmann::json::array({e});
  }
  nlohmann::json doc = {{"status", overall},
                        {"version", "1"},
                        {"releaseId", NIGHTDESK_VERSION},
                        {"serviceId", f.state != nullptr ? f.state->run_id : ""},
                        {"description", "overnight runner"},
                        {"checks", entries}};
  return doc;
}

}  // namespace nightdesk::overnight
