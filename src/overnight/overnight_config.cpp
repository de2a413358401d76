#include "overnight/overnight_config.h"

#include <cmath>

#include <fmt/core.h>

#include "common/atomic_file.h"
#include "common/config_loader.h"
#include "overnight/session_prompt.h"

namespace nightdesk::overnight {
namespace {

using Text = std::string;
using TextList = std::vector<std::string>;
using Int = std::int64_t;

constexpr const char* kDefaultPrompt =
    "You are working unattended through the task list in {progress_file}. Work on the next task: {task} "
    "(priority {priority}). Keep {progress_file} up to date: mark a task [x] when it is done and verified, "
    "[~] while in progress, [-] when blocked (say why). Commit your work with clear messages. "
    "Write a short handoff note to {notes_file} before you stop.";
constexpr const char* kDefaultContinuation =
    "Continue the unattended work in {progress_file} (session {session}, {completion_pct}% done, {pending} tasks "
    "pending). Read {notes_file} for the previous session's handoff. Next task: {task} (priority {priority}). "
    "Keep {progress_file} up to date and commit your work.";

// Every key handle, declared once with its schema. Keys named *_hours, *_minutes or *_seconds are durations in
// that unit (read back by `millis` below); keys named *_pct are percentages, declared by `percent`.
struct Keys {
  ConfigSchema schema;

  ConfigKeyBuilder<double> percent(const char* section, const char* name, const char* meaning, double fallback) {
    return schema.number(section, name, meaning).defaults_to(fallback).range(0, 100);
  }

  ConfigKey<double> max_runtime_hours = schema.number("session", "max_runtime_hours",
      "The whole run stops after this many hours (fractions allowed)").defaults_to(10).range(0.0001, 168);
  ConfigKey<double> max_idle_minutes = schema.number("session", "max_idle_minutes",
      "A session with no output and no progress-file/git change for this long is stopped").defaults_to(30)
      .range(0.001, 1440);
  ConfigKey<double> checkpoint_interval_minutes = schema.number("session", "checkpoint_interval_minutes",
      "Checkpoint (tests, commit, tag) at least this often while a session runs").defaults_to(15)
      .range(0.001, 1440);
  ConfigKey<Int> max_continuation_attempts = schema.integer("session", "max_continuation_attempts",
      "Continuation sessions started when the agent stops with tasks left").defaults_to(20).range(0, 10000);
  ConfigKey<Int> max_sessions = schema.integer("session", "max_sessions",
      "Sessions per run, all kinds together; 0 means no limit").defaults_to(0).range(0, 100000);
  ConfigKey<Int> max_agent_calls_per_hour = schema.integer("session", "max_agent_calls_per_hour",
      "Agent sessions started in any 60 minutes; 0 means no limit").defaults_to(0).range(0, 100000);

  ConfigKey<double> max_cost_usd = schema.number("budget", "max_cost_usd",
      "Spending cap for the run in USD (from the agent's result records or the cost file)").defaults_to(50)
      .range(0, 1e6);
  ConfigKey<double> warning_threshold_pct = percent("budget", "warning_threshold_pct",
      "Warn when the cost reaches this % of max_cost_usd", 80);
  ConfigKey<double> critical_threshold_pct = percent("budget", "critical_threshold_pct",
      "Stop the run when the cost reaches this % of max_cost_usd", 95);
  ConfigKey<Text> cost_file = schema.text("budget", "cost_file",
      "Optional file holding the cost so far in USD (one number); empty: use the agent's reports").defaults_to("");

