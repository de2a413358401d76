// ProgressFile: the Markdown task list an agent maintains (spec B4), parsed into tasks with priority, state and
// line; counts and completion per priority; the next task; and the "done" rule. Pure functions on text; any
// thread may call them.
//
// Completion % of a group is done / total × 100 where total counts every task ([ ], [x], [~], [-]); a skipped
// or blocked task is not done, so it holds completion below 100 until a person lowers min_completion_pct.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace nightdesk::overnight {

enum class TaskPriority { p0 = 0, p1 = 1, p2 = 2, p3 = 3 };
inline constexpr std::size_t kPriorityCount = 4;
std::string_view to_string(TaskPriority priority);  // "P0".."P3"

enum class TaskState {
  pending,      // - [ ]
  done,         // - [x] or - [X]
  in_progress,  // - [~]
  skipped,      // - [-]  skipped or blocked
};
std::string_view to_string(TaskState state);

struct ProgressTask {
  std::string id;       // "1.1" from a leading **1.1**; empty when none
  std::string text;     // the rest of the line, trimmed
  TaskPriority priority = TaskPriority::p2;
  TaskState state = TaskState::pending;
  int line = 0;         // 1-based
  std::string section;  // the ## header's title, or "Uncategorized"
};

struct ProgressSection {
  std::string title;
  TaskPriority priority = TaskPriority::p2;
  bool explicit_priority = false;  // false: no P0-P3 token, defaulted to P2
  bool holds_tasks = true;         // false for GOAL, SESSION, BLOCKERS, CHECKPOINTS, SUMMARY, COMPLETED sections
  int line = 0;
};

struct MalformedLine {
  int line = 0;
  std::string text;
  std::string why;
};

struct TaskCounts {
  int total = 0, done = 0, in_progress = 0, pending = 0, skipped = 0;
  // done / total × 100; 0 when total is 0.
  double completion_pct() const { return total == 0 ? 0.0 : 100.0 * done / total; }
};

struct ProgressReport {
  std::string title;  // the first "# " line
  std::string goal;   // text of a "# GOAL ..." line, if any
  std::vector<ProgressSection> sections;
  std::vector<ProgressTask> tasks;
  std::vector<MalformedLine> malformed;
  int tasks_in_non_task_sections = 0;  // task-shaped lines under GOAL/SUMMARY/... that were not counted
  std::array<TaskCounts, kPriorityCount> by_priority{};
  TaskCounts overall;

  const TaskCounts& counts(TaskPriority p) const { return by_priority[static_cast<std::size_t>(p)]; }
  // The first unfinished task ([ ] or [~]) in document order among those of the highest priority that has one;
  // nullptr when none is unfinished.
  const ProgressTask* next_task() const;
};

ProgressReport parse_progress(std::string_view markdown);
// not_found when the file does not exist (which is not "done": see evaluate_done).
Result<ProgressReport> read_progress_file(const std::filesystem::path& path);

struct DoneRule {
  double min_completion_pct = 100;
  bool require_p0 = true, require_p1 = true, require_p2 = false;
};

struct DoneVerdict {
  bool done = false;
  std::string reason;  // "P1 at 50.0% < 100%", "no tasks in the progress file", "all required priorities at 100%"
};

// Done when the list has at least one task and every required priority is at min_completion_pct (a required
// priority with no tasks is satisfied). An empty task list is never done.
DoneVerdict evaluate_done(const ProgressReport& report, const DoneRule& rule);

}  // namespace nightdesk::overnight
