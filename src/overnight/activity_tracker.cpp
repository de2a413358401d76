#include "overnight/activity_tracker.h"

#include <algorithm>

#include <fmt/format.h>

namespace nightdesk::overnight {
namespace {

std::string minutes_seconds(Nanoseconds d) {
  auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  return fmt::format("{}m{:02}s", s / 60, s % 60);
}

}  // namespace

std::string_view to_string(ActivityState state) {
  switch (state) {
    case ActivityState::active: return "active";
    case ActivityState::idle_warning: return "idle_warning";
    case ActivityState::stalled: return "stalled";
    case ActivityState::idle: return "idle";
  }
  return "unknown";
}

ActivityTracker::ActivityTracker(ActivityLimits limits, Timestamp session_start)
    : limits_(limits), last_output_(session_start), last_progress_(session_start), last_repo_(session_start) {}

void ActivityTracker::on_output(Timestamp t) { last_output_ = std::max(last_output_, t); }

bool ActivityTracker::on_progress_file(const FileFingerprint& fingerprint, Timestamp t) {
  bool changed = progress_.has_value() && *progress_ != fingerprint;
  progress_ = fingerprint;
  if (changed) last_progress_ = std::max(last_progress_, t);
  return changed;
}

bool ActivityTracker::on_repository(const RepoFingerprint& fingerprint, Timestamp t) {
  bool changed = repo_.has_value() && *repo_ != fingerprint;
  repo_ = fingerprint;
  if (changed) last_repo_ = std::max(last_repo_, t);
  return changed;
}

ActivityVerdict ActivityTracker::check(Timestamp now) {
  struct Candidate {
    ActivityState state;
    Timestamp since;
    std::chrono::milliseconds limit;
    const char* what;
  };
  Timestamp stall_since = std::max(last_output_, last_repo_);
  Timestamp idle_since = std::max(stall_since, last_progress_);
  Candidate candidates[] = {
      {ActivityState::stalled, stall_since, limits_.stall_limit, "no output or repository change"},
      {ActivityState::idle, idle_since, limits_.idle_limit, "no output, progress-file or repository change"},
  };
  // The limit nearest to being reached (largest fraction used) speaks for the session.
  const Candidate* nearest = nullptr;
  double nearest_fraction = -1;
  for (const auto& c : candidates) {
    if (c.limit.count() <= 0) continue;
    double fraction = std::chrono::duration<double>(now - c.since) / std::chrono::duration<double>(c.limit);
    if (fraction > nearest_fraction) {
      nearest = &c;
      nearest_fraction = fraction;
    }
  }
  ActivityVerdict verdict;
  if (nearest == nullptr) return verdict;
  verdict.quiet_for = std::max(Nanoseconds{0}, now - nearest->since);
  verdict.limit = nearest->limit;
  verdict.reason = fmt::format("{} for {} of {}", nearest->what, minutes_seconds(verdict.quiet_for),
                               minutes_seconds(nearest->limit));
  if (nearest_fraction >= 1.0) {
    verdict.state = nearest->state;
  } else if (nearest_fraction >= limits_.warning_pct / 100.0) {
    verdict.state = ActivityState::idle_warning;
    // One warning per quiet spell; any activity starts a new spell with its own warning.
    Timestamp spell = idle_since;
    verdict.warn_now = !warned_ || warned_for_ != spell;
    warned_ = true;
    warned_for_ = spell;
  }
  return verdict;
}

}  // namespace nightdesk::overnight
