#include "overnight/run_state.h"

#include <array>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace nightdesk::overnight {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<RunStatus, std::string_view>, 8> kStatusNames{{
    {RunStatus::starting, "starting"},
    {RunStatus::running, "running"},
    {RunStatus::waiting, "waiting"},
    {RunStatus::paused, "paused"},
    {RunStatus::stopping, "stopping"},
    {RunStatus::completed, "completed"},
    {RunStatus::failed, "failed"},
    {RunStatus::stopped, "stopped"},
}};

// Thrown only inside decode and caught there: a field that is present but unusable.
struct BadField {
  std::string message;
};

std::string ts(Timestamp t) { return format_iso8601(t); }
Timestamp ts_from(const json& j, std::string_view name) {
  auto parsed = parse_iso8601(j.get<std::string>());
  if (!parsed) throw BadField{fmt::format("{}: {}", name, parsed.error().message)};
  return *parsed;
}
Timestamp ts_field(const json& obj, const char* name) {
  return obj.contains(name) ? ts_from(obj.at(name), name) : Timestamp{};
}

template <class T>
T field(const json& obj, const char* name, T fallback) {
  return obj.contains(name) ? obj.at(name).get<T>() : fallback;
}

template <class T>
void keep_last(std::vector<T>& items, std::size_t bound) {
  if (items.size() > bound) items.erase(items.begin(), items.end() - static_cast<std::ptrdiff_t>(bound));
}

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string checksum_of(const json& body) {
  return fmt::format("fnv1a64:{:016x}", fnv1a64(body.dump(-1, ' ', false, json::error_handler_t::replace)));
}

template <class T, class F>
json array_of(const std::vector<T>& items, F to_json_item) {
  json out = json::array();
  for (const auto& item : items) out.push_back(to_json_item(item));
  return out;
}

template <class T, class F>
std::vector<T> vector_of(const json& obj, const char* name, F from_json_item) {
  std::vector<T> out;
  if (!obj.contains(name)) return out;
  for (const auto& item : obj.at(name)) out.push_back(from_json_item(item));
  return out;
}

json optional_int(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }
std::optional<int> optional_int_from(const json& obj, const char* name) {
  if (!obj.contains(name) || obj.at(name).is_null()) return std::nullopt;
  return obj.at(name).get<int>();
}

json in_flight_json(const SessionInFlight& f) {
  return json{{"number", f.number}, {"role", f.role}, {"task", f.task}, {"started", ts(f.started)}, {"pid", f.pid},
              {"phase", f.phase}, {"done_before", f.done_before}, {"head_before", f.head_before}, {"log", f.log},
              {"ended", ts(f.ended)}, {"exit_code", optional_int(f.exit_code)}, {"signal", optional_int(f.signal)},
              {"exit_class", f.exit_class}, {"reason", f.reason}, {"cost_usd", f.cost_usd},
              {"stopped_by_runner", f.stopped_by_runner},
              {"rate_limit_wake", f.rate_limit_wake ? json(ts(*f.rate_limit_wake)) : json(nullptr)},
              {"warnings", f.warnings}};
}

SessionInFlight in_flight_from(const json& j) {
  SessionInFlight f;
  f.number = field<std::int64_t>(j, "number", 0);
  f.role = field<std::string>(j, "role", "");
  f.task = field<std::string>(j, "task", "");
  f.started = ts_field(j, "started");
  f.pid = field<std::int64_t>(j, "pid", 0);
  f.phase = field<std::string>(j, "phase", "running");
  f.done_before = field<int>(j, "done_before", 0);
  f.head_before = field<std::string>(j, "head_before", "");
  f.log = field<std::string>(j, "log", "");
  f.ended = ts_field(j, "ended");
  f.exit_code = optional_int_from(j, "exit_code");
  f.signal = optional_int_from(j, "signal");
  f.exit_class = field<std::string>(j, "exit_class", "");
  f.reason = field<std::string>(j, "reason", "");
  f.cost_usd = field<double>(j, "cost_usd", 0);
  f.stopped_by_runner = field<bool>(j, "stopped_by_runner", false);
  if (j.contains("rate_limit_wake") && !j.at("rate_limit_wake").is_null()) {
    f.rate_limit_wake = ts_from(j.at("rate_limit_wake"), "rate_limit_wake");
  }
  f.warnings = field<std::vector<std::string>>(j, "warnings", {});
  return f;
}

