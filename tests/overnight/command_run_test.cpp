#include "overnight/command_run.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

TEST(RunCommand, ReturnsExitStatusAndOutput) {
  auto r = run_command({"/bin/sh", "-c", "echo hello; echo oops >&2; exit 2"}, CommandOptions{});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_FALSE(r->success());
  EXPECT_EQ(r->status.exit_code, 2);
  EXPECT_NE(r->output.find("hello\n"), std::string::npos);
  EXPECT_NE(r->output.find("oops\n"), std::string::npos);
  EXPECT_EQ(r->out, "hello\n");
}

TEST(RunCommand, KeepsOnlyTheTailOfLongOutput) {
  CommandOptions options;
  options.tail_bytes = 20;
  auto r = run_command({"/bin/sh", "-c", "seq 1 1000"}, options);
  ASSERT_TRUE(r);
  EXPECT_LE(r->output.size(), 20u);
  EXPECT_TRUE(r->output.ends_with("999\n1000\n")) << r->output;
}

TEST(RunCommand, TimeoutStopsTheWholeGroup) {
  CommandOptions options;
  options.timeout = 100ms;
  options.kill_grace = 100ms;
  auto r = run_command({"/bin/sh", "-c", "sleep 10 & sleep 10; echo never"}, options);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->timed_out);
  EXPECT_FALSE(r->success());
  EXPECT_LT(r->elapsed, 2s);
  EXPECT_TRUE(r->status.stopped_by_runner);
}

TEST(RunCommand, MissingCommandIsAnError) {
  auto r = run_command({"no-such-tool-xyz"}, CommandOptions{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::not_found);
}

TEST(RunCommand, RunsInTheGivenDirectoryAndLogsEverything) {
  TempDir dir;
  CommandOptions options;
  options.cwd = dir.path();
  options.log = dir / "cmd.log";
  auto r = run_command({"/bin/sh", "-c", "touch made-here; echo logged"}, options);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->success());
  EXPECT_TRUE(std::filesystem::exists(dir / "made-here"));
  std::ifstream log(dir / "cmd.log");
  std::stringstream content;
  content << log.rdbuf();
  EXPECT_EQ(content.str(), "logged\n");
}

}  // namespace
}  // namespace nightdesk::overnight
