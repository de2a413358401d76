// Atomic file replacement: readers see the old content or the new, never a torn file.
// Safe to call from any thread; concurrent writers of one path need a FileLock around read-modify-write.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/error.h"

namespace nightdesk {

// Writes `content` to a temporary file beside `path`, fsyncs it, renames it over `path` and fsyncs the
// directory, so the replacement survives a crash or power loss. On failure `path` is untouched and the
// temporary file is removed.
Status write_file_atomically(const std::filesystem::path& path, std::string_view content);

// Reads a whole file; a missing file is not_found, anything else io_error (both name the path).
Result<std::string> read_file(const std::filesystem::path& path);

}  // namespace nightdesk