json to_body(const RunState& s) {
  json progress = {{"total", s.progress.total},
                   {"done", s.progress.done},
                   {"in_progress", s.progress.in_progress},
                   {"pending", s.progress.pending},
                   {"skipped", s.progress.skipped},
                   {"completion_pct", s.progress.completion_pct},
                   {"completion_pct_by_priority", s.progress.completion_pct_by_priority},
                   {"done_rule_met", s.progress.done_rule_met}};
  json j = {
      {"format", 1},
      {"run_id", s.run_id},
      {"status", to_string(s.status)},
      {"started_at", ts(s.started_at)},
      {"updated_at", ts(s.updated_at)},
      {"session", s.session},
      {"consecutive_failures", s.consecutive_failures},
      {"total_restarts", s.total_restarts},
      {"continuations_used", s.continuations_used},
      {"restarts", array_of(s.restarts, [](const RestartRecord& r) {
         return json{{"at", ts(r.at)}, {"session", r.session}, {"reason", r.reason}};
       })},
      {"checkpoint_count", s.checkpoint_count},
      {"progress", progress},
      {"cost_usd", s.cost_usd},
      {"notifications", array_of(s.notifications, [](const NotificationRecord& n) {
         return json{{"at", ts(n.at)}, {"event", n.event}, {"channel", n.channel}, {"result", n.result}};
       })},
      {"goal", s.goal},
      {"completed_tasks", array_of(s.completed_tasks, [](const CompletedTask& t) {
         return json{{"id", t.id}, {"text", t.text}, {"at", ts(t.at)}};
       })},
      {"current_task", s.current_task},
      {"continuations", array_of(s.continuations, [](const ContinuationRecord& c) {
         return json{{"at", ts(c.at)}, {"session", c.session}, {"reason", c.reason}};
       })},
      {"blockers", s.blockers},
      {"decisions", array_of(s.decisions, [](const DecisionRecord& d) {
         return json{{"at", ts(d.at)}, {"decision", d.decision}, {"rationale", d.rationale}};
       })},
      {"notes", array_of(s.notes, [](const NoteRecord& n) { return json{{"at", ts(n.at)}, {"text", n.text}}; })},
      {"agent_calls", array_of(s.agent_calls, [](Timestamp t) { return json(ts(t)); })},
      {"failure_times", array_of(s.failure_times, [](Timestamp t) { return json(ts(t)); })},
      {"stop_requested", s.stop_requested},
      {"end_reason", s.end_reason},
      {"journal", array_of(s.journal, [](const JournalEntry& e) {
         return json{{"at", ts(e.at)}, {"step", e.step}, {"phase", e.phase}};
       })},
  };
  j["last_checkpoint"] = s.last_checkpoint ? json{{"number", s.last_checkpoint->number},
                                                  {"tag", s.last_checkpoint->tag},
                                                  {"commit", s.last_checkpoint->commit},
                                                  {"at", ts(s.last_checkpoint->at)}}
                                           : json(nullptr);
  j["baseline"] = s.baseline ? json{{"at", ts(s.baseline->at)},
                                    {"passed", s.baseline->passed},
                                    {"summary", s.baseline->summary},
                                    {"action", s.baseline->action}}
                             : json(nullptr);
  j["pre_run_stash"] = s.pre_run_stash;
  j["rollbacks"] = array_of(s.rollbacks, [](const RollbackRecord& r) {
    return json{{"at", ts(r.at)}, {"session", r.session}, {"restored_tag", r.restored_tag},
                {"failed_branch", r.failed_branch}, {"reason", r.reason}};
  });
  j["warnings"] = array_of(s.warnings, [](const WarningRecord& w) {
    return json{{"at", ts(w.at)}, {"session", w.session}, {"kind", w.kind}, {"detail", w.detail}};
  });
  j["rate_limit_until"] = s.rate_limit_until ? json(ts(*s.rate_limit_until)) : json(nullptr);
  j["restart_at"] = s.restart_at ? json(ts(*s.restart_at)) : json(nullptr);
  j["last_backoff_s"] = s.last_backoff_s;
  j["backoff_total_s"] = s.backoff_total_s;
  j["in_flight"] = s.in_flight ? in_flight_json(*s.in_flight) : json(nullptr);
  j["interrupted_sessions"] = s.interrupted_sessions;
  j["tests_green"] = s.tests_green ? json(*s.tests_green) : json(nullptr);
  j["registry"] = s.registry ? json{{"frozen_at", ts(s.registry->frozen_at)}, {"session", s.registry->session},
                                    {"features", s.registry->features}, {"required", s.registry->required},
                                    {"passing", s.registry->passing},
                                    {"accepted", json::parse(s.registry->accepted, nullptr, false)}}
                             : json(nullptr);
  j["registry_events"] = array_of(s.registry_events, [](const RegistryEvent& e) {
    return json{{"at", ts(e.at)}, {"session", e.session}, {"text", e.text}};
  });
  return j;
}

