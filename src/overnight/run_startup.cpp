// SessionLoop, before the first session (spec B6): the health check, the baseline tests and the run's starting
// checkpoint. A resumed run repeats only what did not complete: the baseline when it never ended, the starting
// checkpoint when none was tagged.
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "overnight/run_health_check.h"
#include "overnight/session_history.h"
#include "overnight/session_loop.h"

namespace nightdesk::overnight {

std::optional<SessionLoop::Decision> SessionLoop::health_check() {
  journal("health_check", "begin");
  const HealthCheck check = run_health_check(c_, state_.run_id, resumed_);
  if (!check.failure.empty()) return Decision{RunStatus::failed, check.failure};
  agent_path_ = check.agent_path;
  is_git_ = check.git_repository;
  for (const auto& pattern : check.excluded) spdlog::info("added {} to .git/info/exclude", pattern);
  const Timestamp t = RealClock().now();
  (void)record([&](RunState& s) {
    if (check.stash_name) {
      s.pre_run_stash = *check.stash_name;
      add_note(s, t, "uncommitted changes found before the first session were stashed as " + *check.stash_name);
    }
    s.journal.push_back({t, "health_check", "end"});
  });
  if (check.stash_name) spdlog::warn("uncommitted changes stashed as {}", *check.stash_name);
  return std::nullopt;
}

std::optional<SessionLoop::Decision> SessionLoop::baseline_and_start_point() {
  if (resumed_ && is_git_) reconcile_checkpoints();
  std::optional<std::string> last_tag;
  if (state_.last_checkpoint) last_tag = state_.last_checkpoint->tag;
  keeper_.emplace(c_, state_.run_id, state_.checkpoint_count + 1, last_tag,
                  static_cast<std::int64_t>(state_.rollbacks.size()));
  cost_warned_ = std::any_of(state_.warnings.begin(), state_.warnings.end(),
                             [](const WarningRecord& w) { return w.kind == "cost"; });
  const bool baseline_done = state_.baseline.has_value() || c_.tests.command.empty();
  if (resumed_ && baseline_done) {
    // Still told to fix the tests when the baseline was red and no test run has passed since.
    fix_tests_ = state_.baseline && state_.baseline->action == "fix_first" && !state_.tests_green.value_or(false);
    if (fix_tests_) baseline_summary_ = state_.baseline->summary;
  }
  std::optional<TestRun> baseline;
  if (!(resumed_ && baseline_done)) {
    if (auto stop = run_baseline(baseline)) return stop;
  }
  if (is_git_ && c_.checkpoints.enabled && state_.checkpoint_count == 0) apply_gate(keeper_->start_point(0, baseline), 0);
  return std::nullopt;
}

// The tests before any session (red: stop, or tell the agent to fix them first).
std::optional<SessionLoop::Decision> SessionLoop::run_baseline(std::optional<TestRun>& baseline) {
  if (c_.tests.command.empty()) return std::nullopt;
  journal("baseline", "begin");
  auto tests = keeper_->run_tests_now("baseline");
  if (!tests) return Decision{RunStatus::failed, "cannot run the baseline tests: " + tests.error().message};
  baseline = *tests;
  const bool stop = !tests->passed && c_.tests.on_red == OnRedBaseline::stop;
  const std::string action = tests->passed ? "proceed" : stop ? "stop" : "fix_first";
  const Timestamp t = RealClock().now();
  (void)record([&](RunState& s) {
    s.baseline = BaselineRecord{t, tests->passed, tests->summary(), action};
    s.tests_green = tests->passed;
    s.journal.push_back({t, "baseline", "end"});
  });
  nlohmann::json line = {{"type", "baseline"},          {"run_id", state_.run_id}, {"at", format_iso8601(t)},
                         {"command", c_.tests.command}, {"passed", tests->passed}, {"summary", tests->summary()},
                         {"action", action}};
  if (auto appended = append_json_line(c_.paths.history_file, line); !appended) {
    spdlog::warn("cannot append the baseline to the history: {}", appended.error().message);
  }
  if (stop) {
    return Decision{RunStatus::failed, "baseline tests are red (" + tests->summary() +
                                           "); tests.on_red is stop: fix them or set on_red: fix_first"};
  }
  if (!tests->passed) {
    fix_tests_ = true;
    baseline_summary_ = tests->summary();
    spdlog::warn("baseline tests are red ({}): the agent is told to fix them first", tests->summary());
  }
  return std::nullopt;
}

}  // namespace nightdesk::overnight
