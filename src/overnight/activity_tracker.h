// ActivityTracker: is the session still doing something? Tracks the last agent output, the last change
// of the progress file and of the repository, and judges idle / stalled against the limits.
// Pure logic over times the caller supplies; one owner (the session loop).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/time.h"

namespace nightdesk::overnight {

struct ActivityLimits {
  // Idle: no output, no progress-file change and no repository change for this long (0: off).
  std::chrono::milliseconds idle_limit{30 * 60'000};
  // Stall (a hung agent CLI): no output and no repository change for this long (0: off).
  std::chrono::milliseconds stall_limit{10 * 60'000};
  // Warn once per quiet spell when this % of the nearest limit has passed.
  double warning_pct = 70;
};

// What a file looked like; two equal fingerprints mean "no change".
struct FileFingerprint {
  bool exists = false;
  std::int64_t mtime_ns = 0;
  std::uint64_t size = 0;
  std::uint64_t content_hash = 0;  // FNV-1a 64 (a touch without an edit is still a change via mtime)
  bool operator==(const FileFingerprint&) const = default;
};

// What the repository looked like: HEAD and a hash of `git status --porcelain` with the listed files'
// mtimes and sizes (so a further edit of an already modified file is a change too).
struct RepoFingerprint {
  std::string head;  // empty before the first commit
  std::uint64_t status_hash = 0;
  bool operator==(const RepoFingerprint&) const = default;
};

enum class ActivityState {
  active,
  idle_warning,  // past warning_pct of a limit
  stalled,       // stall_limit reached: stop the session's process group
  idle,          // idle_limit reached: stop the session's process group
};
std::string_view to_string(ActivityState state);

struct ActivityVerdict {
  ActivityState state = ActivityState::active;
  Nanoseconds quiet_for{0};  // against the limit that is nearest to being reached
  std::chrono::milliseconds limit{0};
  bool warn_now = false;  // true the first time this quiet spell crosses the warning (notify once)
  std::string reason;     // "no output or repository change for 7m12s of 10m"
};

class ActivityTracker {
 public:
  ActivityTracker(ActivityLimits limits, Timestamp session_start);

  void on_output(Timestamp t);
  // The first fingerprint is the baseline; later ones count as activity only when they differ.
  // Return whether this one was a change.
  bool on_progress_file(const FileFingerprint& fingerprint, Timestamp t);
  bool on_repository(const RepoFingerprint& fingerprint, Timestamp t);
  // A change the runner made itself (a checkpoint commit): the new baseline, not the agent's activity.
  void set_repository_baseline(const RepoFingerprint& fingerprint) { repo_ = fingerprint; }

  ActivityVerdict check(Timestamp now);

  Timestamp last_output() const { return last_output_; }
  Timestamp last_progress_change() const { return last_progress_; }
  Timestamp last_repository_change() const { return last_repo_; }

 private:
  ActivityLimits limits_;
  Timestamp last_output_, last_progress_, last_repo_;
  std::optional<FileFingerprint> progress_;
  std::optional<RepoFingerprint> repo_;
  Timestamp warned_for_;  // the quiet spell (by its start) already warned about
  bool warned_ = false;
};

}  // namespace nightdesk::overnight
