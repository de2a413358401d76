// libFuzzer target for the progress-file parser (B4): any bytes must parse without crashing, and the counts
// must agree with the tasks returned. Built by scripts/fuzz (clang; tests/fuzz/CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "overnight/progress_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nightdesk::overnight;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ProgressReport report = parse_progress(text);
  int total = 0;
  for (const auto& counts : report.by_priority) {
    if (counts.done + counts.pending + counts.in_progress + counts.skipped != counts.total) std::abort();
    total += counts.total;
  }
  if (total != report.overall.total || static_cast<std::size_t>(total) != report.tasks.size()) std::abort();
  for (const auto& task : report.tasks) {
    if (task.line <= 0 || task.text.empty()) std::abort();
  }
  for (const auto& bad : report.malformed) {
    if (bad.line <= 0) std::abort();
  }
  const ProgressTask* next = report.next_task();
  if (next != nullptr && next->state != TaskState::pending && next->state != TaskState::in_progress) std::abort();
  (void)evaluate_done(report, DoneRule{});
  return 0;
}
