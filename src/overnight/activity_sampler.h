// ActivitySampler: takes fingerprints of the progress file and the git repository at an interval and
// feeds them to an ActivityTracker. Runs git as a short child process; one owner (the session loop).
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>

#include "common/error.h"
#include "overnight/activity_tracker.h"

namespace nightdesk::overnight {

// A missing file is a fingerprint with exists=false, not an error; an unreadable one is io_error.
Result<FileFingerprint> fingerprint_file(const std::filesystem::path& path);
// HEAD (empty before the first commit) and the hash of `git status --porcelain`; errors when `repo` is
// not a git work tree or git fails.
Result<RepoFingerprint> fingerprint_repository(const std::filesystem::path& repo,
                                               std::chrono::milliseconds timeout = std::chrono::seconds(30));

class ActivitySampler {
 public:
  // Either path may be empty to skip that source.
  ActivitySampler(std::filesystem::path progress_file, std::filesystem::path repo, std::chrono::milliseconds interval);

  // Samples when `interval` has passed since the last sample (always the first time) and feeds the
  // tracker; returns whether it sampled. A failed sample is reported, and the tracker is left as it was.
  Result<bool> sample_if_due(ActivityTracker& tracker, Timestamp now);

 private:
  std::filesystem::path progress_file_, repo_;
  std::chrono::milliseconds interval_;
  std::optional<Timestamp> last_sample_;
};

}  // namespace nightdesk::overnight