  ConfigKey<Int> max_restarts = schema.integer("recovery", "max_restarts",
      "Consecutive failed sessions before the run fails (a session that made progress resets it)")
      .defaults_to(5).range(0, 1000);
  ConfigKey<double> backoff_base_seconds = schema.number("recovery", "backoff_base_seconds",
      "Restart delay after the first failure; doubles per failure").defaults_to(30).range(0, 86400);
  ConfigKey<double> backoff_max_seconds = schema.number("recovery", "backoff_max_seconds",
      "Upper bound of the restart delay").defaults_to(600).range(0, 86400);
  ConfigKey<double> backoff_jitter_pct = percent("recovery", "backoff_jitter_pct",
      "Random spread of the restart delay, +/- this %", 20);
  ConfigKey<double> stable_run_seconds = schema.number("recovery", "stable_run_seconds",
      "A session that ran at least this long counts as stable and resets the backoff").defaults_to(120)
      .range(0, 86400);
  ConfigKey<Int> pause_after_failures = schema.integer("recovery", "pause_after_failures",
      "This many failures within pause_window_minutes pause the run (state `paused`) with an alert")
      .defaults_to(10).range(1, 1000);
  ConfigKey<double> pause_window_minutes = schema.number("recovery", "pause_window_minutes",
      "The window for pause_after_failures").defaults_to(30).range(0.001, 1440);
  ConfigKey<double> rate_limit_min_wait_seconds = schema.number("recovery", "rate_limit_min_wait_seconds",
      "Shortest wait after a usage-limit signal").defaults_to(60).range(0, 86400);
  ConfigKey<double> rate_limit_max_wait_hours = schema.number("recovery", "rate_limit_max_wait_hours",
      "Longest wait after a usage-limit signal").defaults_to(6).range(0, 48);
  ConfigKey<TextList> rate_limit_patterns = schema.text_list("recovery", "rate_limit_patterns",
      "Extra regexes (case-insensitive) for the agent CLI's own plain-text usage-limit messages, added to the "
      "built-in ones; the structured stream-json rate_limit_event is always preferred").defaults_to({});

  ConfigKey<bool> continuous_mode = schema.boolean("enforcement", "continuous_mode",
      "Start continuation sessions while tasks remain").defaults_to(true);
  ConfigKey<double> min_completion_pct = percent("enforcement", "min_completion_pct",
      "Completion % each required priority must reach for the run to be done", 100);
  ConfigKey<bool> require_p0 = schema.boolean("enforcement", "require_p0", "P0 tasks must be done").defaults_to(true);
  ConfigKey<bool> require_p1 = schema.boolean("enforcement", "require_p1", "P1 tasks must be done").defaults_to(true);
  ConfigKey<bool> require_p2 = schema.boolean("enforcement", "require_p2", "P2 tasks must be done")
      .defaults_to(false);

  ConfigKey<Text> discord_webhook = schema.text("notifications", "discord_webhook",
      "Discord incoming-webhook URL; empty: off").defaults_to("").secret();
  ConfigKey<Text> slack_webhook = schema.text("notifications", "slack_webhook",
      "Slack incoming-webhook URL; empty: off").defaults_to("").secret();
  ConfigKey<double> idle_warning_pct = percent("notifications", "idle_warning_pct",
      "Warn when idle time reaches this % of max_idle_minutes", 70);
  ConfigKey<double> cost_warning_pct = percent("notifications", "cost_warning_pct",
      "Notify when the cost reaches this % of max_cost_usd", 80);
  ConfigKey<bool> enable_session_start = schema.boolean("notifications", "enable_session_start",
      "Notify when the run starts").defaults_to(true);
  ConfigKey<bool> enable_checkpoints = schema.boolean("notifications", "enable_checkpoints",
      "Notify at each new checkpoint").defaults_to(true);
  ConfigKey<bool> enable_completion = schema.boolean("notifications", "enable_completion",
      "Notify when the run completes or fails").defaults_to(true);

  ConfigKey<double> check_interval_seconds = schema.number("watchdog", "check_interval_seconds",
      "How often limits (runtime, idle, stall, memory, CPU, cost) are checked").defaults_to(30).range(0.01, 3600);
  ConfigKey<double> memory_warning_pct = percent("watchdog", "memory_warning_pct",
      "Warn when the agent's process tree uses this % of the machine's memory", 80);
  ConfigKey<double> memory_critical_pct = percent("watchdog", "memory_critical_pct",
      "Stop the session when its process tree uses this % of the machine's memory", 90);
  ConfigKey<double> cpu_warning_pct = percent("watchdog", "cpu_warning_pct",
      "Warn when the agent's process tree uses this % of all CPUs", 80);

  ConfigKey<Text> log_level = schema.choice("logging", "level", {"TRACE", "DEBUG", "INFO", "WARNING", "ERROR"},
      "Runner log level").defaults_to("INFO");
  ConfigKey<Text> log_format = schema.choice("logging", "format", {"text", "json"},
      "Runner log format on stderr: text, or one JSON object per line").defaults_to("text");

