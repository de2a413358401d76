// OvernightConfig: every key of overnight.yaml (spec B2) as a schema, and the loaded settings as plain values.
// overnight_schema() is built once and immutable; load_overnight_config is stateless; any thread may call both.
//
// Units are stated once here: times are std::chrono::milliseconds (keys named _hours/_minutes/_seconds take
// fractional numbers, so a test can say `max_idle_minutes: 0.05` for 3 s); money is USD as double;
// percentages are 0..100. Relative paths are resolved against `paths.workdir`, and a relative workdir against
// the directory of the configuration file.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/config_schema.h"
#include "common/env_expansion.h"
#include "common/error.h"

namespace nightdesk::overnight {

using Millis = std::chrono::milliseconds;

// Environment overrides are OVERNIGHT_<SECTION>_<KEY>, e.g. OVERNIGHT_SESSION_MAX_RUNTIME_HOURS=12.
inline constexpr std::string_view kEnvPrefix = "OVERNIGHT";

// The schema of overnight.yaml: sections session, budget, recovery, enforcement, notifications, watchdog,
// logging, paths, agent, tests, checkpoints, http, protocol. Each key carries its one-line description.
const ConfigSchema& overnight_schema();

struct SessionSettings {
  Millis max_runtime{};            // the whole run stops after this long
  Millis max_idle{};               // no output and no progress-file/git change for this long: stop the session
  Millis checkpoint_interval{};    // a checkpoint at least this often while a session runs
  std::int64_t max_continuation_attempts = 0;
  std::int64_t max_sessions = 0;              // 0: no limit
  std::int64_t max_agent_calls_per_hour = 0;  // 0: no limit
};

struct BudgetSettings {
  double max_cost_usd = 0;
  double warning_threshold_pct = 0;   // of max_cost_usd: warn
  double critical_threshold_pct = 0;  // of max_cost_usd: stop the run
  std::filesystem::path cost_file;    // empty: cost only from the agent's result records
};

struct RecoverySettings {
  std::int64_t max_restarts = 0;  // consecutive failed sessions before the run fails
  Millis backoff_base{};
  Millis backoff_max{};
  double backoff_jitter_pct = 0;
  Millis stable_run{};                  // a session at least this long resets the backoff
  std::int64_t pause_after_failures = 0;  // this many failures within pause_window pauses the run
  Millis pause_window{};
  Millis rate_limit_min_wait{};  // a usage-limit wake-up is clamped to [now + min, now + max]
  Millis rate_limit_max_wait{};
  std::vector<std::string> rate_limit_patterns;  // fallback text patterns when no structured signal exists
};

struct EnforcementSettings {
  bool continuous_mode = true;
  double min_completion_pct = 100;
  bool require_p0 = true, require_p1 = true, require_p2 = false;
};

struct NotificationSettings {
  std::string discord_webhook, slack_webhook;  // secrets; empty: channel off
  double idle_warning_pct = 70, cost_warning_pct = 80;
  bool enable_session_start = true, enable_checkpoints = true, enable_completion = true;
};

struct WatchdogSettings {
  Millis check_interval{};
  double memory_warning_pct = 80, memory_critical_pct = 90, cpu_warning_pct = 80;  // of the machine
};

struct PathSettings {
  std::filesystem::path workdir;          // the repository the agent works in (absolute after loading)
  std::filesystem::path state_file;       // unified state (B3); its locks sit beside it
  std::filesystem::path progress_file;    // the agent's Markdown task list (B4)
  std::filesystem::path session_notes;    // free-form handoff notes for the next session
  std::filesystem::path history_file;     // session-history.jsonl, one record per session
  std::filesystem::path checkpoint_history_file;  // checkpoint/rollback records
  std::filesystem::path log_dir;          // per-session stdout/stderr logs, under <log_dir>/<run id>/
};

struct AgentSettings {
  std::string command;                  // program name (looked up on PATH) or path; required
  std::vector<std::string> args;        // "{prompt}" in an argument is replaced; otherwise the prompt is appended
  std::string prompt;                   // first session's prompt template
  std::string continuation_prompt;      // later sessions' prompt template
  Millis stall{};                       // no output and no repository change for this long: kill the session
  Millis stop_grace{};                  // SIGTERM, then SIGKILL of the process group after this long
};

enum class OnRedBaseline { stop, fix_first };

struct TestSettings {
  std::string command;  // shell command; empty: no baseline and no test gate on checkpoints
  OnRedBaseline on_red = OnRedBaseline::stop;
  Millis timeout{};
};

enum class DirtyTreePolicy { stash, refuse };

struct CheckpointSettings {
  bool enabled = true;
  std::string tag_prefix;     // tags are <tag_prefix>/<run id>/<n>
  DirtyTreePolicy dirty_tree = DirtyTreePolicy::stash;
  bool rollback_on_regression = true;
  double min_free_disk_mb = 0;
};

struct HttpSettings {
  bool enabled = false;
  std::string bind;
  std::int64_t port = 0;
};

// progress_file: the Markdown task list decides when the run is done (B4). two_phase: an initializer session
// writes a feature registry, which is then frozen, and the runner's verification of it decides (B7).
enum class ProtocolMode { progress_file, two_phase };

struct ProtocolSettings {
  ProtocolMode mode = ProtocolMode::progress_file;
  std::string goal;                          // what the initializer plans for (two_phase)
  std::filesystem::path registry_file;       // the feature registry JSON the initializer writes
  std::filesystem::path setup_script;        // init.sh: the environment setup the initializer writes
  std::string initializer_template;          // the template text (the file's content, or the built-in one)
  std::string coding_template;
  Millis verify_timeout{};                   // bound of each feature verification command
  bool require_completion_signal = false;
  std::filesystem::path completion_signal_file;
};

struct LoggingSettings {
  std::string level;   // trace, debug, info, warning, error
  std::string format;  // text or json
};

struct OvernightConfig {
  SessionSettings session;
  BudgetSettings budget;
  RecoverySettings recovery;
  EnforcementSettings enforcement;
  NotificationSettings notifications;
  WatchdogSettings watchdog;
  LoggingSettings logging;
  PathSettings paths;
  AgentSettings agent;
  TestSettings tests;
  CheckpointSettings checkpoints;
  HttpSettings http;
  ProtocolSettings protocol;
  std::filesystem::path source;   // the file it came from
  std::optional<Config> raw;      // the loaded values with their origins (for `overnight check` and logs)
};

// Loads and validates `path` (+ environment overrides). Besides the per-key errors of load_config (file:line,
// key, expected form), cross-key rules are checked and named by both keys' origins: warning <= critical
// thresholds, backoff_base <= backoff_max, rate_limit_min_wait <= rate_limit_max_wait.
Result<OvernightConfig> load_overnight_config(const std::filesystem::path& path, const EnvLookup& env);
Result<OvernightConfig> load_overnight_config(const std::filesystem::path& path);

}  // namespace nightdesk::overnight
