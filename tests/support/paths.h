// Where the source tree and the build tree are, compiled into each test binary by CMake
// (cmake/NightdeskTargets.cmake), so tests find data files and the real binaries of their own build.
#pragma once

#include <filesystem>
#include <string>

namespace nightdesk::testing {

inline std::filesystem::path source_dir() { return NIGHTDESK_SOURCE_DIR; }
inline std::filesystem::path binary_dir() { return NIGHTDESK_BINARY_DIR; }

// A built executable of this build ("nightdesk", "overnight").
inline std::string binary_path(const std::string& name) { return (binary_dir() / "src/apps" / name).string(); }

}  // namespace nightdesk::testing