  ConfigKey<Text> workdir = schema.text("paths", "workdir",
      "The repository the agent works in; relative to the configuration file's directory").defaults_to(".");
  ConfigKey<Text> state_file = schema.text("paths", "state_file",
      "Unified state JSON (locks and the last good copy sit beside it)").defaults_to(".overnight/state.json");
  ConfigKey<Text> progress_file = schema.text("paths", "progress_file",
      "The Markdown task list the agent maintains").defaults_to("PROGRESS.md");
  ConfigKey<Text> session_notes = schema.text("paths", "session_notes",
      "Handoff notes the agent writes for the next session").defaults_to(".overnight/session-notes.md");
  ConfigKey<Text> history_file = schema.text("paths", "history_file",
      "One JSON line per session").defaults_to(".overnight/session-history.jsonl");
  ConfigKey<Text> checkpoint_history_file = schema.text("paths", "checkpoint_history_file",
      "One JSON line per checkpoint or rollback").defaults_to(".overnight/checkpoints.jsonl");
  ConfigKey<Text> log_dir = schema.text("paths", "log_dir",
      "Per-session agent logs, in <log_dir>/<run id>/").defaults_to(".overnight/logs");

  ConfigKey<Text> agent_command = schema.text("agent", "command",
      "The agent program: a name on PATH, or a path (relative to this file); required, checked before the run starts");
  ConfigKey<TextList> agent_args = schema.text_list("agent", "args",
      "Arguments; an argument containing {prompt} gets the prompt, else the prompt is appended").defaults_to({});
  ConfigKey<Text> prompt = schema.text("agent", "prompt",
      "First session's prompt template, or @file to read it from a file").defaults_to(kDefaultPrompt);
  ConfigKey<Text> continuation_prompt = schema.text("agent", "continuation_prompt",
      "Later sessions' prompt template, or @file").defaults_to(kDefaultContinuation);
  ConfigKey<double> stall_minutes = schema.number("agent", "stall_minutes",
      "Kill a session's process group after this long without output or repository change").defaults_to(10)
      .range(0.001, 1440);
  ConfigKey<double> stop_grace_seconds = schema.number("agent", "stop_grace_seconds",
      "After SIGTERM, wait this long before SIGKILL of the process group").defaults_to(10).range(0, 600);

  ConfigKey<Text> tests_command = schema.text("tests", "command",
      "Shell command for the baseline and the checkpoint gate (e.g. ctest); empty: none").defaults_to("");
  ConfigKey<Text> tests_on_red = schema.choice("tests", "on_red", {"stop", "fix_first"},
      "Red baseline: stop the run, or tell the agent to fix the tests first").defaults_to("stop");
  ConfigKey<double> tests_timeout_minutes = schema.number("tests", "timeout_minutes",
      "A test run longer than this counts as failed").defaults_to(30).range(0.001, 1440);

  ConfigKey<bool> checkpoints_enabled = schema.boolean("checkpoints", "enabled",
      "Commit and tag the agent's work at checkpoints").defaults_to(true);
  ConfigKey<Text> tag_prefix = schema.text("checkpoints", "tag_prefix",
      "Checkpoint tags are <tag_prefix>/<run id>/<n>").defaults_to("overnight");
  ConfigKey<Text> dirty_tree = schema.choice("checkpoints", "dirty_tree", {"stash", "refuse"},
      "Uncommitted changes before the first session: stash them, or refuse to start").defaults_to("stash");
  ConfigKey<bool> rollback_on_regression = schema.boolean("checkpoints", "rollback_on_regression",
      "Roll back to the last checkpoint when tests got worse (the attempt is kept on a branch)")
      .defaults_to(true);
  ConfigKey<double> min_free_disk_mb = schema.number("checkpoints", "min_free_disk_mb",
      "Health check: free space needed in the work tree").defaults_to(500).range(0, 1e9);

  ConfigKey<bool> http_enabled =
      schema.boolean("http", "enabled", "Serve /livez, /readyz, /health, /status, /metrics, /timeline and /trace")
      .defaults_to(false);
  ConfigKey<Text> http_bind = schema.text("http", "bind", "Address to listen on (loopback by default)")
      .defaults_to("127.0.0.1");
  ConfigKey<Int> http_port = schema.integer("http", "port", "TCP port").defaults_to(8787).range(0, 65535);

