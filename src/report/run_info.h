// RunInfo: what a report says about how its backtest was run (config, data, overrides, strategies) and
// when the report was generated — the one field allowed to differ between two runs of the same input.
// Plain value; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"

namespace nightdesk::report {

struct RunInfo {
  std::string label = "backtest";       // a sweep variant's name ("risk.max_daily_loss_pct=5")
  std::string config_path;
  std::vector<std::string> data;        // replayed files, in the order given
  std::optional<std::uint64_t> synthetic_seed;  // set when the synthetic market was the data
  std::vector<std::string> overrides;   // "section.key=value", in the order given
  std::vector<std::string> strategies;  // attached strategies; empty: none (bot management only)
  Timestamp generated_at{};
};

}  // namespace nightdesk::report
