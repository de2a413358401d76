#include "overnight/environment_check.h"

#include <gtest/gtest.h>

#include "overnight/git_fixture.h"

namespace nightdesk::overnight {
namespace {

using testing::GitFixture;

EnvironmentCheckConfig config_for(const std::filesystem::path& repo) {
  EnvironmentCheckConfig config;
  config.repo = repo;
  config.agent_command = "sh";
  config.run_id = "run-7";
  config.min_free_bytes = 1;
  return config;
}

bool has_problem(const EnvironmentReport& report, const std::string& field) {
  for (const auto& p : report.problems) {
    if (p.field == field) return true;
  }
  return false;
}

TEST(EnvironmentCheck, CleanRepositoryWithAgentPasses) {
  GitFixture repo;
  auto report = check_environment(config_for(repo.path()));
  EXPECT_TRUE(report.ok()) << report.problems.front().describe();
  EXPECT_TRUE(report.agent_path);
  EXPECT_TRUE(report.git_repository);
  EXPECT_FALSE(report.was_dirty);
  EXPECT_GT(report.free_bytes, 0u);
}

TEST(EnvironmentCheck, MissingAgentIsAProblemNamingTheCommand) {
  GitFixture repo;
  auto config = config_for(repo.path());
  config.agent_command = "no-such-agent-cli";
  auto report = check_environment(config);
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(has_problem(report, "command"));
}

TEST(EnvironmentCheck, DirtyTreeIsStashedUnderANamedStash) {
  GitFixture repo;
  repo.write("README.md", "local edit\n");
  repo.write("untracked.txt", "x\n");
  auto report = check_environment(config_for(repo.path()));
  EXPECT_TRUE(report.ok());
  EXPECT_TRUE(report.was_dirty);
  ASSERT_TRUE(report.stash_name);
  EXPECT_EQ(*report.stash_name, "overnight/run-7/pre-run");
  EXPECT_EQ(repo.git({"status", "--porcelain"}), "");
  EXPECT_NE(repo.git({"stash", "list"}).find("overnight/run-7/pre-run"), std::string::npos);
}

TEST(EnvironmentCheck, KeptPathsAreNeitherDirtyNorStashed) {
  GitFixture repo;
  repo.write("PROGRESS.md", "- [ ] task\n");
  repo.write(".overnight/state.json", "{}\n");
  auto config = config_for(repo.path());
  config.keep = {repo.path() / "PROGRESS.md", repo.path() / ".overnight", "/somewhere/else"};
  auto report = check_environment(config);
  EXPECT_TRUE(report.ok());
  EXPECT_FALSE(report.was_dirty);
  EXPECT_FALSE(report.stash_name);
  repo.write("README.md", "local edit\n");
  report = check_environment(config);
  EXPECT_TRUE(report.was_dirty);
  ASSERT_TRUE(report.stash_name);
  EXPECT_EQ(repo.read("PROGRESS.md"), "- [ ] task\n");  // stashing left the kept file in place
  EXPECT_EQ(repo.read("README.md"), "hello\n");
  EXPECT_TRUE(std::filesystem::exists(repo.path() / ".overnight" / "state.json"));
}

TEST(EnvironmentCheck, KeptPathThatGitIgnoresDoesNotBreakTheStash) {
  GitFixture repo;
  repo.write(".gitignore", ".overnight/\n");
  repo.git({"add", ".gitignore"});
  repo.git({"commit", "-q", "-m", "ignore"});
  repo.write(".overnight/state.json", "{}\n");
  repo.write("scratch.txt", "x\n");
  auto config = config_for(repo.path());
  config.keep = {repo.path() / ".overnight"};
  auto report = check_environment(config);
  EXPECT_TRUE(report.ok()) << report.problems.front().describe();
  EXPECT_TRUE(report.stash_name);
  EXPECT_FALSE(std::filesystem::exists(repo.path() / "scratch.txt"));
}

TEST(EnvironmentCheck, ExcludeFromRepository_AddsUnignoredPathsOnce) {
  GitFixture repo;
  repo.write(".overnight/state.json", "{}\n");
  std::vector<std::filesystem::path> paths = {repo.path() / ".overnight", repo.path() / ".overnight" / "logs",
                                              "/elsewhere/x"};
  auto added = exclude_from_repository(repo.path(), paths);
  ASSERT_TRUE(added) << added.error().describe();
  EXPECT_EQ(*added, std::vector<std::string>{"/.overnight/"});
  EXPECT_EQ(repo.git({"status", "--porcelain"}), "");
  added = exclude_from_repository(repo.path(), paths);
  ASSERT_TRUE(added);
  EXPECT_TRUE(added->empty());
}

TEST(EnvironmentCheck, DirtyTreeIsAProblemWhenStashingIsOff) {
  GitFixture repo;
  repo.write("README.md", "local edit\n");
  auto config = config_for(repo.path());
  config.stash_dirty = false;
  auto report = check_environment(config);
  EXPECT_TRUE(has_problem(report, "repo"));
  EXPECT_EQ(repo.read("README.md"), "local edit\n") << "nothing touched";
}

TEST(EnvironmentCheck, NotARepositoryIsAProblem) {
  nightdesk::testing::TempDir dir;
  auto report = check_environment(config_for(dir.path()));
  EXPECT_FALSE(report.git_repository);
  EXPECT_TRUE(has_problem(report, "repo"));
}

TEST(EnvironmentCheck, TooLittleDiskSpaceIsAProblem) {
  GitFixture repo;
  auto config = config_for(repo.path());
  config.min_free_bytes = ~0ull;
  auto report = check_environment(config);
  EXPECT_TRUE(has_problem(report, "disk"));
}

TEST(EnvironmentCheck, ReportsEveryProblemNotJustTheFirst) {
  nightdesk::testing::TempDir dir;
  auto config = config_for(dir.path());
  config.agent_command = "no-such-agent-cli";
  config.min_free_bytes = ~0ull;
  auto report = check_environment(config);
  EXPECT_EQ(report.problems.size(), 3u);
}

}  // namespace
}  // namespace nightdesk::overnight
