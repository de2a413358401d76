// Integration: the real `nightdesk` binary writes a synthetic market and checks it, and rejects a bad file.
#include <gtest/gtest.h>

#include "support/command.h"

#include <fstream>

#include "support/temp_dir.h"

namespace nightdesk {
namespace {

// Runs the real `nightdesk` with `args`, stdout and stderr together.
testing::CommandResult run(const std::string& args) {
  return testing::run_command(testing::binary_path("nightdesk") + " " + args + " 2>&1");
}

TEST(DataCli, SynthThenStrictCheckPasses) {
  testing::TempDir dir;
  std::string out = (dir / "synth.csv").string();
  auto synth = run("data synth --seed 11 --days 2 --model heston --out " + out);
  ASSERT_EQ(synth.exit_code, 0) << synth.out;
  auto check = run("data check --strict " + out);
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_NE(check.out.find("bad rows           0"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("underlyings        1 SPY"), std::string::npos) << check.out;
}

TEST(DataCli, StrictCheckOfABadFileFailsAndNamesTheLine) {
  testing::TempDir dir;
  std::string path = (dir / "bad.csv").string();
  std::ofstream(path) << "time,underlying,expiry,strike,right,bid,ask,bid_size,ask_size\n"
                         "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.00,3.10,1,1\n"
                         "2025-01-10T21:00:00Z,SPY,2025-01-17,585,C,abc,3.10,1,1\n";
  auto check = run("data check --strict " + path);
  EXPECT_EQ(check.exit_code, 1) << check.out;
  EXPECT_NE(check.out.find(path + ":3: bid: expected a price"), std::string::npos) << check.out;
  auto lenient = run("data check " + path);
  EXPECT_EQ(lenient.exit_code, 0) << lenient.out;
}

TEST(DataCli, CheckOfAFileWithoutHeaderExitsTwo) {
  testing::TempDir dir;
  std::string path = (dir / "nohdr.csv").string();
  std::ofstream(path) << "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.00,3.10,1,1\n";
  auto check = run("data check " + path);
  EXPECT_EQ(check.exit_code, 2) << check.out;
  EXPECT_NE(check.out.find(":1: missing header"), std::string::npos) << check.out;
}

}  // namespace
}  // namespace nightdesk
