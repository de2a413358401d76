// The `overnight` subcommands (run, resume, status, stop, check, timeline): each loads the configuration, does its one job and
// returns the process exit code. Called once from main on the main thread.
//
// Exit codes: 0 success (check: everything ok; run: the work is done), 1 the command found a problem or the run
// ended without finishing, 2 the configuration is invalid, 3 another runner holds this state file.
#pragma once

#include <filesystem>
#include <ostream>

namespace nightdesk::overnight {

inline constexpr int kExitOk = 0;
inline constexpr int kExitProblem = 1;
inline constexpr int kExitBadConfig = 2;
inline constexpr int kExitLocked = 3;

// Validates the configuration and the environment (agent command, repository, disk, tests command, state file,
// progress file) without starting anything; one line per check.
int check_command(const std::filesystem::path& config_path, std::ostream& out, std::ostream& err);
// Prints the run's status — the document GET /status serves (run, session, progress by priority, restarts, limits
// used, last checkpoint, usage-limit wait, next action) — as text or JSON, or the state file's JSON itself.
enum class StatusFormat { text, json, state_json };
int status_command(const std::filesystem::path& config_path, StatusFormat format, std::ostream& out, std::ostream& err);
// Writes the run's timeline from the state and history files: an HTML page to `html` and/or Chrome Trace Event
// JSON (for Perfetto) to `trace`; an empty path is skipped, both empty is an error.
int timeline_command(const std::filesystem::path& config_path, const std::filesystem::path& html,
                     const std::filesystem::path& trace, std::ostream& out, std::ostream& err);
// Asks the running runner to stop: sets stop_requested in the state and signals the runner when it runs on
// this host. The runner stops its session cleanly and records the state.
int stop_command(const std::filesystem::path& config_path, std::ostream& out, std::ostream& err);
// Runs the job in the foreground until it completes, fails, pauses or is stopped. An unfinished run in the state
// file (interrupted, paused, a runner that died) is resumed; otherwise a new run starts.
int run_command(const std::filesystem::path& config_path, std::ostream& out, std::ostream& err);
// Resumes the state file's unfinished run only (never starts a new one): after a crash or kill -9 of the runner
// it continues from the last completed step. Exit 1 when there is no unfinished run.
int resume_command(const std::filesystem::path& config_path, std::ostream& out, std::ostream& err);

}  // namespace nightdesk::overnight
