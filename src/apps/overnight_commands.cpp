#include "overnight_commands.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "common/atomic_file.h"
#include "common/file_lock.h"
#include "common/logging.h"
#include "overnight/child_process.h"
#include "overnight/feature_registry.h"
#include "overnight/overnight_config.h"
#include "overnight/progress_file.h"
#include "overnight/run_recordings.h"
#include "overnight/run_status_report.h"
#include "overnight/run_timeline.h"
#include "overnight/run_state_store.h"
#include "overnight/runner.h"

namespace nightdesk::overnight {
namespace {

Result<OvernightConfig> load_or_report(const std::filesystem::path& path, std::ostream& err) {
  auto config = load_overnight_config(path);
  if (!config) err << "overnight: invalid configuration:\n" << config.error().message << "\n";
  return config;
}

std::string local_host() {
  char buf[256] = {};
  return ::gethostname(buf, sizeof buf - 1) == 0 ? std::string(buf) : std::string();
}

// The runner recorded in the runner lock, when it is alive on this host and really is `overnight`.
std::optional<long> live_local_runner(const RunStateStore& store) {
  auto holder = FileLock::read_holder(store.runner_lock_path());
  if (!holder || holder->host != local_host() || holder->pid <= 0) return std::nullopt;
  if (::kill(static_cast<pid_t>(holder->pid), 0) != 0) return std::nullopt;
  std::ifstream cmdline("/proc/" + std::to_string(holder->pid) + "/cmdline");
  std::string argv0;
  std::getline(cmdline, argv0, '\0');
  if (argv0.find("overnight") == std::string::npos) return std::nullopt;
  return holder->pid;
}

// One line of `overnight check`.
struct CheckLine {
  bool ok;
  std::string what;
  std::string detail;
};

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

CheckLine check_git(const OvernightConfig& c) {
  std::string cmd = "git -C " + shell_quote(c.paths.workdir.string()) + " status --porcelain 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return {false, "repository", "cannot run git"};
  std::string output;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) output += buf;
  int rc = ::pclose(pipe);
  if (rc != 0) return {false, "repository", c.paths.workdir.string() + " is not a git work tree: " + output};
  if (output.empty()) return {true, "repository", c.paths.workdir.string() + " is clean"};
  bool stash = c.checkpoints.dirty_tree == DirtyTreePolicy::stash;
  return {stash, "repository",
          c.paths.workdir.string() + " has uncommitted changes" + (stash ? " (they will be stashed)" : " (dirty_tree: refuse)")};
}

// two_phase: the registry is valid, or absent (the initializer writes it, given a goal).
CheckLine check_registry(const OvernightConfig& c) {
  auto registry = read_feature_registry(c.protocol.registry_file);
  if (registry) {
    const auto passing = std::count_if(registry->begin(), registry->end(), [](const Feature& f) { return f.passes; });
    return {true, "feature registry", fmt::format("{} features ({} marked passing)", registry->size(), passing)};
  }
  if (registry.error().code != ErrorCode::not_found) return {false, "feature registry", registry.error().message};
  if (c.protocol.goal.empty()) {
    return {false, "feature registry", c.protocol.registry_file.string() + " does not exist and protocol.goal is empty"};
  }
  return {true, "feature registry", c.protocol.registry_file.string() + " does not exist yet (the initializer writes it)"};
}

std::vector<CheckLine> environment_checks(const OvernightConfig& c) {
  std::vector<CheckLine> lines;
  auto agent = find_executable(c.agent.command);
  lines.push_back(agent ? CheckLine{true, "agent command", agent->string()}
                        : CheckLine{false, "agent command", agent.error().message});
  std::error_code ec;
  if (!std::filesystem::is_directory(c.paths.workdir, ec)) {
    lines.push_back({false, "workdir", c.paths.workdir.string() + " is not a directory"});
    return lines;
  }
  lines.push_back(check_git(c));
  auto space = std::filesystem::space(c.paths.workdir, ec);
  double free_mb = ec ? 0 : static_cast<double>(space.available) / (1024.0 * 1024.0);
  lines.push_back({!ec && free_mb >= c.checkpoints.min_free_disk_mb, "disk space",
                   fmt::format("{:.0f} MB free (need {:g})", free_mb, c.checkpoints.min_free_disk_mb)});
  lines.push_back({true, "tests", c.tests.command.empty() ? "no tests.command: no baseline, no test gate"
                                                          : "baseline command: " + c.tests.command});
  RunStateStore store(c.paths.state_file);
  auto state = store.load();
  if (state) {
    lines.push_back({true, "state file",
                     fmt::format("run {} is {}{}", state->state.run_id, to_string(state->state.status),
                                 state->recovery_note.empty() ? "" : "; " + state->recovery_note)});
  } else if (state.error().code == ErrorCode::not_found) {
    lines.push_back({true, "state file", "none yet (" + c.paths.state_file.string() + ")"});
  } else {
    lines.push_back({false, "state file", state.error().message});
  }
  if (auto pid = live_local_runner(store)) {
    lines.push_back({true, "runner", fmt::format("a runner (pid {}) is active on this state file", *pid)});
  }
  if (c.protocol.mode == ProtocolMode::two_phase) lines.push_back(check_registry(c));
  auto progress = read_progress_file(c.paths.progress_file);
  if (!progress) {
    lines.push_back({true, "progress file", c.paths.progress_file.string() + " does not exist yet"});
  } else {
    bool clean = progress->malformed.empty();
    std::string detail = fmt::format("{} tasks, {:.0f}% done", progress->overall.total,
                                     progress->overall.completion_pct());
    for (const auto& bad : progress->malformed) {
      detail += fmt::format("\n       line {}: {} ({})", bad.line, bad.text, bad.why);
    }
    lines.push_back({clean, "progress file", detail});
  }
  return lines;
}

std::atomic<bool> g_stop_signal{false};
std::atomic<bool> g_reload_signal{false};
extern "C" void on_stop_signal(int) { g_stop_signal.store(true); }
extern "C" void on_reload_signal(int) { g_reload_signal.store(true); }

}  // namespace