RunState from_body(const json& j) {
  RunState s;
  s.run_id = field<std::string>(j, "run_id", "");
  auto status = parse_run_status(field<std::string>(j, "status", "starting"));
  if (!status) throw BadField{status.error().message};
  s.status = *status;
  s.started_at = ts_field(j, "started_at");
  s.updated_at = ts_field(j, "updated_at");
  s.session = field<std::int64_t>(j, "session", 0);
  s.consecutive_failures = field<std::int64_t>(j, "consecutive_failures", 0);
  s.total_restarts = field<std::int64_t>(j, "total_restarts", 0);
  s.continuations_used = field<std::int64_t>(j, "continuations_used", 0);
  s.restarts = vector_of<RestartRecord>(j, "restarts", [](const json& r) {
    return RestartRecord{ts_field(r, "at"), field<std::int64_t>(r, "session", 0), field<std::string>(r, "reason", "")};
  });
  s.checkpoint_count = field<std::int64_t>(j, "checkpoint_count", 0);
  if (j.contains("last_checkpoint") && !j.at("last_checkpoint").is_null()) {
    const json& c = j.at("last_checkpoint");
    s.last_checkpoint = CheckpointRecord{field<std::int64_t>(c, "number", 0), field<std::string>(c, "tag", ""),
                                         field<std::string>(c, "commit", ""), ts_field(c, "at")};
  }
  if (j.contains("progress")) {
    const json& p = j.at("progress");
    s.progress.total = field<std::int64_t>(p, "total", 0);
    s.progress.done = field<std::int64_t>(p, "done", 0);
    s.progress.in_progress = field<std::int64_t>(p, "in_progress", 0);
    s.progress.pending = field<std::int64_t>(p, "pending", 0);
    s.progress.skipped = field<std::int64_t>(p, "skipped", 0);
    s.progress.completion_pct = field<double>(p, "completion_pct", 0);
    s.progress.completion_pct_by_priority =
        field<std::map<std::string, double>>(p, "completion_pct_by_priority", {});
    s.progress.done_rule_met = field<bool>(p, "done_rule_met", false);
  }
  s.cost_usd = field<double>(j, "cost_usd", 0);
  s.notifications = vector_of<NotificationRecord>(j, "notifications", [](const json& n) {
    return NotificationRecord{ts_field(n, "at"), field<std::string>(n, "event", ""),
                              field<std::string>(n, "channel", ""), field<std::string>(n, "result", "")};
  });
  s.goal = field<std::string>(j, "goal", "");
  s.completed_tasks = vector_of<CompletedTask>(j, "completed_tasks", [](const json& t) {
    return CompletedTask{field<std::string>(t, "id", ""), field<std::string>(t, "text", ""), ts_field(t, "at")};
  });
  s.current_task = field<std::string>(j, "current_task", "");
  s.continuations = vector_of<ContinuationRecord>(j, "continuations", [](const json& c) {
    return ContinuationRecord{ts_field(c, "at"), field<std::int64_t>(c, "session", 0),
                              field<std::string>(c, "reason", "")};
  });
  s.blockers = field<std::vector<std::string>>(j, "blockers", {});
  s.decisions = vector_of<DecisionRecord>(j, "decisions", [](const json& d) {
    return DecisionRecord{ts_field(d, "at"), field<std::string>(d, "decision", ""),
                          field<std::string>(d, "rationale", "")};
  });
  s.notes = vector_of<NoteRecord>(j, "notes", [](const json& n) {
    return NoteRecord{ts_field(n, "at"), field<std::string>(n, "text", "")};
  });
  if (j.contains("rate_limit_until") && !j.at("rate_limit_until").is_null()) {
    s.rate_limit_until = ts_from(j.at("rate_limit_until"), "rate_limit_until");
  }
  if (j.contains("restart_at") && !j.at("restart_at").is_null()) {
    s.restart_at = ts_from(j.at("restart_at"), "restart_at");
  }
  s.last_backoff_s = field<double>(j, "last_backoff_s", 0);
  s.backoff_total_s = field<double>(j, "backoff_total_s", 0);
  s.agent_calls = vector_of<Timestamp>(j, "agent_calls", [](const json& t) { return ts_from(t, "agent_calls"); });
  s.failure_times =
      vector_of<Timestamp>(j, "failure_times", [](const json& t) { return ts_from(t, "failure_times"); });
  s.stop_requested = field<bool>(j, "stop_requested", false);
  s.end_reason = field<std::string>(j, "end_reason", "");
  s.journal = vector_of<JournalEntry>(j, "journal", [](const json& e) {
    return JournalEntry{ts_field(e, "at"), field<std::string>(e, "step", ""), field<std::string>(e, "phase", "")};
  });
  if (j.contains("baseline") && !j.at("baseline").is_null()) {
    const json& b = j.at("baseline");
    s.baseline = BaselineRecord{ts_field(b, "at"), field<bool>(b, "passed", false), field<std::string>(b, "summary", ""),
                                field<std::string>(b, "action", "")};
  }
  s.pre_run_stash = field<std::string>(j, "pre_run_stash", "");
  s.rollbacks = vector_of<RollbackRecord>(j, "rollbacks", [](const json& r) {
    return RollbackRecord{ts_field(r, "at"), field<std::int64_t>(r, "session", 0),
                          field<std::string>(r, "restored_tag", ""), field<std::string>(r, "failed_branch", ""),
                          field<std::string>(r, "reason", "")};
  });
  s.warnings = vector_of<WarningRecord>(j, "warnings", [](const json& w) {
    return WarningRecord{ts_field(w, "at"), field<std::int64_t>(w, "session", 0), field<std::string>(w, "kind", ""),
                         field<std::string>(w, "detail", "")};
  });
  if (j.contains("in_flight") && !j.at("in_flight").is_null()) s.in_flight = in_flight_from(j.at("in_flight"));
  s.interrupted_sessions = field<std::int64_t>(j, "interrupted_sessions", 0);
  if (j.contains("tests_green") && !j.at("tests_green").is_null()) s.tests_green = j.at("tests_green").get<bool>();
  if (j.contains("registry") && !j.at("registry").is_null()) {
    const json& r = j.at("registry");
    s.registry = RegistryRecord{ts_field(r, "frozen_at"), field<std::int64_t>(r, "session", 0),
                                field<std::int64_t>(r, "features", 0), field<std::int64_t>(r, "required", 0),
                                field<std::int64_t>(r, "passing", 0),
                                r.contains("accepted") ? r.at("accepted").dump() : std::string("[]")};
  }
  s.registry_events = vector_of<RegistryEvent>(j, "registry_events", [](const json& e) {
    return RegistryEvent{ts_field(e, "at"), field<std::int64_t>(e, "session", 0), field<std::string>(e, "text", "")};
  });
  return s;
}

}  // namespace

