#include "store/data_directory_lock.h"

#include <fmt/format.h>

namespace nightdesk::store {

Result<FileLock> lock_data_directory(const std::filesystem::path& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return fail(ErrorCode::io_error, fmt::format("cannot create data directory {}: {}", data_dir.string(), ec.message()), "data_dir");
  auto lock = FileLock::try_acquire(data_dir / kEngineLockFile);
  if (!lock)
    return fail(lock.error().code, fmt::format("data directory {} is in use: {}", data_dir.string(), lock.error().message), "data_dir");
  return lock;
}

}  // namespace nightdesk::store