int check_command(const std::filesystem::path& config_path, std::ostream& out, std::ostream& err) {
  auto config = load_or_report(config_path, err);
  if (!config) return kExitBadConfig;
  out << "ok   config: " << config_path.string() << " (" << config->raw->entries().size() << " keys)\n";
  bool all_ok = true;
  for (const auto& line : environment_checks(*config)) {
    out << (line.ok ? "ok   " : "FAIL ") << line.what << ": " << line.detail << "\n";
    all_ok &= line.ok;
  }
  return all_ok ? kExitOk : kExitProblem;
}

int status_command(const std::filesystem::path& config_path, StatusFormat format, std::ostream& out, std::ostream& err) {
  auto config = load_or_report(config_path, err);
  if (!config) return kExitBadConfig;
  RunStateStore store(config->paths.state_file);
  auto loaded = store.load();
  if (!loaded) {
    err << (loaded.error().code == ErrorCode::not_found ? "no run yet: " + config->paths.state_file.string() + " does not exist"
                                                        : loaded.error().message)
        << "\n";
    return kExitProblem;
  }
  if (!loaded->recovery_note.empty()) err << "warning: " << loaded->recovery_note << "\n";
  if (format == StatusFormat::state_json) {
    out << encode_run_state(loaded->state);
    return kExitOk;
  }
  auto progress = read_progress_file(config->paths.progress_file);
  StatusFacts facts;
  facts.now = RealClock().now();
  facts.runner_pid = live_local_runner(store);
  facts.progress = progress ? &*progress : nullptr;
  const nlohmann::json status = build_run_status(loaded->state, *config, facts);
  out << (format == StatusFormat::json ? status.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"
                                       : format_run_status(status));
  return kExitOk;
}

