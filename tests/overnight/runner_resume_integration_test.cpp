// The real `overnight` binary killed with SIGKILL (spec B6, B9): `overnight resume` continues from the last
// completed step. A session cut short is recorded as interrupted, never as completed, and its agent is stopped;
// no session number is ever started twice; the state file is never torn; a new runner holds the lock and has
// resumed within 5 s of the kill. The random-kill test repeats this at many points of a real run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "common/file_lock.h"
#include "overnight/overnight_run_fixture.h"

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testing::OvernightProcess;
using testing::OvernightRun;

// Alive and not a zombie (the orphan's new parent may never reap it).
bool running(long pid) {
  auto stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return false;
  const auto paren = stat->rfind(')');
  return paren != std::string::npos && paren + 2 < stat->size() && (*stat)[paren + 2] != 'Z';
}

class ResumeRun : public OvernightRun {
 protected:
  OvernightProcess start(const std::string& command) {
    return OvernightProcess(dir.path(), {command, "--config", (dir.path() / "overnight.yaml").string()},
                            dir.path() / fmt::format("runner{}.txt", ++started_));
  }
  std::filesystem::path state_path() const { return repo / ".overnight" / "state.json"; }
  // The state as a reader sees it at any moment: absent, or whole and passing its checksum.
  std::optional<RunState> read_state_untorn() {
    auto text = read_file(state_path());
    if (!text) return std::nullopt;
    auto decoded = decode_run_state(*text);
    EXPECT_TRUE(decoded) << "torn or corrupt state: " << decoded.error().message;
    auto good = read_file(repo / ".overnight" / "state.json.good");
    if (good) {
      EXPECT_TRUE(decode_run_state(*good)) << "torn good copy";
    }
    return decoded ? std::optional<RunState>(*decoded) : std::nullopt;
  }
  // Waits until a runner started after `killed_at` has journaled its resume; returns how long that took.
  std::chrono::milliseconds time_to_resume(Timestamp killed_at, std::chrono::steady_clock::time_point since) {
    for (int i = 0; i < 1000; ++i) {
      if (auto s = read_state_untorn()) {
        for (auto it = s->journal.rbegin(); it != s->journal.rend(); ++it) {
          if (it->step == "resume" && it->at >= killed_at) {
            return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since);
          }
        }
        if (is_final(s->status)) return std::chrono::milliseconds(0);
      }
      std::this_thread::sleep_for(5ms);
    }
    std::string holders;
    std::error_code ec;
    for (const auto& proc : std::filesystem::directory_iterator("/proc", ec)) {
      std::error_code ec2;
      for (const auto& fd : std::filesystem::directory_iterator(proc.path() / "fd", ec2)) {
        std::error_code ec3;
        auto target = std::filesystem::read_symlink(fd.path(), ec3);
        if (!ec3 && target.string().find("runner.lock") != std::string::npos) {
          std::string cmd = read_file(proc.path() / "cmdline").value_or("");
          std::replace(cmd.begin(), cmd.end(), '\0', ' ');
          holders += proc.path().string() + ": " + cmd + "\n";
        }
      }
    }
    ADD_FAILURE() << "no resume journaled; the runner said:\n"
                  << read_file(dir.path() / fmt::format("runner{}.txt", started_)).value_or("") << "holders:\n"
                  << holders;
    return std::chrono::milliseconds(999'999);
  }
  std::vector<int> calls() {
    std::vector<int> out;
    std::istringstream in(read_file(dir.path() / "calls").value_or(""));
    for (int n; in >> n;) out.push_back(n);
    return out;
  }
  int started_ = 0;
};

