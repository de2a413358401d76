// RunStateStore: the state file on disk (spec B3). Every update is a read-modify-write under an exclusive flock
// on a separate lock file, written atomically; a corrupt file is replaced by the last good copy, and said so.
// One store per process is enough; methods may be called from any thread (the lock file serialises writers,
// across threads and processes alike).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "common/error.h"
#include "common/file_lock.h"
#include "common/time.h"
#include "overnight/run_state.h"

namespace nightdesk::overnight {

class RunStateStore {
 public:
  // Files beside `state_file` (e.g. state.json): state.json.lock (held across each read-modify-write),
  // state.json.good (the last state written and verified), state.json.runner.lock (held by the runner for the
  // whole run), state.json.corrupt.<time> (a corrupt file kept for a person to look at).
  explicit RunStateStore(std::filesystem::path state_file,
                         std::chrono::milliseconds lock_timeout = std::chrono::seconds(10));

  struct Loaded {
    RunState state;
    std::string recovery_note;  // non-empty when the state file was corrupt and the last good copy was used
  };

  // Reads the state without locking (replacement is atomic, so a reader never sees a torn file).
  // not_found when there is no state yet; parse_error when both the file and its good copy are unusable.
  Result<Loaded> load() const;

  // Read-modify-write: takes the lock, reads the current state (a fresh RunState when none exists; the good copy
  // when the file is corrupt, after keeping the corrupt file aside and adding a note), lets `mutate` change it,
  // stamps updated_at, trims histories and writes it atomically, then refreshes the good copy. A failing
  // `mutate` writes nothing. Returns the state as written, with `recovery_note` set as in load().
  Result<Loaded> update(const std::function<Status(RunState&)>& mutate);

  // Claims the run: holds the runner lock for the lifetime of the returned FileLock. A second runner gets a
  // conflict that names the holder (pid, host, since). When the recorded holder is a dead process on this host
  // (a runner killed with -9), waits up to 3 s for a descriptor it left in a child being spawned to close.
  Result<FileLock> claim_runner() const;

  const std::filesystem::path& state_path() const { return state_; }
  std::filesystem::path lock_path() const { return state_.string() + ".lock"; }
  std::filesystem::path good_path() const { return state_.string() + ".good"; }
  std::filesystem::path runner_lock_path() const { return state_.string() + ".runner.lock"; }

  // Stamps for updated_at; RealClock unless a test injects another.
  void set_clock(const Clock* clock) { clock_ = clock; }

 private:
  Result<Loaded> read_current() const;
  std::filesystem::path state_;
  std::chrono::milliseconds lock_timeout_;
  const Clock* clock_;
};

}  // namespace nightdesk::overnight
