// SessionWatchdog: the periodic checks on one running session: activity (output, progress file, git), the
// process tree's memory and CPU, and the run's cost (the agent's reports or budget.cost_file). It decides
// warnings and kills; the session loop acts on them and records them. One owner (the session loop).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "overnight/activity_sampler.h"
#include "overnight/activity_tracker.h"
#include "overnight/exit_classifier.h"
#include "overnight/overnight_config.h"
#include "overnight/process_tree_sampler.h"

namespace nightdesk::overnight {

struct WatchdogWarning {
  std::string kind;  // memory, cpu, idle, cost
  std::string detail;
};

struct WatchdogVerdict {
  WatchdogKill kill = WatchdogKill::none;
  std::string reason;  // why it kills, for the log and the history
  std::vector<WatchdogWarning> warnings;  // each raised once per session (idle: once per quiet spell)
};

// The number in `path` (the cost so far in USD); parse_error when it holds something else.
Result<double> read_cost_file(const std::filesystem::path& path);

class SessionWatchdog {
 public:
  // `config` must outlive the watchdog; `root` is the session's process (its group is sampled);
  // `run_cost_before` is the run's cost when the session started; `git_repository` whether the work tree
  // can be fingerprinted with git.
  SessionWatchdog(const OvernightConfig& config, pid_t root, Timestamp started, double run_cost_before,
                  bool git_repository);

  void on_output(Timestamp t) { activity_.on_output(t); }
  // The runner committed or tagged (an interval checkpoint): that is not the agent's activity.
  void runner_changed_repository();

  // Samples and judges; call every watchdog.check_interval. `reported_cost` is the session's cost from the
  // agent's output so far. Runtime and stop requests are the session loop's business.
  WatchdogVerdict check(Timestamp now, double reported_cost);

  // The run's cost: budget.cost_file when configured and readable, else run_cost_before + reported_cost.
  double run_cost(double reported_cost) const;

 private:
  const OvernightConfig& c_;
  double cost_before_;
  ActivityTracker activity_;
  ActivitySampler sampler_;
  ProcessTreeSampler tree_;
  bool git_repository_;
  bool warned_memory_ = false, warned_cpu_ = false, warned_cost_ = false;
};

}  // namespace nightdesk::overnight
