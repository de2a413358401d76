#include "overnight/activity_sampler.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "overnight/command_run.h"

namespace nightdesk::overnight {
namespace {

constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;

std::uint64_t fnv1a(std::string_view data, std::uint64_t hash = kFnvOffset) {
  for (unsigned char c : data) {
    hash ^= c;
    hash *= kFnvPrime;
  }
  return hash;
}

// The porcelain listing says *which* files differ, not how: a second edit of an already modified file
// leaves it unchanged. Mixing in each listed file's mtime and size catches those edits without a diff.
std::uint64_t status_with_file_times(const std::filesystem::path& repo, std::string_view porcelain) {
  std::uint64_t hash = fnv1a(porcelain);
  std::size_t start = 0;
  while (start < porcelain.size()) {
    std::size_t end = porcelain.find('\n', start);
    if (end == std::string_view::npos) end = porcelain.size();
    std::string_view line = porcelain.substr(start, end - start);
    start = end + 1;
    if (line.size() < 4) continue;
    std::string_view name = line.substr(3);
    if (auto arrow = name.find(" -> "); arrow != std::string_view::npos) name = name.substr(arrow + 4);
    struct stat st {};
    if (::stat((repo / std::string(name)).c_str(), &st) != 0) continue;  // deleted, or a quoted odd name
    std::int64_t stamp[3] = {st.st_mtim.tv_sec, st.st_mtim.tv_nsec, static_cast<std::int64_t>(st.st_size)};
    hash = fnv1a(std::string_view(reinterpret_cast<const char*>(stamp), sizeof stamp), hash);
  }
  return hash;
}

}  // namespace

Result<FileFingerprint> fingerprint_file(const std::filesystem::path& path) {
  FileFingerprint fp;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return fp;
    return fail(ErrorCode::io_error, "cannot stat " + path.string() + ": " + std::strerror(errno));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::io_error, "cannot read " + path.string());
  fp.exists = true;
  fp.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  fp.size = static_cast<std::uint64_t>(st.st_size);
  std::uint64_t hash = kFnvOffset;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    hash = fnv1a(std::string_view(buffer, static_cast<std::size_t>(in.gcount())), hash);
  }
  fp.content_hash = hash;
  return fp;
}

Result<RepoFingerprint> fingerprint_repository(const std::filesystem::path& repo, std::chrono::milliseconds timeout) {
  CommandOptions options;
  options.cwd = repo;
  options.timeout = timeout;
  options.tail_bytes = 4 << 20;  // the status listing is hashed whole
  auto status = run_command({"git", "status", "--porcelain", "--untracked-files=all"}, options);
  if (!status) return std::unexpected(status.error());
  if (!status->success()) {
    return fail(ErrorCode::unavailable, "git status failed in " + repo.string() + ": " + status->output, "repo");
  }
  RepoFingerprint fp;
  fp.status_hash = status_with_file_times(repo, status->out);
  auto head = run_command({"git", "rev-parse", "--verify", "--quiet", "HEAD"}, options);
  if (!head) return std::unexpected(head.error());
  if (head->success()) {
    fp.head = head->out;
    while (!fp.head.empty() && fp.head.back() == '\n') fp.head.pop_back();
  }
  return fp;
}

ActivitySampler::ActivitySampler(std::filesystem::path progress_file, std::filesystem::path repo,
                                 std::chrono::milliseconds interval)
    : progress_file_(std::move(progress_file)), repo_(std::move(repo)), interval_(interval) {}

Result<bool> ActivitySampler::sample_if_due(ActivityTracker& tracker, Timestamp now) {
  if (last_sample_ && now - *last_sample_ < interval_) return false;
  last_sample_ = now;
  if (!progress_file_.empty()) {
    auto fp = fingerprint_file(progress_file_);
    if (!fp) return std::unexpected(fp.error());
    tracker.on_progress_file(*fp, now);
  }
  if (!repo_.empty()) {
    auto fp = fingerprint_repository(repo_);
    if (!fp) return std::unexpected(fp.error());
    tracker.on_repository(*fp, now);
  }
  return true;
}

}  // namespace nightdesk::overnight
