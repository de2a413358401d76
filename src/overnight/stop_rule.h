// Stop rule: when a run is complete (spec B4, B7). Completion rests only on facts the runner established itself
// (checkboxes it parsed, features whose verification it ran, its own last test run, a completion signal that
// names this run and the session that just ended); never on words in the agent's output or files.
// Pure functions; any thread may call them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "overnight/feature_registry.h"
#include "overnight/overnight_config.h"
#include "overnight/progress_file.h"

namespace nightdesk::overnight {

// The agent's explicit completion signal: a JSON file {"run_id": "...", "session": n} it writes with the
// values of OVERNIGHT_RUN_ID and OVERNIGHT_SESSION.
struct CompletionSignal {
  std::string run_id;
  std::int64_t session = 0;
};
// nullopt when the file is missing or is not that JSON object (a phrase such as "DONE" is no signal).
std::optional<CompletionSignal> read_completion_signal(const std::filesystem::path& path);

struct StopFacts {
  ProtocolMode mode = ProtocolMode::progress_file;
  DoneRule rule;
  const ProgressReport* progress = nullptr;         // progress_file mode
  const std::vector<Feature>* accepted = nullptr;   // two_phase: the frozen registry with runner-verified passes;
                                                    // nullptr before the initializer has frozen one
  std::optional<bool> tests_green;                  // the runner's last test run; nullopt without tests.command
  bool signal_required = false;
  std::optional<CompletionSignal> signal;
  std::string run_id;
  std::int64_t last_session = 0;  // the session that ended last; a signal from an earlier one is stale
};

struct StopVerdict {
  bool complete = false;
  std::string reason;  // why (not): "F2 (P0) not verified as passing", "tests red", "all 4 required features ..."
};

StopVerdict decide_completion(const StopFacts& facts);

}  // namespace nightdesk::overnight
