// The data directory's engine lock: only one engine may own a data directory (its journal, its paper venue).
// A second start fails naming the holder ("pid 4242 on host desk-1 since ..."). Call once at start-up.
#pragma once

#include <filesystem>

#include "common/error.h"
#include "common/file_lock.h"

namespace nightdesk::store {

// The lock file inside a data directory.
inline constexpr const char* kEngineLockFile = "engine.lock";

// Takes `<data_dir>/engine.lock` (creating the directory if needed) and keeps it for the returned lock's
// lifetime (the process's, if it dies). Errors: conflict naming the holder; io_error.
Result<FileLock> lock_data_directory(const std::filesystem::path& data_dir);

}  // namespace nightdesk::store
