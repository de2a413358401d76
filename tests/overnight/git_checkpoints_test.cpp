#include "overnight/git_checkpoints.h"

#include <gtest/gtest.h>

#include "overnight/git_fixture.h"

namespace nightdesk::overnight {
namespace {

using testing::GitFixture;

TEST(GitCheckpoints, CommitsEverythingTheAgentLeftAndTagsIt) {
  GitFixture repo;
  repo.write("src/feature.cpp", "int feature() { return 1; }\n");
  repo.write("README.md", "hello again\n");
  GitCheckpoints checkpoints(repo.path(), "run-7");
  auto cp = checkpoints.checkpoint(1, "overnight run-7: checkpoint 1");
  ASSERT_TRUE(cp) << cp.error().describe();
  EXPECT_EQ(cp->outcome, CheckpointOutcome::committed);
  EXPECT_EQ(cp->tag, "overnight/run-7/1");
  EXPECT_EQ(repo.git({"status", "--porcelain"}), "");
  EXPECT_EQ(repo.git({"rev-parse", "overnight/run-7/1^{commit}"}), cp->commit + "\n");
  EXPECT_EQ(repo.git({"log", "-1", "--format=%s"}), "overnight run-7: checkpoint 1\n");
}

TEST(GitCheckpoints, NothingToCommitIsItsOwnResultAndMakesNoTag) {
  GitFixture repo;
  GitCheckpoints checkpoints(repo.path(), "run-7");
  ASSERT_TRUE(checkpoints.checkpoint(0, "baseline"));  // tags the starting point
  auto cp = checkpoints.checkpoint(1, "checkpoint 1");
  ASSERT_TRUE(cp) << cp.error().describe();
  EXPECT_EQ(cp->outcome, CheckpointOutcome::nothing_to_commit);
  EXPECT_TRUE(cp->tag.empty());
  EXPECT_EQ(repo.git({"tag", "--list", "overnight/run-7/1"}), "");
}

TEST(GitCheckpoints, AgentsOwnCommitsAreTaggedWithoutANewCommit) {
  GitFixture repo;
  GitCheckpoints checkpoints(repo.path(), "run-7");
  ASSERT_TRUE(checkpoints.checkpoint(0, "baseline"));
  repo.write("a.txt", "agent work\n");
  repo.git({"add", "-A"});
  repo.git({"commit", "-q", "-m", "agent: task 1.1"});
  auto cp = checkpoints.checkpoint(1, "checkpoint 1");
  ASSERT_TRUE(cp);
  EXPECT_EQ(cp->outcome, CheckpointOutcome::tagged_agent_commits);
  EXPECT_EQ(repo.git({"log", "-1", "--format=%s"}), "agent: task 1.1\n");
  EXPECT_EQ(cp->tag, "overnight/run-7/1");
}

TEST(GitCheckpoints, ExistingTagIsNeverOverwritten) {
  GitFixture repo;
  GitCheckpoints checkpoints(repo.path(), "run-7");
  repo.write("a.txt", "1\n");
  ASSERT_TRUE(checkpoints.checkpoint(1, "first"));
  std::string tagged = repo.git({"rev-parse", "overnight/run-7/1^{commit}"});
  repo.write("a.txt", "2\n");
  auto again = checkpoints.checkpoint(1, "second");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_EQ(repo.git({"rev-parse", "overnight/run-7/1^{commit}"}), tagged);
}

TEST(GitCheckpoints, TagsOfDifferentRunsDoNotCollide) {
  GitFixture repo;
  repo.write("a.txt", "1\n");
  ASSERT_TRUE(GitCheckpoints(repo.path(), "run-a").checkpoint(1, "a"));
  repo.write("a.txt", "2\n");
  auto b = GitCheckpoints(repo.path(), "run-b").checkpoint(1, "b");
  ASSERT_TRUE(b) << b.error().describe();
  EXPECT_EQ(b->tag, "overnight/run-b/1");
}

TEST(GitCheckpoints, FailingPreCommitHookIsReportedNotBypassed) {
  GitFixture repo;
  repo.hook("pre-commit", "echo 'lint: 3 problems' >&2; exit 1");
  repo.write("bad.cpp", "int x\n");
  GitCheckpoints checkpoints(repo.path(), "run-7");
  std::string before = repo.git({"rev-parse", "HEAD"});
  auto cp = checkpoints.checkpoint(1, "checkpoint 1");
  ASSERT_TRUE(cp) << cp.error().describe();
  EXPECT_EQ(cp->outcome, CheckpointOutcome::hook_rejected);
  EXPECT_NE(cp->hook_output.find("lint: 3 problems"), std::string::npos) << cp->hook_output;
  EXPECT_TRUE(cp->tag.empty());
  EXPECT_EQ(repo.git({"rev-parse", "HEAD"}), before) << "no commit slipped past the hook";
  EXPECT_EQ(repo.git({"tag", "--list", "overnight/*"}), "");
}

TEST(GitCheckpoints, PassingHookRunsAndCommitSucceeds) {
  GitFixture repo;
  repo.hook("pre-commit", "touch .git/hook-ran");
  repo.write("good.cpp", "int x;\n");
  auto cp = GitCheckpoints(repo.path(), "run-7").checkpoint(1, "checkpoint 1");
  ASSERT_TRUE(cp);
  EXPECT_EQ(cp->outcome, CheckpointOutcome::committed);
  EXPECT_TRUE(std::filesystem::exists(repo.path() / ".git" / "hook-ran"));
}

TEST(GitCheckpoints, InvalidRunIdIsRejected) {
  GitFixture repo;
  auto cp = GitCheckpoints(repo.path(), "bad..id").checkpoint(1, "x");
  ASSERT_FALSE(cp);
  EXPECT_EQ(cp.error().field, "run_id");
}

TEST(GitCheckpoints, RollbackKeepsTheFailedWorkOnABranchAndRestoresTheTag) {
  GitFixture repo;
  GitCheckpoints checkpoints(repo.path(), "run-7");
  repo.write("good.txt", "good\n");
  repo.write(".gitignore", "build/\n");
  auto cp = checkpoints.checkpoint(1, "checkpoint 1");
  ASSERT_TRUE(cp);
  // The next session breaks things: edits a tracked file, adds a new one, commits part of it.
  repo.write("good.txt", "broken\n");
  repo.git({"commit", "-q", "-am", "agent: break it"});
  repo.write("new.txt", "half done\n");
  repo.write("build/cache.o", "object\n");

  auto rb = checkpoints.rollback("overnight/run-7/1", 2);
  ASSERT_TRUE(rb) << rb.error().describe();
  EXPECT_EQ(rb->failed_branch, "overnight/run-7/failed-2");
  EXPECT_EQ(rb->restored_commit, cp->commit);
  EXPECT_EQ(repo.git({"rev-parse", "HEAD"}), cp->commit + "\n");
  EXPECT_EQ(repo.read("good.txt"), "good\n");
  EXPECT_FALSE(std::filesystem::exists(repo.path() / "new.txt"));
  EXPECT_TRUE(std::filesystem::exists(repo.path() / "build" / "cache.o")) << "ignored files stay";
  EXPECT_EQ(repo.git({"status", "--porcelain"}), "");
  // The failed attempt, including the uncommitted file, is on the branch.
  EXPECT_EQ(repo.git({"show", "overnight/run-7/failed-2:new.txt"}), "half done\n");
  EXPECT_EQ(repo.git({"show", "overnight/run-7/failed-2:good.txt"}), "broken\n");
  EXPECT_EQ(repo.git({"log", "-1", "--format=%s", "overnight/run-7/failed-2~1"}), "agent: break it\n");
}

TEST(GitCheckpoints, RollbackDoesNotRunOrNeedCommitHooks) {
  GitFixture repo;
  GitCheckpoints checkpoints(repo.path(), "run-7");
  repo.write("a.txt", "1\n");
  ASSERT_TRUE(checkpoints.checkpoint(1, "checkpoint 1"));
  repo.hook("pre-commit", "exit 1");
  repo.write("a.txt", "2\n");
  auto rb = checkpoints.rollback("overnight/run-7/1", 2);
  ASSERT_TRUE(rb) << rb.error().describe();
  EXPECT_EQ(repo.read("a.txt"), "1\n");
}

TEST(GitCheckpoints, RollbackRefusesToReuseABranch) {
  GitFixture repo;
  GitCheckpoints checkpoints(repo.path(), "run-7");
  repo.write("a.txt", "1\n");
  ASSERT_TRUE(checkpoints.checkpoint(1, "checkpoint 1"));
  ASSERT_TRUE(checkpoints.rollback("overnight/run-7/1", 2));
  auto again = checkpoints.rollback("overnight/run-7/1", 2);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
}

TEST(GitCheckpoints, RollbackToAMissingTagIsNotFound) {
  GitFixture repo;
  auto rb = GitCheckpoints(repo.path(), "run-7").rollback("overnight/run-7/9", 1);
  ASSERT_FALSE(rb);
  EXPECT_EQ(rb.error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace nightdesk::overnight