TEST_F(ResumeRun, ResumeWithoutAnUnfinishedRun_ExitsOneAndStartsNothing) {
  progress(testing::kTwoTasks);
  agent("touch ../called\n");
  config();
  auto r = overnight({"resume"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("no unfinished run to resume"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "called"));
}

TEST_F(ResumeRun, RunnerKilledWhileTheAgentRuns_SessionIsInterruptedAndTheNextRunnerContinuesWithinFiveSeconds) {
  progress(testing::kTwoTasks);
  agent("echo \"$OVERNIGHT_SESSION\" >> ../calls\n"
        "if [ \"$OVERNIGHT_SESSION\" = 1 ]; then echo $$ > ../agent.pid; sleep 60; fi\n"
        "sed -i 's/- \\[ \\]/- [x]/' PROGRESS.md\ngit add PROGRESS.md\ngit commit -qm done\n");
  config("session:\n  max_idle_minutes: 5\n");
  auto runner = start("run");
  // The shell creates agent.pid before it writes the number: wait for the whole line, not for the file.
  std::string pid_line;
  for (int i = 0; i < 500 && !pid_line.ends_with('\n'); ++i) {
    std::this_thread::sleep_for(10ms);
    pid_line = read_file(dir.path() / "agent.pid").value_or("");
  }
  ASSERT_TRUE(pid_line.ends_with('\n')) << "the agent never wrote its pid";
  const long orphan = std::stol(pid_line);
  const Timestamp killed_at = RealClock().now();
  ::kill(runner.pid(), SIGKILL);
  runner.wait();
  ASSERT_TRUE(running(orphan)) << "the agent outlives its runner until a new one stops it";

  const auto since = std::chrono::steady_clock::now();
  auto resumed = start("resume");
  EXPECT_LT(time_to_resume(killed_at, since), 5s);
  auto finished = resumed.wait();
  EXPECT_EQ(finished.exit_code, 0) << finished.output;
  EXPECT_FALSE(running(orphan)) << "the orphaned agent was stopped";

  RunState s = state();
  EXPECT_EQ(s.status, RunStatus::completed);
  EXPECT_EQ(s.interrupted_sessions, 1);
  EXPECT_FALSE(s.in_flight);
  auto h = history();
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0]["session"], 1);
  EXPECT_EQ(h[0]["exit_class"], "interrupted");
  EXPECT_EQ(h[1]["session"], 2);
  EXPECT_EQ(h[1]["role"], "resume");
  EXPECT_EQ(h[1]["exit_class"], "finished");
  EXPECT_EQ(calls(), (std::vector<int>{1, 2}));
}

// B5/B6: the restart backoff is journaled with the decision. A runner killed during it resumes the same wait (no
// agent call before its end) and the next failure continues the doubling instead of starting over.
TEST_F(ResumeRun, RunnerKilledDuringRestartBackoff_ResumedRunnerWaitsTheRestAndContinuesTheDoubling) {
  progress(testing::kTwoTasks);
  agent("echo \"$OVERNIGHT_SESSION\" >> ../calls\nexit 3\n");
  config("", "  backoff_jitter_pct: 0\n  stable_run_seconds: 60\n  max_restarts: 4\n  pause_after_failures: 100\n");
  // Delays 0.2, 0.4, 0.8, 1.6 s: the fixture's 0.05 s base is raised so the kill lands inside a backoff.
  std::string yaml = read_file(dir.path() / "overnight.yaml").value_or("");
  const std::string fast = "backoff_base_seconds: 0.05\n  backoff_max_seconds: 0.2";
  ASSERT_NE(yaml.find(fast), std::string::npos);
  yaml.replace(yaml.find(fast), fast.size(), "backoff_base_seconds: 0.2\n  backoff_max_seconds: 10");
  write(dir.path() / "overnight.yaml", yaml);
  auto runner = start("run");
  std::optional<RunState> during;
  for (int i = 0; i < 2000 && !during; ++i) {
    if (auto s = read_state_untorn(); s && s->consecutive_failures == 3 && s->restart_at) during = s;
    if (!during) std::this_thread::sleep_for(2ms);
  }
  ASSERT_TRUE(during) << "never saw the third backoff";
  ::kill(runner.pid(), SIGKILL);
  runner.wait();
  EXPECT_DOUBLE_EQ(during->last_backoff_s, 0.8);
  const Timestamp backoff_end = *during->restart_at;

  auto resumed = start("resume");
  std::optional<RunState> mid;  // the resumed runner, inside the interrupted backoff
  for (int i = 0; i < 400 && !mid && RealClock().now() < backoff_end; ++i) {
    auto s = read_state_untorn();
    const bool resumed_journaled = s && std::any_of(s->journal.begin(), s->journal.end(),
                                                    [](const JournalEntry& e) { return e.step == "resume"; });
    if (resumed_journaled && s->status == RunStatus::waiting && s->session == 3) mid = s;
    if (!mid) std::this_thread::sleep_for(2ms);
  }
  ASSERT_TRUE(mid) << "the resumed runner did not report the interrupted backoff as a wait";
  EXPECT_EQ(mid->restart_at, during->restart_at) << "the same backoff end, not a new one";
  auto finished = resumed.wait();
  EXPECT_EQ(finished.exit_code, 1) << finished.output;  // max_restarts 4: the fifth failure gives up

  RunState s = state();
  EXPECT_EQ(s.status, RunStatus::failed);
  EXPECT_EQ(calls(), (std::vector<int>{1, 2, 3, 4, 5}));
  auto h = history();
  ASSERT_EQ(h.size(), 5u);
  auto started = parse_iso8601(h[3]["start"].get<std::string>());
  ASSERT_TRUE(started);
  EXPECT_GE(*started, backoff_end) << "session 4 started before the interrupted backoff had ended";
  // The sequence went on: 0.2, 0.4, 0.8, then 1.6 (not 0.2 again), all of it in the state.
  EXPECT_DOUBLE_EQ(s.last_backoff_s, 1.6);
  EXPECT_NEAR(s.backoff_total_s, 0.2 + 0.4 + 0.8 + 1.6, 1e-9);
  EXPECT_FALSE(s.restart_at) << "no backoff pending in a finished run";
  EXPECT_EQ(s.total_restarts, 5);
}

