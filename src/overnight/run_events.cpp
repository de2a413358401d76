#include "overnight/run_events.h"

#include <fmt/core.h>

namespace nightdesk::overnight {
namespace {

// The entries of `after` that `before` did not have. Histories are bounded (oldest dropped first), so the new
// entries are those after the last entry `before` ended with.
template <class T, class Same>
std::vector<T> appended(const std::vector<T>* before, const std::vector<T>& after, Same same) {
  if (before == nullptr || before->empty()) return before == nullptr ? std::vector<T>{} : after;
  const T& last = before->back();
  for (std::size_t i = after.size(); i-- > 0;) {
    if (same(after[i], last)) return {after.begin() + static_cast<std::ptrdiff_t>(i) + 1, after.end()};
  }
  return after;  // everything `before` knew was trimmed away
}

RunEvent event(const RunState& s, const OvernightConfig& c, std::string kind, std::string title, std::string text,
               AlertSeverity severity) {
  AlertMessage m;
  m.title = fmt::format("overnight {}: {}", s.run_id, title);
  m.text = std::move(text);
  m.severity = severity;
  m.fields = {{"run", s.run_id}, {"repository", c.paths.workdir.string()}, {"session", std::to_string(s.session)}};
  if (s.progress.total > 0) {
    m.fields.push_back({"progress", fmt::format("{} of {} tasks ({:.0f}%)", s.progress.done, s.progress.total,
                                                s.progress.completion_pct)});
  }
  if (s.cost_usd > 0) m.fields.push_back({"cost", fmt::format("${:.2f}", s.cost_usd)});
  return {std::move(kind), std::move(m)};
}

bool crossed(double before, double after, double threshold) { return before < threshold && after >= threshold; }

}  // namespace

std::vector<RunEvent> detect_run_events(const RunState* before, const RunState& after, const OvernightConfig& c) {
  std::vector<RunEvent> out;
  const auto& n = c.notifications;
  if (before == nullptr) {
    const bool resumed = !after.journal.empty() && after.journal.back().step == "resume";
    if (n.enable_session_start) {
      out.push_back(event(after, c, "run_start", resumed ? "run resumed" : "run started",
                          after.goal.empty() ? "" : "Goal: " + after.goal, AlertSeverity::info));
    }
    return out;
  }
  if (n.enable_checkpoints && after.checkpoint_count > before->checkpoint_count && after.last_checkpoint) {
    out.push_back(
        event(after, c, "checkpoint", fmt::format("checkpoint {}", after.last_checkpoint->number),
              fmt::format("Tagged {} at {}", after.last_checkpoint->tag, after.last_checkpoint->commit.substr(0, 12)),
              AlertSeverity::info));
  }
  for (const auto& w : appended(&before->warnings, after.warnings, [](const WarningRecord&a, const WarningRecord&b) {
         return a.at == b.at && a.kind == b.kind && a.detail == b.detail;
       })) {
    if (w.kind == "cost") continue;  // notified by notifications.cost_warning_pct below
    out.push_back(event(after, c, "warning", w.kind + " warning", w.detail, AlertSeverity::warning));
  }
  for (const auto& r : appended(&before->restarts, after.restarts, [](const RestartRecord&a, const RestartRecord&b) {
         return a.at == b.at && a.session == b.session && a.reason == b.reason;
       })) {
    if (r.reason.starts_with("stalled")) {
      out.push_back(event(after, c, "warning", "stall warning",
                          fmt::format("session {} was stopped: {}", r.session, r.reason), AlertSeverity::warning));
    }
    out.push_back(event(after, c, "restart", fmt::format("restart after session {}", r.session), r.reason,
                        AlertSeverity::warning));
  }
  if (after.rate_limit_until && after.rate_limit_until != before->rate_limit_until) {
    out.push_back(event(after, c, "warning", "usage-limit wait",
                        "No agent call until " + format_iso8601(*after.rate_limit_until), AlertSeverity::warning));
  }
  const double budget = c.budget.max_cost_usd;
  if (budget > 0 && n.cost_warning_pct > 0 &&
      crossed(before->cost_usd, after.cost_usd, budget * n.cost_warning_pct / 100)) {
    out.push_back(event(
        after, c, "warning", "cost warning",
        fmt::format("Cost ${:.2f} reached {:g}% of the ${:.2f} budget", after.cost_usd, n.cost_warning_pct, budget),
        AlertSeverity::warning));
  }
  for (const auto& r :
       appended(&before->rollbacks, after.rollbacks, [](const RollbackRecord&a, const RollbackRecord&b) {
         return a.at == b.at && a.session == b.session && a.failed_branch == b.failed_branch;
       })) {
    out.push_back(event(after, c, "rollback", "rolled back to " + r.restored_tag,
                        r.reason + "; the attempt is on branch " + r.failed_branch, AlertSeverity::warning));
  }
  if (after.status != before->status) {
    if (after.status == RunStatus::paused) {
      out.push_back(
          event(after, c, "paused", "run paused", after.end_reason + " (a person must look)", AlertSeverity::error));
    } else if (n.enable_completion && after.status == RunStatus::completed) {
      out.push_back(event(after, c, "completion", "run completed", after.end_reason, AlertSeverity::info));
    } else if (n.enable_completion && after.status == RunStatus::failed) {
      out.push_back(event(after, c, "failure", "run failed", after.end_reason, AlertSeverity::error));
    } else if (n.enable_completion && after.status == RunStatus::stopped) {
      out.push_back(event(after, c, "stopped", "run stopped", after.end_reason, AlertSeverity::warning));
    }
  }
  return out;
}

}  // namespace nightdesk::overnight
