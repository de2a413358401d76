#include "common/atomic_file.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace nightdesk {
namespace {

using testing::TempDir;

TEST(AtomicFile, ReplacesContentAndLeavesNoTemporaryFiles) {
  TempDir dir;
  auto path = dir / "state.json";
  ASSERT_TRUE(write_file_atomically(path, "first"));
  ASSERT_TRUE(write_file_atomically(path, "second, longer content"));
  EXPECT_EQ(*read_file(path), "second, longer content");
  int entries = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(AtomicFile, FailureLeavesTheOldFileUntouched) {
  TempDir dir;
  auto missing_dir = dir / "no-such-dir" / "state.json";
  auto r = write_file_atomically(missing_dir, "x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::io_error);
  EXPECT_NE(r.error().message.find("no-such-dir"), std::string::npos);
}

TEST(AtomicFile, RenameOntoADirectoryFailsAndCleansUp) {
  TempDir dir;
  std::filesystem::create_directory(dir / "occupied");
  ASSERT_FALSE(write_file_atomically(dir / "occupied", "x"));
  int entries = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);  // only the directory; the temporary file was removed
}

TEST(ReadFile, MissingFileIsNotFoundAndNamesThePath) {
  TempDir dir;
  auto r = read_file(dir / "absent.txt");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::not_found);
  EXPECT_NE(r.error().message.find("absent.txt"), std::string::npos);
}

}  // namespace
}  // namespace nightdesk