  ConfigKey<Text> protocol_mode = schema.choice("protocol", "mode", {"progress_file", "two_phase"},
      "progress_file: the Markdown task list decides; two_phase: an initializer writes a feature registry that "
      "is then frozen and verified by the runner").defaults_to("progress_file");
  ConfigKey<Text> protocol_goal = schema.text("protocol", "goal",
      "two_phase: the goal the initializer session plans for, or @file").defaults_to("");
  ConfigKey<Text> registry_file = schema.text("protocol", "registry_file",
      "two_phase: the feature registry (JSON array) the initializer writes").defaults_to("features.json");
  ConfigKey<Text> setup_script = schema.text("protocol", "setup_script",
      "two_phase: the environment setup script the initializer writes").defaults_to("init.sh");
  ConfigKey<Text> initializer_template = schema.text("protocol", "initializer_template",
      "Template file for the initializer's prompt; empty: the built-in one").defaults_to("");
  ConfigKey<Text> coding_template = schema.text("protocol", "coding_template",
      "Template file for a coding session's prompt; empty: the built-in one").defaults_to("");
  ConfigKey<double> verify_timeout_minutes = schema.number("protocol", "verify_timeout_minutes",
      "Bound of each feature's verification command run by the runner").defaults_to(10).range(0.001, 1440);
  ConfigKey<bool> require_completion_signal = schema.boolean("protocol", "require_completion_signal",
      "The run completes only when, besides the rest, the last session wrote a fresh completion signal")
      .defaults_to(false);
  ConfigKey<Text> completion_signal_file = schema.text("protocol", "completion_signal_file",
      "The completion signal: JSON {\"run_id\": ..., \"session\": n} naming this run and the session")
      .defaults_to(".overnight/completion.json");
};

const Keys& keys() {
  static const Keys instance;
  return instance;
}

// A duration key's value in milliseconds; the unit is the one its name ends in, so a key cannot be read in the
// wrong unit. Every number key with such a name is covered by a test (overnight_config_test).
Millis millis(const Config& c, const ConfigKey<double>& key) {
  const std::string& name = key.name();
  const double per_unit = name.ends_with("_hours")     ? 3'600'000.0
                          : name.ends_with("_minutes") ? 60'000.0
                          : name.ends_with("_seconds") ? 1'000.0
                                                       : 0.0;  // not a duration key: a declaration mistake
  return Millis{static_cast<Millis::rep>(std::llround(c.get(key) * per_unit))};
}

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& p) {
  std::filesystem::path path(p);
  return (path.is_absolute() ? path : base / path).lexically_normal();
}

// A command with a slash but not absolute (./agent.sh) is a path relative to the configuration file's
// directory, like the template files: the agent runs in the work tree, so it must not depend on the directory the
// runner was started from. A bare name is looked up on PATH when the run starts.
std::string agent_command(const std::string& command, const std::filesystem::path& base) {
  if (command.find('/') == std::string::npos) return command;
  return resolve(base, command).string();
}

// "overnight.yaml:7" or "default" or "env OVERNIGHT_...", for cross-key messages.
template <class T>
std::string where(const Config& config, const ConfigKey<T>& key) {
  auto origin = config.origin(key.section(), key.name());
  return origin ? origin->describe() : "?";
}

template <class T>
void require_not_above(const Config& config, const ConfigKey<T>& low, const ConfigKey<T>& high,
                       std::vector<std::string>& problems) {
  if (config.get(low) <= config.get(high)) return;
  problems.push_back(fmt::format("{}: {} ({}) must not be above {} ({}, {})", where(config, low), low.path(),
                                 config.get(low), high.path(), config.get(high), where(config, high)));
}

Status check_cross_keys(const Config& config) {
  const Keys& k = keys();
  std::vector<std::string> problems;
  require_not_above(config, k.warning_threshold_pct, k.critical_threshold_pct, problems);
  require_not_above(config, k.memory_warning_pct, k.memory_critical_pct, problems);
  require_not_above(config, k.backoff_base_seconds, k.backoff_max_seconds, problems);
  if (config.get(k.rate_limit_min_wait_seconds) > config.get(k.rate_limit_max_wait_hours) * 3600) {
    problems.push_back(fmt::format("{}: recovery.rate_limit_min_wait_seconds is above rate_limit_max_wait_hours",
                                   where(config, k.rate_limit_min_wait_seconds)));
  }
  if (config.get(k.agent_command).empty()) {
    problems.push_back(fmt::format("{}: agent.command: must name the agent program", where(config, k.agent_command)));
  }
  if (problems.empty()) return ok();
  std::string message;
  for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p;
  return fail(ErrorCode::out_of_range, message, "config");
}

// A template given as "@path" is read from that file (relative to the config file's directory).
Result<std::string> template_text(const std::string& value, const std::filesystem::path& base, std::string_view key) {
  if (value.empty() || value.front() != '@') return value;
  auto text = read_file(resolve(base, value.substr(1)));
  if (!text) return fail(text.error().code, std::string(key) + ": " + text.error().message, std::string(key));
  return text;
}

// A template file's text (the built-in template when `key` is empty), with its placeholders checked.
Result<std::string> protocol_template(const Config& c, const ConfigKey<Text>& key, const std::filesystem::path& base,
                                      std::string_view built_in) {
  const std::string value = c.get(key);
  if (value.empty()) return std::string(built_in);
  auto text = read_file(resolve(base, value));
  if (!text) {
    return fail(ErrorCode::invalid_argument, fmt::format("{}: {}: {}", where(c, key), key.path(), text.error().message),
                key.path());
  }
  auto unknown = unknown_placeholders(*text, protocol_placeholders());
  if (!unknown.empty()) {
    std::string names;
    for (const auto& n : unknown) names += (names.empty() ? "{" : ", {") + n + "}";
    return fail(ErrorCode::invalid_argument,
                fmt::format("{}: {}: unknown placeholder {} in {} (known: goal, registry, registry_file, progress, "
                            "progress_file, handoff, notes_file, git_log, setup_script, feature_id, feature, "
                            "verification, priority, passing, total, session, run_id, signal_file)",
                            where(c, key), key.path(), names, value),
                key.path());
  }
  return text;
}

Result<ProtocolSettings> protocol_settings(const Config& c, const std::filesystem::path& base,
                                           const std::filesystem::path& workdir) {
  const Keys& k = keys();
  ProtocolSettings p;
  p.mode = c.get(k.protocol_mode) == "two_phase" ? ProtocolMode::two_phase : ProtocolMode::progress_file;
  auto goal = template_text(c.get(k.protocol_goal), base, "protocol.goal");
  if (!goal) return std::unexpected(goal.error());
  p.goal = *goal;
  p.registry_file = resolve(workdir, c.get(k.registry_file));
  p.setup_script = resolve(workdir, c.get(k.setup_script));
  auto init = protocol_template(c, k.initializer_template, base, default_initializer_template());
  if (!init) return std::unexpected(init.error());
  auto coding = protocol_template(c, k.coding_template, base, default_coding_template());
  if (!coding) return std::unexpected(coding.error());
  p.initializer_template = *init;
  p.coding_template = *coding;
  p.verify_timeout = millis(c, k.verify_timeout_minutes);
  p.require_completion_signal = c.get(k.require_completion_signal);
  p.completion_signal_file = resolve(workdir, c.get(k.completion_signal_file));
  if (c.get(k.registry_file).empty()) {
    return fail(ErrorCode::invalid_argument, fmt::format("{}: protocol.registry_file: must name a file",
                                                         where(c, k.registry_file)), "protocol.registry_file");
  }
  return p;
}

Result<OvernightConfig> to_settings(Config config, const std::filesystem::path& source) {
  const Keys& k = keys();
  const Config& c = config;
  OvernightConfig out;
  out.source = source;
  const std::filesystem::path base = std::filesystem::absolute(source).parent_path();

  out.session = {.max_runtime = millis(c, k.max_runtime_hours),
                 .max_idle = millis(c, k.max_idle_minutes),
                 .checkpoint_interval = millis(c, k.checkpoint_interval_minutes),
                 .max_continuation_attempts = c.get(k.max_continuation_attempts),
                 .max_sessions = c.get(k.max_sessions),
                 .max_agent_calls_per_hour = c.get(k.max_agent_calls_per_hour)};
  const std::filesystem::path workdir = resolve(base, c.get(k.workdir));
  out.budget = {.max_cost_usd = c.get(k.max_cost_usd),
                .warning_threshold_pct = c.get(k.warning_threshold_pct),
                .critical_threshold_pct = c.get(k.critical_threshold_pct),
                .cost_file = c.get(k.cost_file).empty() ? std::filesystem::path{} : resolve(workdir, c.get(k.cost_file))};
  out.recovery = {.max_restarts = c.get(k.max_restarts),
                  .backoff_base = millis(c, k.backoff_base_seconds),
                  .backoff_max = millis(c, k.backoff_max_seconds),
                  .backoff_jitter_pct = c.get(k.backoff_jitter_pct),
                  .stable_run = millis(c, k.stable_run_seconds),
                  .pause_after_failures = c.get(k.pause_after_failures),
                  .pause_window = millis(c, k.pause_window_minutes),
                  .rate_limit_min_wait = millis(c, k.rate_limit_min_wait_seconds),
                  .rate_limit_max_wait = millis(c, k.rate_limit_max_wait_hours),
                  .rate_limit_patterns = c.get(k.rate_limit_patterns)};
  out.enforcement = {.continuous_mode = c.get(k.continuous_mode),
                     .min_completion_pct = c.get(k.min_completion_pct),
                     .require_p0 = c.get(k.require_p0),
                     .require_p1 = c.get(k.require_p1),
                     .require_p2 = c.get(k.require_p2)};
  out.notifications = {.discord_webhook = c.get(k.discord_webhook),
                       .slack_webhook = c.get(k.slack_webhook),
                       .idle_warning_pct = c.get(k.idle_warning_pct),
                       .cost_warning_pct = c.get(k.cost_warning_pct),
                       .enable_session_start = c.get(k.enable_session_start),
                       .enable_checkpoints = c.get(k.enable_checkpoints),
                       .enable_completion = c.get(k.enable_completion)};
  out.watchdog = {.check_interval = millis(c, k.check_interval_seconds),
                  .memory_warning_pct = c.get(k.memory_warning_pct),
                  .memory_critical_pct = c.get(k.memory_critical_pct),
                  .cpu_warning_pct = c.get(k.cpu_warning_pct)};
  out.logging = {.level = c.get(k.log_level), .format = c.get(k.log_format)};
  out.paths = {.workdir = workdir,
               .state_file = resolve(workdir, c.get(k.state_file)),
               .progress_file = resolve(workdir, c.get(k.progress_file)),
               .session_notes = resolve(workdir, c.get(k.session_notes)),
               .history_file = resolve(workdir, c.get(k.history_file)),
               .checkpoint_history_file = resolve(workdir, c.get(k.checkpoint_history_file)),
               .log_dir = resolve(workdir, c.get(k.log_dir))};
  auto prompt = template_text(c.get(k.prompt), base, "agent.prompt");
  if (!prompt) return std::unexpected(prompt.error());
  auto continuation = template_text(c.get(k.continuation_prompt), base, "agent.continuation_prompt");
  if (!continuation) return std::unexpected(continuation.error());
  out.agent = {.command = agent_command(c.get(k.agent_command), base),
               .args = c.get(k.agent_args),
               .prompt = *prompt,
               .continuation_prompt = *continuation,
               .stall = millis(c, k.stall_minutes),
               .stop_grace = millis(c, k.stop_grace_seconds)};
  out.tests = {.command = c.get(k.tests_command),
               .on_red = c.get(k.tests_on_red) == "fix_first" ? OnRedBaseline::fix_first : OnRedBaseline::stop,
               .timeout = millis(c, k.tests_timeout_minutes)};
  out.checkpoints = {.enabled = c.get(k.checkpoints_enabled),
                     .tag_prefix = c.get(k.tag_prefix),
                     .dirty_tree = c.get(k.dirty_tree) == "refuse" ? DirtyTreePolicy::refuse : DirtyTreePolicy::stash,
                     .rollback_on_regression = c.get(k.rollback_on_regression),
                     .min_free_disk_mb = c.get(k.min_free_disk_mb)};
  out.http = {.enabled = c.get(k.http_enabled), .bind = c.get(k.http_bind), .port = c.get(k.http_port)};
  auto protocol = protocol_settings(c, base, workdir);
  if (!protocol) return std::unexpected(protocol.error());
  out.protocol = std::move(*protocol);
  out.raw.emplace(std::move(config));
  return out;
}

}  // namespace

const ConfigSchema& overnight_schema() { return keys().schema; }

Result<OvernightConfig> load_overnight_config(const std::filesystem::path& path, const EnvLookup& env) {
  auto config = load_config(overnight_schema(), path, kEnvPrefix, env);
  if (!config) return std::unexpected(config.error());
  if (auto cross = check_cross_keys(*config); !cross) return std::unexpected(cross.error());
  return to_settings(std::move(*config), path);
}

Result<OvernightConfig> load_overnight_config(const std::filesystem::path& path) {
  return load_overnight_config(path, process_environment());
}

}  // namespace nightdesk::overnight
