// The real `overnight` binary, spec B6: the health check before the first session (dirty tree stashed or
// refused), the baseline tests (red: stop, or fix first), checkpoints after each session and at the interval
// (nothing to commit, a rejecting hook), and the rollback when the tests got worse.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "overnight/command_run.h"
#include "overnight/overnight_run_fixture.h"

namespace nightdesk::overnight {
namespace {

using ::testing::HasSubstr;
using testing::kTwoTasks;
using testing::OvernightRun;

class CheckpointRun : public OvernightRun {
 protected:
  std::string git(const std::string& args) {
    CommandOptions options;
    options.cwd = repo;
    auto r = run_command({"/bin/sh", "-c", "git " + args}, options);
    EXPECT_TRUE(r && r->success()) << args << ": " << (r ? r->output : r.error().message);
    return r ? r->out : std::string();
  }
  std::vector<std::string> tags(const std::string& run_id) {
    std::vector<std::string> out;
    std::istringstream in(git("tag -l 'overnight/" + run_id + "/*'"));
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
  std::vector<nlohmann::json> checkpoints() {
    auto lines = read_json_lines(repo / ".overnight" / "checkpoints.jsonl");
    return lines ? lines->records : std::vector<nlohmann::json>{};
  }
  std::vector<nlohmann::json> sessions() {
    std::vector<nlohmann::json> out;
    for (auto& r : history()) {
      if (r["type"] == "session") out.push_back(r);
    }
    return out;
  }
  void commit_progress() { sh(fmt::format("cd '{}' && git add PROGRESS.md && git commit -qm tasks", repo.string())); }
};

// Marks every task done (leaving it uncommitted).
constexpr const char* kFinishAll = "sed -i 's/- \\[ \\]/- [x]/' PROGRESS.md\n";

TEST_F(CheckpointRun, HealthCheck_DirtyTree_IsStashedButTheProgressFileIsKept) {
  progress(kTwoTasks);
  write(repo / "scratch.txt", "left over\n");
  agent(kFinishAll);
  config();
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  RunState s = state();
  EXPECT_EQ(s.pre_run_stash, "overnight/" + s.run_id + "/pre-run");
  EXPECT_THAT(git("stash list"), HasSubstr(s.pre_run_stash));
  EXPECT_FALSE(std::filesystem::exists(repo / "scratch.txt"));
  EXPECT_EQ(s.status, RunStatus::completed);
}

TEST_F(CheckpointRun, HealthCheck_DirtyTreeWithRefuse_FailsBeforeAnySession) {
  progress(kTwoTasks);
  write(repo / "scratch.txt", "left over\n");
  agent(kFinishAll);
  config("checkpoints:\n  dirty_tree: refuse\n  min_free_disk_mb: 0\n");
  // config() already wrote a checkpoints section; write the file whole instead.
  write(dir.path() / "overnight.yaml",
        fmt::format("agent:\n  command: {}\npaths:\n  workdir: repo\ncheckpoints:\n  dirty_tree: refuse\n"
                    "  min_free_disk_mb: 0\n",
                    (dir.path() / "agent.sh").string()));
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(state().end_reason, HasSubstr("uncommitted changes"));
  EXPECT_TRUE(sessions().empty());
  EXPECT_TRUE(std::filesystem::exists(repo / "scratch.txt"));
}

TEST_F(CheckpointRun, HealthCheck_TooLittleDisk_FailsNamingTheSpace) {
  progress(kTwoTasks);
  agent(kFinishAll);
  write(dir.path() / "overnight.yaml",
        fmt::format("agent:\n  command: {}\npaths:\n  workdir: repo\ncheckpoints:\n  min_free_disk_mb: 999999999\n",
                    (dir.path() / "agent.sh").string()));
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(state().end_reason, HasSubstr("MiB free"));
  EXPECT_TRUE(sessions().empty());
}

TEST_F(CheckpointRun, Baseline_RedWithOnRedStop_StopsBeforeAnySessionAndRecordsIt) {
  progress(kTwoTasks);
  agent(kFinishAll);
  config("tests:\n  command: \"echo '[  FAILED  ] 2 tests, listed below:'; exit 1\"\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  RunState s = state();
  EXPECT_EQ(s.status, RunStatus::failed);
  EXPECT_THAT(s.end_reason, HasSubstr("baseline tests are red"));
  ASSERT_TRUE(s.baseline);
  EXPECT_FALSE(s.baseline->passed);
  EXPECT_EQ(s.baseline->action, "stop");
  auto h = history();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["type"], "baseline");
  EXPECT_EQ(h[0]["passed"], false);
  EXPECT_TRUE(sessions().empty());
}

TEST_F(CheckpointRun, Baseline_RedWithFixFirst_FirstSessionIsToldToFixTheTests) {
  progress(kTwoTasks);
  agent("printf '%s' \"$1\" > ../prompt.txt\ntouch fixed\n" + std::string(kFinishAll));
  config("tests:\n  command: test -f fixed\n  on_red: fix_first\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  RunState s = state();
  ASSERT_TRUE(s.baseline);
  EXPECT_EQ(s.baseline->action, "fix_first");
  auto h = sessions();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["role"], "fix_tests");
  EXPECT_EQ(h[0]["tests"], "passed");
  EXPECT_THAT(read_file(dir.path() / "prompt.txt").value_or(""), HasSubstr("fix the test suite"));
  EXPECT_THAT(h[0]["checkpoint"].get<std::string>(), HasSubstr("tagged"));
}

TEST_F(CheckpointRun, Checkpoints_StartAndEachSessionEnd_TaggedAndRecorded) {
  progress(std::string(kTwoTasks));
  // Session 1 leaves work uncommitted; session 2 commits its own.
  agent("if [ ! -f ../one ]; then touch ../one; echo a > a.txt\n"
        "  sed -i '0,/- \\[ \\]/s//- [x]/' PROGRESS.md\nelse\n"
        "  sed -i '0,/- \\[ \\]/s//- [x]/' PROGRESS.md; git add -A; git commit -qm 'agent commit'\nfi\n");
  config("tests:\n  command: \"echo '[  PASSED  ] 3 tests.'\"\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  RunState s = state();
  auto t = tags(s.run_id);
  EXPECT_EQ(t.size(), 3u);  // start point, after session 1, after session 2
  EXPECT_EQ(s.checkpoint_count, 3);
  ASSERT_TRUE(s.last_checkpoint);
  EXPECT_EQ(s.last_checkpoint->tag, "overnight/" + s.run_id + "/3");
  EXPECT_EQ(s.last_checkpoint->commit, git("rev-parse HEAD").substr(0, 40));
  auto h = sessions();
  ASSERT_EQ(h.size(), 2u);
  EXPECT_THAT(h[0]["checkpoint"].get<std::string>(), HasSubstr("(committed)"));
  EXPECT_THAT(h[1]["checkpoint"].get<std::string>(), HasSubstr("(agent's commits)"));
  EXPECT_EQ(h[0]["tests"], "passed (3/3)");
  auto c = checkpoints();
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0]["trigger"], "run_start");
  EXPECT_EQ(c[1]["outcome"], "committed");
  EXPECT_EQ(c[2]["outcome"], "tagged_agent_commits");
  EXPECT_EQ(git("status --porcelain"), "");  // the runner's files are excluded, the agent's work committed
  EXPECT_THAT(git("log --format=%s -1 " + s.last_checkpoint->tag), HasSubstr("agent commit"));
}

TEST_F(CheckpointRun, Checkpoints_NothingChanged_RecordedAsNothingToCommitNotANewCheckpoint) {
  progress(kTwoTasks);
  commit_progress();
  agent("exit 0\n");
  config("session:\n  max_continuation_attempts: 1\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 1);
  RunState s = state();
  EXPECT_EQ(s.checkpoint_count, 1);  // only the start point
  EXPECT_EQ(tags(s.run_id).size(), 1u);
  auto h = sessions();
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0]["checkpoint"], "nothing to commit");
  auto c = checkpoints();
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[1]["outcome"], "nothing_to_commit");
  EXPECT_TRUE(c[1]["number"].is_null());
}

