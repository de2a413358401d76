#include "overnight/session_watchdog.h"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "common/atomic_file.h"

namespace nightdesk::overnight {
namespace {

ActivityLimits limits_of(const OvernightConfig& c) {
  ActivityLimits limits;
  limits.idle_limit = c.session.max_idle;
  limits.stall_limit = c.agent.stall;
  limits.warning_pct = c.notifications.idle_warning_pct;
  return limits;
}

// git status on every tick of a millisecond test interval would dominate the run; a quarter second is
// still far below any stall limit that makes sense.
Millis sample_interval(const OvernightConfig& c) { return std::max(c.watchdog.check_interval, Millis(250)); }

}  // namespace

Result<double> read_cost_file(const std::filesystem::path& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  try {
    std::size_t used = 0;
    double value = std::stod(*text, &used);
    if (text->find_first_not_of(" \t\r\n", used) != std::string::npos || value < 0) throw std::invalid_argument("");
    return value;
  } catch (const std::exception&) {
    return fail(ErrorCode::parse_error, path.string() + " does not hold one non-negative number", "budget.cost_file");
  }
}

SessionWatchdog::SessionWatchdog(const OvernightConfig& config, pid_t root, Timestamp started, double run_cost_before,
                                 bool git_repository)
    : c_(config), cost_before_(run_cost_before), activity_(limits_of(config), started),
      sampler_(config.paths.progress_file, git_repository ? config.paths.workdir : std::filesystem::path(),
               sample_interval(config)),
      tree_(root), git_repository_(git_repository) {}

void SessionWatchdog::runner_changed_repository() {
  if (!git_repository_) return;
  if (auto fp = fingerprint_repository(c_.paths.workdir)) activity_.set_repository_baseline(*fp);
}

double SessionWatchdog::run_cost(double reported_cost) const {
  if (!c_.budget.cost_file.empty()) {
    if (auto from_file = read_cost_file(c_.budget.cost_file)) return *from_file;
  }
  return cost_before_ + reported_cost;
}

WatchdogVerdict SessionWatchdog::check(Timestamp now, double reported_cost) {
  WatchdogVerdict v;
  if (auto sampled = sampler_.sample_if_due(activity_, now); !sampled) {
    spdlog::debug("activity sample failed: {}", sampled.error().message);
  }
  const ActivityVerdict activity = activity_.check(now);
  if (activity.state == ActivityState::stalled) {
    v.kill = WatchdogKill::stall;
    v.reason = activity.reason;
  } else if (activity.state == ActivityState::idle) {
    v.kill = WatchdogKill::idle_limit;
    v.reason = activity.reason;
  } else if (activity.warn_now) {
    v.warnings.push_back({"idle", activity.reason});
  }

  const auto& w = c_.watchdog;
  if (auto sample = tree_.sample(); sample && sample->processes > 0) {
    const std::string memory = fmt::format("process tree ({} processes) uses {:.3g}% of memory ({} MiB)",
                                           sample->processes, sample->memory_pct, sample->rss_bytes >> 20);
    if (w.memory_critical_pct > 0 && sample->memory_pct >= w.memory_critical_pct && v.kill == WatchdogKill::none) {
      v.kill = WatchdogKill::memory_critical;
      v.reason = fmt::format("{}, critical at {:g}%", memory, w.memory_critical_pct);
    } else if (w.memory_warning_pct > 0 && sample->memory_pct >= w.memory_warning_pct && !warned_memory_) {
      warned_memory_ = true;
      v.warnings.push_back({"memory", fmt::format("{}, warning at {:g}%", memory, w.memory_warning_pct)});
    }
    if (sample->cpu_pct_of_host && w.cpu_warning_pct > 0 && *sample->cpu_pct_of_host >= w.cpu_warning_pct &&
        !warned_cpu_) {
      warned_cpu_ = true;
      v.warnings.push_back({"cpu", fmt::format("process tree uses {:.3g}% of all CPUs, warning at {:g}%",
                                               *sample->cpu_pct_of_host, w.cpu_warning_pct)});
    }
  }

  const auto& b = c_.budget;
  const double cost = run_cost(reported_cost);
  if (b.max_cost_usd > 0) {
    if (cost >= b.max_cost_usd * b.critical_threshold_pct / 100.0 && v.kill == WatchdogKill::none) {
      v.kill = WatchdogKill::cost_budget;
      v.reason = fmt::format("cost ${:.2f} reached {:g}% of ${:.2f}", cost, b.critical_threshold_pct, b.max_cost_usd);
    } else if (cost >= b.max_cost_usd * b.warning_threshold_pct / 100.0 && !warned_cost_) {
      warned_cost_ = true;
      v.warnings.push_back({"cost", fmt::format("cost ${:.2f} reached {:g}% of ${:.2f}", cost,
                                                b.warning_threshold_pct, b.max_cost_usd)});
    }
  }
  return v;
}

}  // namespace nightdesk::overnight
