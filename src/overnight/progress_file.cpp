#include "overnight/progress_file.h"

#include <algorithm>
#include <cctype>

#include <fmt/core.h>

#include "common/atomic_file.h"

namespace nightdesk::overnight {
namespace {

constexpr std::string_view kUncategorized = "Uncategorized";
// Sections that describe the run rather than list work: task-shaped lines under them are history or context.
constexpr std::array<std::string_view, 11> kNonTaskSections{"GOAL",        "GOALS",      "SESSION", "SESSIONS",
                                                            "BLOCKERS",    "BLOCKER",    "CHECKPOINTS",
                                                            "CHECKPOINT",  "SUMMARY",    "COMPLETED", "DONE"};

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The first P0..P3 standing as a word anywhere in a header ("(P1 - High)", "Fixes P0 (8 tasks)", "(p2)").
std::optional<TaskPriority> priority_token(std::string_view header) {
  for (std::size_t i = 0; i + 1 < header.size(); ++i) {
    if (header[i] != 'P' && header[i] != 'p') continue;
    if (i > 0 && is_word_char(header[i - 1])) continue;
    char digit = header[i + 1];
    if (digit < '0' || digit > '3') continue;
    if (i + 2 < header.size() && is_word_char(header[i + 2])) continue;
    return static_cast<TaskPriority>(digit - '0');
  }
  return std::nullopt;
}

bool is_non_task_title(std::string_view title) {
  std::size_t end = 0;
  while (end < title.size() && std::isalpha(static_cast<unsigned char>(title[end]))) ++end;
  std::string first = upper(title.substr(0, end));
  return std::find(kNonTaskSections.begin(), kNonTaskSections.end(), first) != kNonTaskSections.end();
}

// "**1.1** text", "**T-3**: text" -> id and the text after it. A bold phrase with spaces is not an id.
std::pair<std::string, std::string> split_id(std::string_view text) {
  if (!text.starts_with("**")) return {"", std::string(text)};
  std::size_t close = text.find("**", 2);
  if (close == std::string_view::npos) return {"", std::string(text)};
  std::string_view id = text.substr(2, close - 2);
  bool id_like = !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
  });
  if (!id_like) return {"", std::string(text)};
  std::string_view rest = trim(text.substr(close + 2));
  while (!rest.empty() && (rest.front() == ':' || rest.front() == '-' || rest.front() == '.')) {
    rest = trim(rest.substr(1));
  }
  return {std::string(id), std::string(rest)};
}

// After a list marker ("-", "*", "+", "1.", "2)"), the rest of the line; nullopt when the line is no list item.
std::optional<std::string_view> after_list_marker(std::string_view line) {
  if (line.empty()) return std::nullopt;
  if (line.front() == '-' || line.front() == '*' || line.front() == '+') return trim(line.substr(1));
  std::size_t digits = 0;
  while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
  if (digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')')) {
    return trim(line.substr(digits + 1));
  }
  return std::nullopt;
}

enum class LineKind { other, task, malformed };

struct TaskLine {
  LineKind kind = LineKind::other;
  TaskState state = TaskState::pending;
  std::string body;
  std::string why;  // for malformed
};

// A list item starting with a short bracket is a task box; a longer bracket or one followed by "(" is a link.
TaskLine read_task_line(std::string_view trimmed) {
  auto item = after_list_marker(trimmed);
  if (!item || !item->starts_with('[')) return {};
  std::size_t close = item->find(']');
  if (close == std::string_view::npos) {
    if (item->size() <= 4) return {LineKind::malformed, {}, {}, "task box without a closing ]"};
    return {};
  }
  std::string_view box = item->substr(1, close - 1);
  std::string_view rest = item->substr(close + 1);
  if (box.size() > 3 || rest.starts_with('(')) return {};  // a Markdown link, not a task
  TaskLine out;
  if (box == " ") {
    out.state = TaskState::pending;
  } else if (box == "x" || box == "X") {
    out.state = TaskState::done;
  } else if (box == "~") {
    out.state = TaskState::in_progress;
  } else if (box == "-") {
    out.state = TaskState::skipped;
  } else {
    return {LineKind::malformed, {}, {},
            fmt::format("unknown task box [{}] (expected [ ], [x], [X], [~] or [-])", box)};
  }
  out.body = std::string(trim(rest));
  if (out.body.empty()) return {LineKind::malformed, {}, {}, "task has no text"};
  out.kind = LineKind::task;
  return out;
}

void count(TaskCounts& counts, TaskState state) {
  ++counts.total;
  switch (state) {
    case TaskState::pending: ++counts.pending; break;
    case TaskState::done: ++counts.done; break;
    case TaskState::in_progress: ++counts.in_progress; break;
    case TaskState::skipped: ++counts.skipped; break;
  }
}

