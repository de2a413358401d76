#include "overnight/process_tree_sampler.h"

#include <unistd.h>

#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "overnight/child_process.h"
#include "support/temp_dir.h"

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;
using SteadyTime = std::chrono::steady_clock::time_point;

// A fake /proc: meminfo plus one stat file per process.
class FakeProc {
 public:
  FakeProc() { std::ofstream(dir_ / "meminfo") << "MemTotal:       1000000 kB\nMemFree:         500000 kB\n"; }
  // utime etc. in clock ticks, rss in pages.
  void process(int pid, const std::string& comm, char state, int ppid, int pgrp, long utime, long stime,
               long cutime, long start, long rss_pages) {
    std::filesystem::create_directories(dir_ / std::to_string(pid));
    std::ofstream(dir_ / std::to_string(pid) / "stat")
        << pid << " (" << comm << ") " << state << " " << ppid << " " << pgrp << " " << pgrp << " 0 -1 4194304 "
        << "100 0 0 0 " << utime << " " << stime << " " << cutime << " 0 20 0 1 0 " << start << " 1000000 "
        << rss_pages << " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n";
  }
  void remove(int pid) { std::filesystem::remove_all(dir_ / std::to_string(pid)); }
  const std::filesystem::path& path() const { return dir_.path(); }

 private:
  TempDir dir_;
};

const long kPage = ::sysconf(_SC_PAGESIZE);
const long kTicks = ::sysconf(_SC_CLK_TCK);

TEST(ProcessTreeSampler, SumsTheGroupAndDescendantsOnly) {
  FakeProc proc;
  proc.process(100, "claude", 'S', 1, 100, 0, 0, 0, 10, 1000);
  proc.process(101, "node worker (x)", 'R', 100, 100, 0, 0, 0, 11, 500);  // comm with spaces and parens
  proc.process(102, "escaped", 'S', 101, 102, 0, 0, 0, 12, 250);           // own group, still a descendant
  proc.process(103, "gcc", 'S', 102, 102, 0, 0, 0, 13, 125);               // its child
  proc.process(200, "unrelated", 'S', 1, 200, 0, 0, 0, 5, 9999);
  proc.process(104, "dead", 'Z', 100, 100, 0, 0, 0, 14, 0);
  ProcessTreeSampler sampler(100, proc.path());
  auto s = sampler.sample(SteadyTime{});
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(s->processes, 4) << "zombies do not count";
  EXPECT_EQ(s->rss_bytes, static_cast<std::uint64_t>(1875 * kPage));
  EXPECT_NEAR(s->memory_pct, 100.0 * 1875.0 * kPage / 1.024e9, 1e-9);
  EXPECT_FALSE(s->cpu_pct) << "no CPU figure without a previous sample";
}

TEST(ProcessTreeSampler, CpuComesFromTheDeltaBetweenSamples) {
  FakeProc proc;
  proc.process(100, "agent", 'R', 1, 100, 10, 10, 0, 10, 1);
  ProcessTreeSampler sampler(100, proc.path());
  ASSERT_TRUE(sampler.sample(SteadyTime{} + 1s));
  proc.process(100, "agent", 'R', 1, 100, 10 + kTicks / 2, 10, 0, 10, 1);  // half a second of CPU
  auto s = sampler.sample(SteadyTime{} + 2s);                             // in one second of wall time
  ASSERT_TRUE(s && s->cpu_pct);
  EXPECT_NEAR(*s->cpu_pct, 50.0, 1e-9);
  EXPECT_LE(*s->cpu_pct_of_host, *s->cpu_pct);
}

TEST(ProcessTreeSampler, ReapedChildIsCountedOnceThroughItsParent) {
  FakeProc proc;
  proc.process(100, "make", 'S', 1, 100, 0, 0, 0, 10, 1);
  proc.process(101, "cc1plus", 'R', 100, 100, kTicks, 0, 0, 11, 1);  // 1 s used so far
  ProcessTreeSampler sampler(100, proc.path());
  ASSERT_TRUE(sampler.sample(SteadyTime{} + 1s));
  // The compiler used one more second, exited and was reaped: make's cutime now holds its 2 s.
  proc.remove(101);
  proc.process(100, "make", 'S', 1, 100, 0, 0, 2 * kTicks, 10, 1);
  auto s = sampler.sample(SteadyTime{} + 2s);
  ASSERT_TRUE(s && s->cpu_pct);
  EXPECT_NEAR(*s->cpu_pct, 100.0, 1e-9);
}

TEST(ProcessTreeSampler, ReusedPidIsANewProcess) {
  FakeProc proc;
  proc.process(100, "agent", 'S', 1, 100, 0, 0, 0, 10, 1);
  proc.process(101, "old", 'S', 100, 100, 5 * kTicks, 0, 0, 11, 1);
  ProcessTreeSampler sampler(100, proc.path());
  ASSERT_TRUE(sampler.sample(SteadyTime{} + 1s));
  proc.process(101, "new", 'R', 100, 100, kTicks / 4, 0, 0, 99, 1);  // same pid, later start
  auto s = sampler.sample(SteadyTime{} + 2s);
  ASSERT_TRUE(s && s->cpu_pct);
  EXPECT_GE(*s->cpu_pct, 0.0) << "never negative";
}

TEST(ProcessTreeSampler, GoneTreeIsAnEmptySample) {
  FakeProc proc;
  ProcessTreeSampler sampler(100, proc.path());
  auto s = sampler.sample();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->processes, 0);
  EXPECT_EQ(s->rss_bytes, 0u);
}

TEST(ProcessTreeSampler, UnreadableProcIsAnIoError) {
  ProcessTreeSampler sampler(100, "/nonexistent/proc");
  auto s = sampler.sample();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::io_error);
}

TEST(ProcessTreeSampler, MeasuresARealChildTree) {
  ChildSpec spec;
  spec.argv = {"/bin/sh", "-c", "sleep 5 & sleep 5 & while :; do :; done"};
  auto child = ChildProcess::spawn(spec);
  ASSERT_TRUE(child) << child.error().describe();
  ProcessTreeSampler sampler(child->pid());
  ASSERT_TRUE(sampler.sample());
  std::this_thread::sleep_for(200ms);  // the test waits; the sampler itself never does
  auto s = sampler.sample();
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_GE(s->processes, 3);
  EXPECT_GT(s->rss_bytes, 0u);
  EXPECT_GT(s->memory_pct, 0.0);
  ASSERT_TRUE(s->cpu_pct);
  // A busy loop gets anything from a few % to 100 % of a core on a loaded machine; a broken delta gives 0.
  EXPECT_GT(*s->cpu_pct, 1.0) << "a busy shell loop";
  child->terminate(100ms);
}

TEST(ProcessTreeSampler, SamplingDoesNotBlock) {
  ProcessTreeSampler sampler(::getpid());
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(sampler.sample());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
}

}  // namespace
}  // namespace nightdesk::overnight
