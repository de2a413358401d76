#include "overnight/run_state_store.h"

#include <unistd.h>

#include <fstream>

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "common/atomic_file.h"

namespace nightdesk::overnight {
namespace {

const RealClock kRealClock;

// A compact, filesystem-safe time for file names: 20250117T210000Z.
std::string file_stamp(Timestamp t) {
  std::string iso = format_iso8601(t);  // 2025-01-17T21:00:00.123456789Z
  std::string out;
  for (char c : iso.substr(0, 19)) {
    if (c != '-' && c != ':') out += c;
  }
  return out + "Z";
}

// Whether the lock file names a runner on this host that no longer runs (gone, or a zombie).
bool recorded_holder_is_dead(const std::filesystem::path& lock_path) {
  auto holder = FileLock::read_holder(lock_path);
  char host[256] = {};
  if (!holder || holder->pid <= 0 || ::gethostname(host, sizeof host - 1) != 0 || holder->host != host) return false;
  std::ifstream stat("/proc/" + std::to_string(holder->pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return true;
  const auto paren = text.rfind(')');
  return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] == 'Z';
}

}  // namespace

RunStateStore::RunStateStore(std::filesystem::path state_file, std::chrono::milliseconds lock_timeout)
    : state_(std::move(state_file)), lock_timeout_(lock_timeout), clock_(&kRealClock) {}

Result<RunStateStore::Loaded> RunStateStore::read_current() const {
  auto text = read_file(state_);
  if (!text) return std::unexpected(text.error());
  auto state = decode_run_state(*text);
  if (state) return Loaded{std::move(*state), {}};

  const std::string why = state.error().message;
  auto good_text = read_file(good_path());
  auto good = good_text ? decode_run_state(*good_text) : Result<RunState>(std::unexpected(good_text.error()));
  if (!good) {
    return fail(ErrorCode::parse_error,
                fmt::format("state file {} is corrupt ({}) and its last good copy {} is unusable ({})",
                            state_.string(), why, good_path().string(), good.error().message));
  }
  return Loaded{std::move(*good), fmt::format("state file {} was corrupt ({}); continued from the last good copy {}",
                                              state_.string(), why, good_path().string())};
}

Result<RunStateStore::Loaded> RunStateStore::load() const { return read_current(); }

Result<RunStateStore::Loaded> RunStateStore::update(const std::function<Status(RunState&)>& mutate) {
  std::error_code ignored;
  if (state_.has_parent_path()) std::filesystem::create_directories(state_.parent_path(), ignored);
  auto lock = FileLock::acquire(lock_path(), lock_timeout_);
  if (!lock) return std::unexpected(lock.error());

  Loaded current;
  if (auto read = read_current(); read) {
    current = std::move(*read);
  } else if (read.error().code != ErrorCode::not_found) {
    return std::unexpected(read.error());
  }
  if (!current.recovery_note.empty()) {
    const Timestamp now = clock_->now();
    auto aside = std::filesystem::path(state_.string() + ".corrupt." + file_stamp(now));
    std::filesystem::rename(state_, aside, ignored);
    spdlog::warn("{} (the corrupt file is kept as {})", current.recovery_note, aside.string());
    add_note(current.state, now, current.recovery_note);
  }

  if (auto changed = mutate(current.state); !changed) return std::unexpected(changed.error());
  current.state.updated_at = clock_->now();
  trim_histories(current.state);

  const std::string text = encode_run_state(current.state);
  if (auto written = write_file_atomically(state_, text); !written) return std::unexpected(written.error());
  if (auto copied = write_file_atomically(good_path(), text); !copied) return std::unexpected(copied.error());
  return current;
}

Result<FileLock> RunStateStore::claim_runner() const {
  std::error_code ignored;
  if (state_.has_parent_path()) std::filesystem::create_directories(state_.parent_path(), ignored);
  auto lock = FileLock::try_acquire(runner_lock_path());
  if (!lock && lock.error().code == ErrorCode::conflict && recorded_holder_is_dead(runner_lock_path())) {
    // The runner that took the lock is gone (kill -9), but a process it was starting at that instant can
    // still hold the descriptor until its exec closes it: wait that out instead of refusing to resume.
    lock = FileLock::acquire(runner_lock_path(), std::chrono::seconds(3));
  }
  if (!lock && lock.error().code == ErrorCode::conflict) {
    return fail(ErrorCode::conflict, "another runner holds this state file: " + lock.error().message);
  }
  return lock;
}

}  // namespace nightdesk::overnight
