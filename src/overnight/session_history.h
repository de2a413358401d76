// Session history: append-only JSON-lines files (session-history.jsonl, checkpoints.jsonl), one record per line.
// Each append is one write(2) on an O_APPEND descriptor followed by fsync, so concurrent appenders never
// interleave and a crash loses at most the record being written. Callable from any thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/time.h"

namespace nightdesk::overnight {

// One agent session, as appended when it ends (B5).
struct SessionRecord {
  std::string run_id;
  std::int64_t session = 0;
  std::string role;  // "first", "continuation", "restart", "fix_tests"
  std::string task;  // the task the prompt named
  Timestamp started{}, ended{};
  std::optional<int> exit_code;
  std::optional<int> signal;
  std::string exit_class;  // finished, crashed, timed_out, stalled, rate_limited, signalled, over_budget, ...
  std::string reason;      // one line for a person
  int tasks_done_before = 0, tasks_done_after = 0;
  std::vector<std::string> commits;  // commits made during the session, oldest first
  double cost_usd = 0;
  std::string log;  // the session's log file
  std::string tests;       // the test gate after the session: TestRun::summary(), empty without tests.command
  std::string checkpoint;  // what the session-end checkpoint did: "tagged overnight/<run>/3", "nothing to commit", ...
  std::string rollback;    // the branch keeping the attempt when the work was rolled back, else empty
  std::vector<std::string> warnings;  // "memory: ...", "idle: ..." raised during the session
};

nlohmann::json to_json(const SessionRecord& record);

// Appends `record` as one line (creating the file and its directory when needed).
Status append_json_line(const std::filesystem::path& path, const nlohmann::json& record);
Status append_session_record(const std::filesystem::path& path, const SessionRecord& record);

struct JsonLines {
  std::vector<nlohmann::json> records;
  std::vector<int> bad_lines;  // 1-based numbers of lines that are not JSON objects (e.g. a torn last line)
};
// Reads every line; not_found when the file does not exist.
Result<JsonLines> read_json_lines(const std::filesystem::path& path);

}  // namespace nightdesk::overnight