int timeline_command(const std::filesystem::path& config_path, const std::filesystem::path& html,
                     const std::filesystem::path& trace, std::ostream& out, std::ostream& err) {
  auto config = load_or_report(config_path, err);
  if (!config) return kExitBadConfig;
  if (html.empty() && trace.empty()) {
    err << "overnight timeline: name --out FILE.html, --trace FILE.json or both\n";
    return kExitProblem;
  }
  auto run = load_run_recordings(config->paths);
  if (!run) {
    err << (run.error().code == ErrorCode::not_found ? "no run yet: " + config->paths.state_file.string() + " does not exist"
                                                     : run.error().message)
        << "\n";
    return kExitProblem;
  }
  const Timestamp now = RealClock().now();
  for (const auto& [path, text] : {std::pair{html, html.empty() ? std::string() : render_timeline_html(*run, now)},
                                   std::pair{trace, trace.empty() ? std::string() : render_trace_events(*run, now).dump()}}) {
    if (path.empty()) continue;
    if (auto written = write_file_atomically(path, text); !written) {
      err << "cannot write " << path.string() << ": " << written.error().message << "\n";
      return kExitProblem;
    }
    out << "wrote " << path.string() << "\n";
  }
  if (run->unreadable_lines > 0) err << "warning: " << run->unreadable_lines << " history lines could not be read\n";
  return kExitOk;
}

int stop_command(const std::filesystem::path& config_path, std::ostream& out, std::ostream& err) {
  auto config = load_or_report(config_path, err);
  if (!config) return kExitBadConfig;
  RunStateStore store(config->paths.state_file);
  auto loaded = store.load();
  if (!loaded) {
    err << "no run to stop: " << loaded.error().message << "\n";
    return kExitProblem;
  }
  if (is_final(loaded->state.status)) {
    out << "run " << loaded->state.run_id << " already ended: " << to_string(loaded->state.status) << "\n";
    return kExitOk;
  }
  auto written = store.update([](RunState& s) {
    s.stop_requested = true;
    return ok();
  });
  if (!written) {
    err << "cannot record the stop request: " << written.error().message << "\n";
    return kExitProblem;
  }
  out << "stop requested for run " << loaded->state.run_id;
  if (auto pid = live_local_runner(store)) {
    ::kill(static_cast<pid_t>(*pid), SIGTERM);
    out << "; signalled runner pid " << *pid;
  }
  out << "\n";
  return kExitOk;
}

namespace {

int run_in_foreground(const std::filesystem::path& config_path, StartMode mode, std::ostream& out, std::ostream& err) {
  auto config = load_or_report(config_path, err);
  if (!config) return kExitBadConfig;
  auto level = parse_log_level(config->logging.level);
  configure_logging(config->logging.format == "json" ? LogFormat::json : LogFormat::text,
                    level ? *level : spdlog::level::info);
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  ::sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
  struct sigaction reload {};
  reload.sa_handler = on_reload_signal;
  ::sigemptyset(&reload.sa_mask);
  ::sigaction(SIGHUP, &reload, nullptr);
  Runner runner(*config, &g_stop_signal, &g_reload_signal, mode);
  auto outcome = runner.run();
  if (!outcome) {
    err << "overnight: " << outcome.error().message << "\n";
    return outcome.error().code == ErrorCode::conflict ? kExitLocked : kExitProblem;
  }
  out << "run " << outcome->run_id << " " << to_string(outcome->status) << ": " << outcome->reason << "\n";
  return outcome->status == RunStatus::completed ? kExitOk : kExitProblem;
}

}  // namespace

int run_command(const std::filesystem::path& config_path, std::ostream& out, std::ostream& err) {
  return run_in_foreground(config_path, StartMode::start_or_resume, out, err);
}

int resume_command(const std::filesystem::path& config_path, std::ostream& out, std::ostream& err) {
  return run_in_foreground(config_path, StartMode::resume_only, out, err);
}

}  // namespace nightdesk::overnight
