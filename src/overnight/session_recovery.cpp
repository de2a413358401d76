// SessionLoop, when a runner resumes a run whose previous runner died (crash, kill -9): stops the agent that
// runner left behind, and settles the session it had in flight (spec B6). A session that was still running is
// recorded as interrupted (never as completed, and not as the agent's failure); one whose agent had already
// exited gets its post-session steps from the journaled facts.
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "overnight/session_history.h"
#include "overnight/session_loop.h"

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;

// Processes whose environment names this run and session (the agent and everything it started).
std::vector<pid_t> session_processes(const std::string& run_id, std::int64_t session) {
  const std::string run_var = "OVERNIGHT_RUN_ID=" + run_id;
  const std::string session_var = "OVERNIGHT_SESSION=" + std::to_string(session);
  std::vector<pid_t> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    if (std::stol(name) == static_cast<long>(::getpid())) continue;
    std::ifstream environ(entry.path() / "environ", std::ios::binary);
    bool run = false, numbered = false;
    for (std::string var; std::getline(environ, var, '\0');) {
      run = run || var == run_var;
      numbered = numbered || var == session_var;
    }
    if (run && numbered) found.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return found;
}

// Alive and not a zombie (an orphan's parent may be an init that does not reap it).
bool running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  std::getline(stat, text);
  const auto paren = text.rfind(')');
  return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] != 'Z';
}

bool any_alive(const std::vector<pid_t>& pids) { return std::any_of(pids.begin(), pids.end(), running); }

}  // namespace

void SessionLoop::stop_orphaned_agent() {
  if (!state_.in_flight || state_.in_flight->phase != "running") return;
  auto pids = session_processes(state_.run_id, state_.in_flight->number);
  if (pids.empty()) return;
  spdlog::warn("stopping {} process(es) of session {} left by the previous runner", pids.size(),
               state_.in_flight->number);
  auto signal_all = [&](int sig) {
    for (pid_t p : pids) {
      const pid_t group = ::getpgid(p);
      if (group > 1 && group != ::getpgrp()) ::kill(-group, sig);
      ::kill(p, sig);
    }
  };
  signal_all(SIGTERM);
  // The orphan has lost its runner and its output pipe; a short grace keeps the resume within seconds.
  const auto deadline = std::chrono::steady_clock::now() + std::min<std::chrono::milliseconds>(c_.agent.stop_grace, 2s);
  while (any_alive(pids) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  if (any_alive(pids)) signal_all(SIGKILL);
  // A git command of the agent's that was killed mid-way leaves its index lock behind; nothing else of this run
  // can hold it now, and every later git call would fail on it.
  const auto index_lock = c_.paths.workdir / ".git" / "index.lock";
  std::error_code ec;
  if (std::filesystem::remove(index_lock, ec)) {
    spdlog::warn("removed {} left by the stopped session", index_lock.string());
    const Timestamp t = RealClock().now();
    (void)record([&](RunState& s) { add_note(s, t, "removed a stale .git/index.lock left by the interrupted session"); });
  }
}

Result<std::optional<SessionLoop::SessionOutcome>> SessionLoop::recover_in_flight() {
  if (!state_.in_flight) return std::nullopt;
  const SessionInFlight flight = *state_.in_flight;
  if (flight.phase == "exited") {
    spdlog::info("session {} had ended when the previous runner stopped: finishing its post-session steps",
                 flight.number);
    journal(fmt::format("session {}", flight.number), "resumed");
    auto outcome = finish_session(flight);
    if (!outcome) return std::unexpected(outcome.error());
    return std::optional<SessionOutcome>(*outcome);
  }
  const Timestamp t = RealClock().now();
  const std::string reason =
      "interrupted: the runner stopped (crash or kill -9) while this session ran; not counted as completed";
  SessionRecord history;
  history.run_id = state_.run_id;
  history.session = flight.number;
  history.role = flight.role;
  history.task = flight.task;
  history.started = flight.started;
  history.ended = t;
  history.exit_class = "interrupted";
  history.reason = reason;
  history.tasks_done_before = flight.done_before;
  history.tasks_done_after = flight.done_before;
  history.log = flight.log;
  history.warnings = flight.warnings;
  auto lines = read_json_lines(c_.paths.history_file);
  const bool written = lines && std::any_of(lines->records.begin(), lines->records.end(), [&](const nlohmann::json& r) {
    return r.value("type", "") == "session" && r.value("run_id", "") == state_.run_id &&
           r.value("session", 0LL) == flight.number;
  });
  if (!written) {
    if (auto appended = append_session_record(c_.paths.history_file, history); !appended) {
      spdlog::warn("cannot append session history: {}", appended.error().message);
    }
  }
  spdlog::warn("session {} was interrupted by the previous runner's end; the next session continues its work",
               flight.number);
  auto recorded = record([&](RunState& s) {
    s.in_flight.reset();
    ++s.interrupted_sessions;
    s.journal.push_back({t, fmt::format("session {}", flight.number), "interrupted"});
    add_note(s, t, fmt::format("session {} {}", flight.number, reason));
  });
  if (!recorded) return std::unexpected(recorded.error());
  return std::nullopt;
}

}  // namespace nightdesk::overnight
