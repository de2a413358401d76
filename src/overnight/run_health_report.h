// Readiness and health of a running runner (spec B8): GET /readyz (lock held, state loaded, agent command
// found, not paused) and GET /health as application/health+json (the IETF health-check draft: status pass, warn
// or fail, with one entry per check). Pure; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "overnight/overnight_config.h"
#include "overnight/run_state.h"

namespace nightdesk::overnight {

inline constexpr std::string_view kHealthContentType = "application/health+json";

struct RunnerFacts {
  Timestamp now{};
  bool lock_held = false;                 // this process holds the runner lock
  const RunState* state = nullptr;        // null: no state loaded yet
  std::optional<std::string> agent_path;  // the resolved agent command; empty: not found
  std::string agent_error;
};

struct HealthCheckEntry {
  std::string name;    // "runner:lock", "agent:command", …
  std::string status;  // pass, warn, fail
  std::string output;  // why, for a person
  std::optional<double> observed;
  std::string unit;
};

std::vector<HealthCheckEntry> runner_health_checks(const RunnerFacts& facts, const OvernightConfig& config);
// Ready: lock held, state loaded, agent command found and the run not paused; the reasons when not.
std::vector<std::string> readiness_problems(const RunnerFacts& facts);
// The health+json document; overall status is the worst check's.
nlohmann::json health_document(const std::vector<HealthCheckEntry>& checks, const RunnerFacts& facts);

}  // namespace nightdesk::overnight
