#include "overnight/run_recordings.h"

#include "overnight/run_state_store.h"
#include "overnight/session_history.h"

namespace nightdesk::overnight {
namespace {

Timestamp time_field(const nlohmann::json& j, const char* key, bool& good) {
  if (!j.contains(key) || !j[key].is_string()) {
    good = false;
    return {};
  }
  auto t = parse_iso8601(j[key].get<std::string>());
  if (!t) good = false;
  return t.value_or(Timestamp{});
}

template <class T>
T field(const nlohmann::json& j, const char* key, T fallback) {
  if (!j.contains(key)) return fallback;
  try {
    return j[key].is_null() ? fallback : j[key].get<T>();
  } catch (const nlohmann::json::exception&) {
    return fallback;
  }
}

}  // namespace

RunRecordings assemble_recordings(RunState state, const std::vector<nlohmann::json>& history,
                                  const std::vector<nlohmann::json>& checkpoints) {
  RunRecordings r;
  for (const auto& j : history) {
    if (!j.is_object() || field<std::string>(j, "run_id", "") != state.run_id) continue;
    if (field<std::string>(j, "type", "") != "session") continue;
    bool good = true;
    SessionSpan s;
    s.session = field<std::int64_t>(j, "session", 0);
    s.role = field<std::string>(j, "role", "");
    s.task = field<std::string>(j, "task", "");
    s.exit_class = field<std::string>(j, "exit_class", "");
    s.reason = field<std::string>(j, "reason", "");
    s.tests = field<std::string>(j, "tests", "");
    s.checkpoint = field<std::string>(j, "checkpoint", "");
    s.rollback = field<std::string>(j, "rollback", "");
    s.start = time_field(j, "start", good);
    s.end = time_field(j, "end", good);
    s.tasks_done_before = field<int>(j, "tasks_done_before", 0);
    s.tasks_done_after = field<int>(j, "tasks_done_after", 0);
    s.cost_usd = field<double>(j, "cost_usd", 0.0);
    if (!good || s.end < s.start) {
      ++r.unreadable_lines;
      continue;
    }
    r.sessions.push_back(std::move(s));
  }
  for (const auto& j : checkpoints) {
    if (!j.is_object() || field<std::string>(j, "run_id", "") != state.run_id) continue;
    bool good = true;
    GateMark g;
    g.at = time_field(j, "at", good);
    g.session = field<std::int64_t>(j, "session", 0);
    g.type = field<std::string>(j, "type", "");
    g.trigger = field<std::string>(j, "trigger", "");
    g.outcome = field<std::string>(j, "outcome", "");
    g.tag = field<std::string>(j, g.type == "rollback" ? "restored_tag" : "tag", "");
    g.detail = field<std::string>(j, "reason", field<std::string>(j, "tests", ""));
    if (!good || (g.type != "checkpoint" && g.type != "rollback")) {
      ++r.unreadable_lines;
      continue;
    }
    r.gates.push_back(std::move(g));
  }
  r.state = std::move(state);
  return r;
}

Result<RunRecordings> load_run_recordings(const PathSettings& paths) {
  RunStateStore store(paths.state_file);
  auto loaded = store.load();
  if (!loaded) return std::unexpected(loaded.error());
  auto history = read_json_lines(paths.history_file);
  auto gates = read_json_lines(paths.checkpoint_history_file);
  RunRecordings r =
      assemble_recordings(std::move(loaded->state), history ? history->records : std::vector<nlohmann::json>{},
                          gates ? gates->records : std::vector<nlohmann::json>{});
  r.unreadable_lines +=
      static_cast<int>((history ? history->bad_lines.size() : 0) + (gates ? gates->bad_lines.size() : 0));
  return r;
}

}  // namespace nightdesk::overnight