// Parses one file line by line; holds the section the next task belongs to.
class ProgressParser {
 public:
  ProgressReport run(std::string_view text) {
    int number = 0;
    while (!text.empty()) {
      std::size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      read_line(line, ++number);
    }
    return std::move(report_);
  }

 private:
  void read_line(std::string_view raw, int number) {
    std::string_view line = trim(raw);
    if (line.starts_with("```") || line.starts_with("~~~")) {
      in_fence_ = !in_fence_;
      return;
    }
    if (in_fence_ || line.empty()) return;
    if (line.front() == '#') return read_header(line, number);
    TaskLine task = read_task_line(line);
    if (task.kind == LineKind::malformed) {
      report_.malformed.push_back({number, std::string(raw), task.why});
    } else if (task.kind == LineKind::task) {
      add_task(std::move(task), number);
    }
  }

  void read_header(std::string_view line, int number) {
    std::size_t level = 0;
    while (level < line.size() && line[level] == '#') ++level;
    if (level < line.size() && line[level] != ' ' && line[level] != '\t') return;  // "#tag": free text
    std::string_view title = trim(line.substr(level));
    if (level == 1) {
      if (report_.title.empty()) report_.title = std::string(title);
      if (upper(title).starts_with("GOAL") && (title.size() == 4 || !is_word_char(title[4]))) {
        std::string_view rest = trim(title.substr(4));
        if (rest.starts_with(':')) rest = trim(rest.substr(1));
        report_.goal = std::string(rest);
      }
      return;
    }
    auto token = priority_token(title);
    if (level > 2) {
      // A sub-header refines the priority of its section's tasks only when it names one.
      if (token && current_) current_priority_ = *token;
      return;
    }
    ProgressSection section{std::string(title), token.value_or(TaskPriority::p2), token.has_value(),
                            !is_non_task_title(title), number};
    report_.sections.push_back(section);
    current_ = section;
    current_priority_ = section.priority;
  }

  void add_task(TaskLine line, int number) {
    if (current_ && !current_->holds_tasks) {
      ++report_.tasks_in_non_task_sections;
      return;
    }
    auto [id, text] = split_id(line.body);
    // "- [ ] **2.1**" with nothing after the id is still work to do: dropping it could end a run early.
    if (text.empty()) text = id;
    ProgressTask task{std::move(id), std::move(text), current_ ? current_priority_ : TaskPriority::p2, line.state,
                      number, current_ ? current_->title : std::string(kUncategorized)};
    count(report_.by_priority[static_cast<std::size_t>(task.priority)], task.state);
    count(report_.overall, task.state);
    report_.tasks.push_back(std::move(task));
  }

  ProgressReport report_;
  std::optional<ProgressSection> current_;
  TaskPriority current_priority_ = TaskPriority::p2;
  bool in_fence_ = false;
};

bool unfinished(const ProgressTask& t) { return t.state == TaskState::pending || t.state == TaskState::in_progress; }

}  // namespace

std::string_view to_string(TaskPriority priority) {
  switch (priority) {
    case TaskPriority::p0: return "P0";
    case TaskPriority::p1: return "P1";
    case TaskPriority::p2: return "P2";
    case TaskPriority::p3: return "P3";
  }
  return "P?";
}

std::string_view to_string(TaskState state) {
  switch (state) {
    case TaskState::pending: return "pending";
    case TaskState::done: return "done";
    case TaskState::in_progress: return "in_progress";
    case TaskState::skipped: return "skipped";
  }
  return "unknown";
}

const ProgressTask* ProgressReport::next_task() const {
  const ProgressTask* best = nullptr;
  for (const auto& task : tasks) {
    if (!unfinished(task)) continue;
    if (best == nullptr || task.priority < best->priority) best = &task;
  }
  return best;
}

ProgressReport parse_progress(std::string_view markdown) { return ProgressParser().run(markdown); }

Result<ProgressReport> read_progress_file(const std::filesystem::path& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  return parse_progress(*text);
}

DoneVerdict evaluate_done(const ProgressReport& report, const DoneRule& rule) {
  if (report.overall.total == 0) {
    return {false, "no tasks in the progress file (the initializer has not run, or the file was lost)"};
  }
  const std::array<std::pair<TaskPriority, bool>, 3> required{
      {{TaskPriority::p0, rule.require_p0}, {TaskPriority::p1, rule.require_p1}, {TaskPriority::p2, rule.require_p2}}};
  for (const auto& [priority, needed] : required) {
    const TaskCounts& c = report.counts(priority);
    if (!needed || c.total == 0) continue;
    if (c.completion_pct() + 1e-9 < rule.min_completion_pct) {
      return {false, fmt::format("{} at {:.1f}% < {:g}% ({} of {} done)", to_string(priority), c.completion_pct(),
                                 rule.min_completion_pct, c.done, c.total)};
    }
  }
  return {true, fmt::format("every required priority at >= {:g}%", rule.min_completion_pct)};
}

}  // namespace nightdesk::overnight
