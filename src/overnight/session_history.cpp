#include "overnight/session_history.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/atomic_file.h"

namespace nightdesk::overnight {

nlohmann::json to_json(const SessionRecord& r) {
  nlohmann::json j = {{"type", "session"},
                      {"run_id", r.run_id},
                      {"session", r.session},
                      {"role", r.role},
                      {"task", r.task},
                      {"start", format_iso8601(r.started)},
                      {"end", format_iso8601(r.ended)},
                      {"duration_s", std::chrono::duration<double>(r.ended - r.started).count()},
                      {"exit_code", r.exit_code ? nlohmann::json(*r.exit_code) : nlohmann::json(nullptr)},
                      {"signal", r.signal ? nlohmann::json(*r.signal) : nlohmann::json(nullptr)},
                      {"exit_class", r.exit_class},
                      {"reason", r.reason},
                      {"tasks_done_before", r.tasks_done_before},
                      {"tasks_done_after", r.tasks_done_after},
                      {"tasks_done", r.tasks_done_after - r.tasks_done_before},
                      {"commits", r.commits},
                      {"cost_usd", r.cost_usd},
                      {"log", r.log},
                      {"tests", r.tests},
                      {"checkpoint", r.checkpoint},
                      {"rollback", r.rollback},
                      {"warnings", r.warnings}};
  return j;
}

Status append_json_line(const std::filesystem::path& path, const nlohmann::json& record) {
  std::error_code ignored;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ignored);
  const std::string line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return fail(ErrorCode::io_error, "cannot open " + path.string() + ": " + std::strerror(errno));
  ssize_t n;
  do {
    n = ::write(fd, line.data(), line.size());
  } while (n < 0 && errno == EINTR);
  int err = errno;
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (n != static_cast<ssize_t>(line.size())) {
    return fail(ErrorCode::io_error, "cannot append to " + path.string() + ": " + std::strerror(n < 0 ? err : EIO));
  }
  if (!synced) return fail(ErrorCode::io_error, "cannot fsync " + path.string());
  return ok();
}

Status append_session_record(const std::filesystem::path& path, const SessionRecord& record) {
  return append_json_line(path, to_json(record));
}

Result<JsonLines> read_json_lines(const std::filesystem::path& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  JsonLines out;
  std::string_view rest = *text;
  int number = 0;
  while (!rest.empty()) {
    std::size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    ++number;
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      out.bad_lines.push_back(number);
    } else {
      out.records.push_back(std::move(j));
    }
  }
  return out;
}

}  // namespace nightdesk::overnight
