// ProcessTreeSampler: memory and CPU use of a supervised child's whole process tree, read from /proc.
// Never sleeps: CPU % comes from the difference between successive samples. One owner thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>

#include "common/error.h"

namespace nightdesk::overnight {

struct ProcessTreeSample {
  int processes = 0;            // live members of the tree (zombies not counted)
  std::uint64_t rss_bytes = 0;  // summed resident set size
  double memory_pct = 0;        // rss_bytes as % of MemTotal
  // CPU time used since the previous sample over the wall time between them: 100 = one core busy.
  // Empty on the first sample. Includes children reaped inside the tree (a build's compilers).
  std::optional<double> cpu_pct;
  std::optional<double> cpu_pct_of_host;  // cpu_pct divided by the number of online cores
};

class ProcessTreeSampler {
 public:
  // The tree is every process in `root`'s process group plus every descendant of `root` by parent pid
  // (which catches one that moved to its own group). `proc_root` is replaceable for tests.
  explicit ProcessTreeSampler(pid_t root, std::filesystem::path proc_root = "/proc");

  // Reads the tree now. io_error only when the proc file system itself cannot be read; a tree that has
  // gone away is a sample with zero processes.
  Result<ProcessTreeSample> sample(std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

 private:
  struct ProcessKey {
    pid_t pid;
    std::uint64_t start_ticks;  // with the pid, tells a reused pid from the original
    auto operator<=>(const ProcessKey&) const = default;
  };
  pid_t root_;
  std::filesystem::path proc_root_;
  std::uint64_t mem_total_bytes_ = 0;
  std::map<ProcessKey, std::uint64_t> previous_ticks_;  // utime+stime+cutime+cstime per member
  std::optional<std::chrono::steady_clock::time_point> previous_time_;
};

}  // namespace nightdesk::overnight
