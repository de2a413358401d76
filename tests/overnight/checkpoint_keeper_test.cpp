#include "overnight/checkpoint_keeper.h"

#include <fstream>

#include <gtest/gtest.h>

#include "common/env_expansion.h"
#include "overnight/git_fixture.h"
#include "overnight/run_health_check.h"
#include "overnight/session_history.h"

namespace nightdesk::overnight {
namespace {

using testing::GitFixture;

// A loaded configuration for `repo`: `extra` YAML added after the agent section.
OvernightConfig config_for(const std::filesystem::path& repo, const std::string& extra = "") {
  std::ofstream(repo / ".git" / "overnight.yaml")
      << "agent:\n  command: sh\npaths:\n  workdir: ../\n  checkpoint_history_file: .git/cp.jsonl\n"
      << "  log_dir: .git/overnight-logs\ncheckpoints:\n  min_free_disk_mb: 0\n" << extra;
  auto c = load_overnight_config(repo / ".git" / "overnight.yaml", [](const std::string&) {
    return std::optional<std::string>();
  });
  EXPECT_TRUE(c) << (c ? "" : c.error().message);
  return c.value_or(OvernightConfig{});
}

std::vector<nlohmann::json> records(const OvernightConfig& c) {
  auto lines = read_json_lines(c.paths.checkpoint_history_file);
  return lines ? lines->records : std::vector<nlohmann::json>{};
}

TEST(CheckpointKeeper, StartPointTagsHeadWithoutATestGate) {
  GitFixture repo;
  auto c = config_for(repo.path(), "tests:\n  command: exit 1\n");
  CheckpointKeeper keeper(c, "run-1", 1, std::nullopt, 0);
  auto start = keeper.start_point(0, std::nullopt);
  ASSERT_TRUE(start) << start.error().describe();
  EXPECT_TRUE(start->new_checkpoint());
  EXPECT_EQ(start->checkpoint->tag, "overnight/run-1/1");
  EXPECT_EQ(keeper.last_tag(), "overnight/run-1/1");
  ASSERT_EQ(records(c).size(), 1u);
  EXPECT_EQ(records(c)[0]["trigger"], "run_start");
}

TEST(CheckpointKeeper, RedTestsThatAreNoWorse_SkipTheCheckpoint) {
  GitFixture repo;
  auto c = config_for(repo.path(), "tests:\n  command: exit 1\n");
  CheckpointKeeper keeper(c, "run-1", 1, std::nullopt, 0);
  repo.write("work.txt", "x\n");
  auto gate = keeper.gate("session_end", 1, true);
  ASSERT_TRUE(gate);
  EXPECT_FALSE(gate->checkpoint);
  EXPECT_FALSE(gate->rollback);  // no checkpoint to compare with
  EXPECT_EQ(gate->describe(), "skipped: tests red: failed: exit code 1");
  EXPECT_TRUE(std::filesystem::exists(repo.path() / "work.txt"));
}

TEST(CheckpointKeeper, WorseThanTheLastCheckpoint_RollsBackOnlyWhenAllowed) {
  GitFixture repo;
  auto c = config_for(repo.path(), "tests:\n  command: test ! -f broken\n");
  CheckpointKeeper keeper(c, "run-1", 1, std::nullopt, 0);
  ASSERT_TRUE(keeper.gate("session_end", 1, true));  // green: checkpoint 1
  repo.write("broken", "x\n");
  auto interval = keeper.gate("interval", 2, false);
  ASSERT_TRUE(interval);
  EXPECT_FALSE(interval->rollback);
  EXPECT_TRUE(std::filesystem::exists(repo.path() / "broken"));
  auto end = keeper.gate("session_end", 2, true);
  ASSERT_TRUE(end) << end.error().describe();
  ASSERT_TRUE(end->rollback);
  EXPECT_EQ(end->rollback->restored_tag, "overnight/run-1/1");
  EXPECT_EQ(end->rollback->failed_branch, "overnight/run-1/failed-1");
  EXPECT_FALSE(std::filesystem::exists(repo.path() / "broken"));
}

TEST(CheckpointKeeper, RollbackOff_WorseTestsAreOnlySkipped) {
  GitFixture repo;
  auto c = config_for(repo.path(), "tests:\n  command: test ! -f broken\n");
  c.checkpoints.rollback_on_regression = false;
  CheckpointKeeper keeper(c, "run-1", 1, std::nullopt, 0);
  ASSERT_TRUE(keeper.gate("session_end", 1, true));
  repo.write("broken", "x\n");
  auto gate = keeper.gate("session_end", 2, true);
  ASSERT_TRUE(gate);
  EXPECT_FALSE(gate->rollback);
  EXPECT_NE(gate->skipped.find("tests red"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(repo.path() / "broken"));
}

TEST(CheckpointKeeper, ResumedRun_ContinuesNumberingAndTreatsTheLastTagAsGreen) {
  GitFixture repo;
  auto c = config_for(repo.path(), "tests:\n  command: test ! -f broken\n");
  repo.git({"tag", "-a", "overnight/run-1/4", "-m", "earlier runner"});
  CheckpointKeeper keeper(c, "run-1", 5, std::string("overnight/run-1/4"), 2);
  repo.write("broken", "x\n");
  auto gate = keeper.gate("session_end", 9, true);
  ASSERT_TRUE(gate) << gate.error().describe();
  ASSERT_TRUE(gate->rollback);
  EXPECT_EQ(gate->rollback->failed_branch, "overnight/run-1/failed-3");
  repo.write("fine.txt", "x\n");
  auto next = keeper.gate("session_end", 10, true);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->checkpoint->tag, "overnight/run-1/5");
}

TEST(CheckpointKeeper, TagPrefixIsHonoured) {
  GitFixture repo;
  auto c = config_for(repo.path(), "");
  c.checkpoints.tag_prefix = "night";
  CheckpointKeeper keeper(c, "run-1", 1, std::nullopt, 0);
  repo.write("a.txt", "a\n");
  auto gate = keeper.gate("session_end", 1, true);
  ASSERT_TRUE(gate);
  EXPECT_EQ(gate->checkpoint->tag, "night/run-1/1");
  EXPECT_EQ(gate->describe(), "tagged night/run-1/1 (committed)");
}

TEST(RunHealthCheck, NotAGitRepository_FailsOnlyWhileCheckpointsAreEnabled) {
  nightdesk::testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / ".git");  // where config_for writes; not a repository
  auto c = config_for(dir.path());
  auto check = run_health_check(c, "run-1", false);
  EXPECT_NE(check.failure.find("checkpoints.enabled: false"), std::string::npos) << check.failure;
  c.checkpoints.enabled = false;
  check = run_health_check(c, "run-1", false);
  EXPECT_EQ(check.failure, "");
  EXPECT_FALSE(check.git_repository);
}

TEST(RunHealthCheck, ResumedRun_LeavesTheInterruptedWorkInPlace) {
  GitFixture repo;
  auto c = config_for(repo.path());
  repo.write("half-done.txt", "x\n");
  auto check = run_health_check(c, "run-1", true);
  EXPECT_EQ(check.failure, "");
  EXPECT_FALSE(check.stash_name);
  EXPECT_TRUE(std::filesystem::exists(repo.path() / "half-done.txt"));
  check = run_health_check(c, "run-1", false);
  EXPECT_TRUE(check.stash_name);
  EXPECT_FALSE(std::filesystem::exists(repo.path() / "half-done.txt"));
}

TEST(RunHealthCheck, MissingAgent_NamesIt) {
  GitFixture repo;
  auto c = config_for(repo.path());
  c.agent.command = "no-such-agent-cli";
  EXPECT_NE(run_health_check(c, "run-1", false).failure.find("agent command missing"), std::string::npos);
}

}  // namespace
}  // namespace nightdesk::overnight