std::string_view to_string(RunStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) return name;
  }
  return "unknown";
}

Result<RunStatus> parse_run_status(std::string_view text) {
  for (const auto& [value, name] : kStatusNames) {
    if (name == text) return value;
  }
  return fail(ErrorCode::parse_error, fmt::format("unknown run status \"{}\"", text), "status");
}

bool is_final(RunStatus status) {
  return status == RunStatus::completed || status == RunStatus::failed || status == RunStatus::stopped;
}

void trim_histories(RunState& s) {
  keep_last(s.restarts, kMaxRestartRecords);
  keep_last(s.completed_tasks, kMaxCompletedTasks);
  keep_last(s.continuations, kMaxContinuations);
  keep_last(s.decisions, kMaxDecisions);
  keep_last(s.notes, kMaxNotes);
  keep_last(s.blockers, kMaxBlockers);
  keep_last(s.notifications, kMaxNotifications);
  keep_last(s.journal, kMaxJournal);
  keep_last(s.agent_calls, kMaxTimestampsKept);
  keep_last(s.failure_times, kMaxTimestampsKept);
  keep_last(s.rollbacks, kMaxRollbacks);
  keep_last(s.warnings, kMaxWarnings);
  keep_last(s.registry_events, kMaxRegistryEvents);
}

void add_note(RunState& state, Timestamp at, std::string text) {
  state.notes.push_back({at, std::move(text)});
  keep_last(state.notes, kMaxNotes);
}

void add_warning(RunState& state, WarningRecord warning) {
  state.warnings.push_back(std::move(warning));
  keep_last(state.warnings, kMaxWarnings);
}

std::string encode_run_state(const RunState& state) {
  json body = to_body(state);
  body["checksum"] = checksum_of(body);
  return body.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

Result<RunState> decode_run_state(std::string_view text) {
  json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return fail(ErrorCode::parse_error, "state is not a JSON object");
  auto it = body.find("checksum");
  if (it == body.end() || !it->is_string()) return fail(ErrorCode::parse_error, "state has no checksum");
  const std::string recorded = it->get<std::string>();
  body.erase(it);
  const std::string actual = checksum_of(body);
  if (recorded != actual) {
    return fail(ErrorCode::parse_error, fmt::format("state checksum mismatch (recorded {}, content {})", recorded, actual));
  }
  try {
    return from_body(body);
  } catch (const BadField& bad) {
    return fail(ErrorCode::parse_error, "state field: " + bad.message);
  } catch (const json::exception& e) {
    return fail(ErrorCode::parse_error, std::string("state field has the wrong type: ") + e.what());
  }
}

}  // namespace nightdesk::overnight