TEST_F(CheckpointRun, Checkpoints_RejectingHook_IsRecordedNotBypassed) {
  progress(kTwoTasks);
  commit_progress();
  write(repo / ".git" / "hooks" / "pre-commit", "#!/bin/sh\necho 'hook says no' >&2\nexit 1\n", true);
  agent("echo work > work.txt\n" + std::string(kFinishAll));
  config();
  const std::string head_before = git("rev-parse HEAD");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  RunState s = state();
  EXPECT_EQ(git("rev-parse HEAD"), head_before);  // no commit got past the hook
  EXPECT_EQ(s.checkpoint_count, 1);
  ASSERT_FALSE(s.warnings.empty());
  EXPECT_EQ(s.warnings.back().kind, "hook_rejected");
  EXPECT_THAT(s.warnings.back().detail, HasSubstr("hook says no"));
  auto h = sessions();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["checkpoint"], "hook rejected the commit");
  auto c = checkpoints();
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[1]["outcome"], "hook_rejected");
  EXPECT_THAT(c[1]["hook_output"].get<std::string>(), HasSubstr("hook says no"));
}

TEST_F(CheckpointRun, Rollback_TestsGotWorse_RestoresTheCheckpointAndKeepsTheAttemptOnABranch) {
  progress(kTwoTasks);
  commit_progress();
  // Session 1 breaks the tests; session 2 does the work properly.
  agent("if [ ! -f ../second ]; then touch ../second broken; echo attempt > attempt.txt\nelse\n" +
        std::string(kFinishAll) + "fi\n");
  config("tests:\n  command: test ! -f broken\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  RunState s = state();
  ASSERT_EQ(s.rollbacks.size(), 1u);
  const std::string branch = "overnight/" + s.run_id + "/failed-1";
  EXPECT_EQ(s.rollbacks[0].failed_branch, branch);
  EXPECT_EQ(s.rollbacks[0].restored_tag, "overnight/" + s.run_id + "/1");
  EXPECT_THAT(s.rollbacks[0].reason, HasSubstr("tests got worse"));
  EXPECT_FALSE(std::filesystem::exists(repo / "broken"));
  EXPECT_FALSE(std::filesystem::exists(repo / "attempt.txt"));
  EXPECT_EQ(git("show " + branch + ":attempt.txt"), "attempt\n");
  auto h = sessions();
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0]["rollback"], branch);
  EXPECT_THAT(h[0]["checkpoint"].get<std::string>(), HasSubstr("rolled back"));
  EXPECT_EQ(h[1]["tests"], "passed");
  auto c = checkpoints();
  ASSERT_GE(c.size(), 2u);
  EXPECT_EQ(c[1]["type"], "rollback");
  EXPECT_EQ(c[1]["failed_branch"], branch);
}

TEST_F(CheckpointRun, Checkpoints_Interval_CommitsWhileTheSessionRuns) {
  progress(kTwoTasks);
  commit_progress();
  agent("echo a > a.txt\necho working\nsleep 0.8\necho done\n" + std::string(kFinishAll));
  config("session:\n  checkpoint_interval_minutes: 0.004\n");
  auto r = overnight({"run"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  bool interval_commit = false;
  for (const auto& c : checkpoints()) {
    interval_commit |= c["trigger"] == "interval" && c["outcome"] == "committed";
  }
  EXPECT_TRUE(interval_commit);
}

}  // namespace
}  // namespace nightdesk::overnight
