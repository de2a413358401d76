// The settings of one `nightdesk backtest` run as the command line gives them: --set/--sweep assignments
// ("section.key=value") split into nightdesk.yaml overrides (applied through the config loader's
// environment layer, as NIGHTDESK_<SECTION>_<KEY>) and the command's own synthetic-market keys
// (synthetic.seed, .days, .spot, .model, .snapshots_per_day, .start). Pure; the command's thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/env_expansion.h"
#include "common/error.h"

namespace nightdesk::apps {

struct Assignment {
  std::string key;    // "risk.max_daily_loss_pct"
  std::string value;  // "5"
  std::string text() const { return key + "=" + value; }
};

// "section.key=value"; invalid_argument naming the text when the '=' or the section is missing.
Result<Assignment> parse_assignment(std::string_view text);
// "section.key=v1,v2,..." into one assignment per value (at least two; values are not lists).
Result<std::vector<Assignment>> parse_sweep(std::string_view text);

struct SyntheticSettings {
  std::uint64_t seed = 1;
  int days = 20;
  double spot = 580.0;
  std::string model = "gbm";  // gbm or heston
  int snapshots_per_day = 1;
  std::string start = "2025-01-02";
};

struct RunSettings {
  std::map<std::string, std::string> config_env;  // NIGHTDESK_... -> value
  SyntheticSettings synthetic;
};

// Applies one assignment: a synthetic.* key to `settings.synthetic` (checked), any other key must be a
// nightdesk.yaml key (not_found with a "did you mean" otherwise) and becomes its environment override
// (its value is checked when the config loads).
Status apply_assignment(const Assignment& assignment, RunSettings& settings);

// The overrides first, then the process environment.
EnvLookup environment_with(std::map<std::string, std::string> overrides);

}  // namespace nightdesk::apps
