// Integration: the real `nightdesk` binary writes a synthetic market and checks it, and rejects a bad file.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sys/wait.h>

#include "support/temp_dir.h"

namespace nightdesk {
namespace {

struct Run {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

Run run(const std::string& args) {
  const char* dir = std::getenv("NIGHTDESK_BINARY_DIR");
  std::string cmd = std::string(dir ? dir : "build") + "/src/apps/nightdesk " + args + " 2>&1";
  Run r;
  std::FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe) != nullptr) r.output += buf.data();
  int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST(DataCli, SynthThenStrictCheckPasses) {
  testing::TempDir dir;
  std::string out = (dir / "synth.csv").string();
  auto synth = run("data synth --seed 11 --days 2 --model heston --out " + out);
  ASSERT_EQ(synth.exit_code, 0) << synth.output;
  auto check = run("data check --strict " + out);
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("bad rows           0"), std::string::npos) << check.output;
  EXPECT_NE(check.output.find("underlyings        1 SPY"), std::string::npos) << check.output;
}

TEST(DataCli, StrictCheckOfABadFileFailsAndNamesTheLine) {
  testing::TempDir dir;
  std::string path = (dir / "bad.csv").string();
  std::ofstream(path) << "time,underlying,expiry,strike,right,bid,ask,bid_size,ask_size\n"
                         "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.00,3.10,1,1\n"
                         "2025-01-10T21:00:00Z,SPY,2025-01-17,585,C,abc,3.10,1,1\n";
  auto check = run("data check --strict " + path);
  EXPECT_EQ(check.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find(path + ":3: bid: expected a price"), std::string::npos) << check.output;
  auto lenient = run("data check " + path);
  EXPECT_EQ(lenient.exit_code, 0) << lenient.output;
}

TEST(DataCli, CheckOfAFileWithoutHeaderExitsTwo) {
  testing::TempDir dir;
  std::string path = (dir / "nohdr.csv").string();
  std::ofstream(path) << "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.00,3.10,1,1\n";
  auto check = run("data check " + path);
  EXPECT_EQ(check.exit_code, 2) << check.output;
  EXPECT_NE(check.output.find(":1: missing header"), std::string::npos) << check.output;
}

}  // namespace
}  // namespace nightdesk
