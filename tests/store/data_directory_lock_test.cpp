#include "store/data_directory_lock.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace nightdesk::store {
namespace {

TEST(DataDirectoryLock, SecondEngineOnTheSameDirectory_IsRefusedNamingTheHolder) {
  nightdesk::testing::TempDir dir;
  auto first = lock_data_directory(dir / "data");
  ASSERT_TRUE(first) << first.error().describe();
  auto second = lock_data_directory(dir / "data");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::conflict);
  EXPECT_NE(second.error().message.find("pid " + std::to_string(::getpid())), std::string::npos) << second.error().message;
  EXPECT_NE(second.error().message.find((dir / "data").string()), std::string::npos);
}

TEST(DataDirectoryLock, ReleasedLock_CanBeTakenAgain) {
  nightdesk::testing::TempDir dir;
  { ASSERT_TRUE(lock_data_directory(dir.path())); }
  EXPECT_TRUE(lock_data_directory(dir.path()));
}

TEST(DataDirectoryLock, OtherDirectories_AreIndependent) {
  nightdesk::testing::TempDir dir;
  auto a = lock_data_directory(dir / "a");
  auto b = lock_data_directory(dir / "b");
  EXPECT_TRUE(a);
  EXPECT_TRUE(b);
}

}  // namespace
}  // namespace nightdesk::store