// B9: kill -9 of the runner at random points of a real run (stand-in agent, tests, checkpoints), then
// `overnight resume`, many times over; checks after every kill and at the end.
TEST_F(ResumeRun, RunnerKilledAtRandomPoints_NoSessionRepeatsStateNeverTornAndTheRunCompletes) {
  const int kills = std::getenv("OVERNIGHT_RESUME_KILLS") ? std::atoi(std::getenv("OVERNIGHT_RESUME_KILLS")) : 40;
  std::string tasks = "# GOAL: many small tasks\n## Work (P0)\n";
  // Enough tasks that the run outlasts the kills on a fast idle machine (each session is ~0.1 s there).
  constexpr int kTasks = 60;
  for (int i = 1; i <= kTasks; ++i) tasks += fmt::format("- [ ] **{}** task {}\n", i, i);
  progress(tasks);
  sh(fmt::format("cd '{}' && git add -A && git commit -qm tasks", repo.string()));
  agent("echo \"$OVERNIGHT_SESSION\" >> ../calls\nsleep 0.05\n"
        "sed -i '0,/- \\[ \\]/s//- [x]/' PROGRESS.md\ngit add PROGRESS.md\ngit commit -qm \"session $OVERNIGHT_SESSION\"\n");
  config("tests:\n  command: \"true\"\nsession:\n  max_continuation_attempts: 1000\n");

  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> delay_ms(0, 300);
  std::optional<OvernightProcess> runner(start("run"));
  std::chrono::milliseconds slowest{0};
  int kill_points = 0;
  for (int k = 0; k < kills; ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    int status = 0;
    if (::waitpid(runner->pid(), &status, WNOHANG) == runner->pid()) {
      auto s = read_state_untorn();
      if (s && is_final(s->status)) break;  // it finished between two kills
      runner.emplace(start(s ? "resume" : "run"));
      continue;
    }
    const Timestamp killed_at = RealClock().now();
    ::kill(runner->pid(), SIGKILL);
    runner->wait();
    ++kill_points;
    auto s = read_state_untorn();
    if (s && is_final(s->status)) break;
    const auto since = std::chrono::steady_clock::now();
    runner.emplace(start(s ? "resume" : "run"));
    if (s) slowest = std::max(slowest, time_to_resume(killed_at, since));
  }
  auto last = runner->wait(120s);
  auto s = read_state_untorn();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->status, RunStatus::completed) << last.output;
  EXPECT_LT(slowest, 5s) << "slowest resume after a kill";
  EXPECT_GE(kill_points, std::min(kills, 10)) << "too few kills landed before the run completed";

  // No session number was ever started twice, and every started session is in the history exactly once.
  const std::vector<int> started = calls();
  const std::set<int> unique(started.begin(), started.end());
  EXPECT_EQ(unique.size(), started.size()) << "a session was started twice";
  std::map<int, std::string> recorded;
  for (const auto& r : history()) {
    if (r["type"] != "session") continue;
    const int n = r["session"].get<int>();
    EXPECT_FALSE(recorded.contains(n)) << "session " << n << " recorded twice";
    recorded[n] = r["exit_class"].get<std::string>();
  }
  for (int n : started) EXPECT_TRUE(recorded.contains(n)) << "session " << n << " ran but is not in the history";
  int interrupted = 0;
  for (const auto& [n, exit_class] : recorded) interrupted += exit_class == "interrupted" ? 1 : 0;
  EXPECT_EQ(interrupted, s->interrupted_sessions);
  EXPECT_EQ(s->progress.done, kTasks);
  for (const auto& w : s->warnings) {
    EXPECT_NE(w.kind, "checkpoint") << "a checkpoint failed (e.g. a tag made twice): " << w.detail;
  }
  // Checkpoint numbers are contiguous: a tag made just before a kill was adopted, not made again.
  ASSERT_TRUE(s->last_checkpoint);
  EXPECT_EQ(s->last_checkpoint->number, s->checkpoint_count);
  const auto post_session_resumes = std::count_if(s->journal.begin(), s->journal.end(), [](const JournalEntry& e) {
    return e.phase == "resumed";  // the agent had exited; only the post-session steps were left
  });
  std::cout << fmt::format("{} kill points, {} sessions ({} interrupted, {} resumed after the agent exited), slowest "
                           "resume {} ms\n", kill_points, recorded.size(), interrupted, post_session_resumes,
                           slowest.count());
}

}  // namespace
}  // namespace nightdesk::overnight
