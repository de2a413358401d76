#include "overnight/child_process.h"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace nightdesk::overnight {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

ChildSpec command(std::vector<std::string> argv, std::filesystem::path stdin_file = {}) {
  ChildSpec spec;
  spec.argv = std::move(argv);
  spec.stdin_file = std::move(stdin_file);
  return spec;
}
ChildSpec shell(const std::string& script) { return command({"/bin/sh", "-c", script}); }

// Collects every line until the child has exited (or 5 s pass).
std::vector<OutputLine> lines_until_exit(ChildProcess& child) {
  std::vector<OutputLine> all;
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    child.wait_for_activity(50ms);
    for (auto& line : child.take_lines()) all.push_back(std::move(line));
    if (child.exit_status()) break;
  }
  for (auto& line : child.take_lines()) all.push_back(std::move(line));
  return all;
}

std::vector<std::string> texts(const std::vector<OutputLine>& lines, OutputStream stream) {
  std::vector<std::string> out;
  for (const auto& line : lines) {
    if (line.stream == stream) out.push_back(line.text);
  }
  return out;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Alive means present in /proc and not a zombie (a container's pid 1 may never reap orphans).
bool process_alive(pid_t pid) {
  std::ifstream stat_file("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat_file, line)) return false;
  auto paren = line.rfind(')');
  return paren != std::string::npos && line[paren + 2] != 'Z' && line[paren + 2] != 'X';
}

bool eventually_dead(pid_t pid) {
  for (int i = 0; i < 200 && process_alive(pid); ++i) std::this_thread::sleep_for(5ms);
  return !process_alive(pid);
}

std::string wait_for_first_line(ChildProcess& child) {
  for (int i = 0; i < 100; ++i) {
    child.wait_for_activity(50ms);
    auto lines = child.take_lines();
    if (!lines.empty()) return lines.front().text;
  }
  return {};
}

TEST(FindExecutable, FindsABareNameOnTheSearchPath) {
  auto found = find_executable("sh", "/nonexistent:/bin:/usr/bin");
  ASSERT_TRUE(found) << found.error().describe();
  EXPECT_EQ(found->filename(), "sh");
}

TEST(FindExecutable, MissingCommandIsNotFoundAndNamesIt) {
  auto found = find_executable("no-such-agent-cli", "/bin:/usr/bin");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, ErrorCode::not_found);
  EXPECT_EQ(found.error().field, "command");
  EXPECT_NE(found.error().message.find("no-such-agent-cli"), std::string::npos);
}

TEST(FindExecutable, PathWithSlashMustBeAnExecutableFile) {
  TempDir dir;
  std::ofstream(dir / "script.sh") << "#!/bin/sh\n";
  EXPECT_FALSE(find_executable((dir / "script.sh").string(), ""));
  ::chmod((dir / "script.sh").c_str(), 0755);
  EXPECT_TRUE(find_executable((dir / "script.sh").string(), ""));
  EXPECT_FALSE(find_executable(dir.path().string(), "")) << "a directory is not a command";
}

TEST(FindExecutable, EmptyCommandIsNotFound) { EXPECT_FALSE(find_executable("", "/bin")); }

TEST(ChildProcess, MissingCommandIsReportedBeforeAnythingIsSpawned) {
  auto child = ChildProcess::spawn(command({"no-such-agent-cli", "--print"}));
  ASSERT_FALSE(child);
  EXPECT_EQ(child.error().code, ErrorCode::not_found);
}

TEST(ChildProcess, EmptyCommandLineIsInvalid) {
  auto child = ChildProcess::spawn(ChildSpec{});
  ASSERT_FALSE(child);
  EXPECT_EQ(child.error().code, ErrorCode::invalid_argument);
}

TEST(ChildProcess, MissingWorkingDirectoryIsReported) {
  auto spec = shell("true");
  spec.cwd = "/nonexistent/dir";
  auto child = ChildProcess::spawn(spec);
  ASSERT_FALSE(child);
  EXPECT_EQ(child.error().field, "cwd");
}

TEST(ChildProcess, StdoutAndStderrReachTheOwnerAndTheirLogs) {
  TempDir dir;
  auto spec = shell("echo one; echo two >&2; echo three");
  spec.stdout_log = dir / "session-1.out.log";
  spec.stderr_log = dir / "session-1.err.log";
  auto child = ChildProcess::spawn(spec);
  ASSERT_TRUE(child) << child.error().describe();
  auto lines = lines_until_exit(*child);
  EXPECT_EQ(texts(lines, OutputStream::out), (std::vector<std::string>{"one", "three"}));
  EXPECT_EQ(texts(lines, OutputStream::err), (std::vector<std::string>{"two"}));
  child->terminate(100ms);
  EXPECT_EQ(slurp(dir / "session-1.out.log"), "one\nthree\n");
  EXPECT_EQ(slurp(dir / "session-1.err.log"), "two\n");
}

// A descriptor the runner holds without O_CLOEXEC (e.g. the status server's listening socket) must not reach the
// agent: an agent outliving a killed runner would otherwise keep the port bound against the resumed runner.
TEST(ChildProcess, RunnersDescriptorsWithoutCloexec_AreNotInheritedByTheAgent) {
  const int leaky = ::socket(AF_INET, SOCK_STREAM, 0);  // no SOCK_CLOEXEC, as Asio opens its acceptor
  ASSERT_GE(leaky, 3);
  auto child = ChildProcess::spawn(shell(fmt::format("if [ -e /proc/$$/fd/{} ]; then echo inherited; else echo "
                                                     "closed; fi",
                                                     leaky)));
  ASSERT_TRUE(child) << child.error().describe();
  auto lines = lines_until_exit(*child);
  ::close(leaky);
  EXPECT_EQ(texts(lines, OutputStream::out), (std::vector<std::string>{"closed"}));
}

TEST(ChildProcess, BothStreamsMayShareOneLog) {
  TempDir dir;
  auto spec = shell("echo out; echo err >&2");
  spec.stdout_log = spec.stderr_log = dir / "session.log";
  auto child = ChildProcess::spawn(spec);
  ASSERT_TRUE(child);
  lines_until_exit(*child);
  child->terminate(100ms);
  std::string log = slurp(dir / "session.log");
  EXPECT_NE(log.find("out\n"), std::string::npos);
  EXPECT_NE(log.find("err\n"), std::string::npos);
}

TEST(ChildProcess, UnterminatedLastLineIsDelivered) {
  auto child = ChildProcess::spawn(shell("printf 'no newline'"));
  ASSERT_TRUE(child);
  auto lines = lines_until_exit(*child);
  child->terminate(100ms);
  EXPECT_EQ(texts(lines, OutputStream::out), std::vector<std::string>{"no newline"});
}

TEST(ChildProcess, ExitCodeIsRecordedAndNoticedWithinOneHundredMilliseconds) {
  auto child = ChildProcess::spawn(shell("sleep 0.05; echo bye; exit 3"));
  ASSERT_TRUE(child);
  auto lines = lines_until_exit(*child);
  auto status = child->exit_status();
  ASSERT_TRUE(status);
  EXPECT_EQ(status->exit_code, 3);
  EXPECT_FALSE(status->signal);
  EXPECT_FALSE(status->success());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back().text, "bye");
  EXPECT_LE(status->ended - lines.back().received, 100ms);
  EXPECT_EQ(status->describe(), "exit code 3");
}

TEST(ChildProcess, EnvironmentAdditionsAndWorkingDirectoryApply) {
  TempDir dir;
  auto spec = shell("echo \"$OVERNIGHT_RUN_ID\"; echo \"$HOME_OVERRIDE\"; pwd");
  spec.env = {{"OVERNIGHT_RUN_ID", "run-42"}, {"HOME_OVERRIDE", "x=y"}};
  spec.cwd = dir.path();
  auto child = ChildProcess::spawn(spec);
  ASSERT_TRUE(child);
  auto out = texts(lines_until_exit(*child), OutputStream::out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], "run-42");
  EXPECT_EQ(out[1], "x=y");
  EXPECT_EQ(std::filesystem::canonical(out[2]), std::filesystem::canonical(dir.path()));
}

TEST(ChildProcess, EnvironmentAdditionReplacesAnInheritedValue) {
  ::setenv("NIGHTDESK_CHILD_TEST_VAR", "old", 1);
  auto spec = shell("env | grep '^NIGHTDESK_CHILD_TEST_VAR='");
  spec.env = {{"NIGHTDESK_CHILD_TEST_VAR", "new"}};
  auto child = ChildProcess::spawn(spec);
  ASSERT_TRUE(child);
  EXPECT_EQ(texts(lines_until_exit(*child), OutputStream::out), std::vector<std::string>{"NIGHTDESK_CHILD_TEST_VAR=new"});
  ::unsetenv("NIGHTDESK_CHILD_TEST_VAR");
}

TEST(ChildProcess, StdinIsDevNullByDefault) {
  auto child = ChildProcess::spawn(command({"cat"}));
  ASSERT_TRUE(child);
  auto lines = lines_until_exit(*child);
  EXPECT_TRUE(lines.empty());
  EXPECT_EQ(child->exit_status()->exit_code, 0);
}

TEST(ChildProcess, StdinCanComeFromAPromptFile) {
  TempDir dir;
  std::ofstream(dir / "prompt.md") << "work on task 1.1\n";
  auto child = ChildProcess::spawn(command({"cat"}, dir / "prompt.md"));
  ASSERT_TRUE(child);
  EXPECT_EQ(texts(lines_until_exit(*child), OutputStream::out), std::vector<std::string>{"work on task 1.1"});
}

TEST(ChildProcess, MissingPromptFileIsReported) {
  auto child = ChildProcess::spawn(command({"cat"}, "/nonexistent/prompt.md"));
  ASSERT_FALSE(child);
  EXPECT_EQ(child.error().field, "stdin_file");
}

TEST(ChildProcess, RunsInItsOwnSessionAndProcessGroup) {
  auto child = ChildProcess::spawn(shell("sleep 5"));
  ASSERT_TRUE(child);
  EXPECT_EQ(::getpgid(child->pid()), child->pid());
  EXPECT_EQ(::getsid(child->pid()), child->pid());
  EXPECT_NE(::getpgid(child->pid()), ::getpgid(0));
  EXPECT_EQ(child->process_group(), child->pid());
}

TEST(ChildProcess, TerminateStopsACooperativeChildWithSigterm) {
  auto child = ChildProcess::spawn(shell("exec sleep 30"));
  ASSERT_TRUE(child);
  auto start = std::chrono::steady_clock::now();
  ExitStatus status = child->terminate(2s);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(status.signal, SIGTERM);
  EXPECT_TRUE(status.stopped_by_runner);
  EXPECT_FALSE(status.killed_by_runner);
  EXPECT_NE(status.describe().find("SIGTERM from the runner"), std::string::npos);
}

TEST(ChildProcess, TerminateEscalatesToSigkillAfterTheGrace) {
  auto child = ChildProcess::spawn(shell("trap '' TERM; echo ready; while :; do sleep 0.01; done"));
  ASSERT_TRUE(child);
  ASSERT_EQ(wait_for_first_line(*child), "ready");
  auto start = std::chrono::steady_clock::now();
  ExitStatus status = child->terminate(100ms);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 100ms);
  EXPECT_LT(took, 2s);
  EXPECT_EQ(status.signal, SIGKILL);
  EXPECT_TRUE(status.killed_by_runner);
}

TEST(ChildProcess, TerminateReachesGrandchildren) {
  auto child = ChildProcess::spawn(shell("sleep 30 & echo $!; wait"));
  ASSERT_TRUE(child);
  pid_t grandchild = std::stoi(wait_for_first_line(*child));
  ASSERT_TRUE(process_alive(grandchild));
  child->terminate(1s);
  EXPECT_TRUE(eventually_dead(grandchild));
}

TEST(ChildProcess, ExitIsNoticedWhileAStragglerHoldsThePipeAndTerminateSweepsIt) {
  auto child = ChildProcess::spawn(shell("sleep 30 & echo $!; exit 0"));
  ASSERT_TRUE(child);
  auto lines = lines_until_exit(*child);
  ASSERT_TRUE(child->exit_status()) << "the leader's exit must not wait for the pipe to close";
  ASSERT_EQ(lines.size(), 1u);
  pid_t straggler = std::stoi(lines[0].text);
  EXPECT_TRUE(process_alive(straggler));
  ExitStatus status = child->terminate(1s);
  EXPECT_EQ(status.exit_code, 0) << "the leader ended on its own";
  EXPECT_FALSE(status.stopped_by_runner);
  EXPECT_TRUE(eventually_dead(straggler));
}

TEST(ChildProcess, DestructorKillsTheWholeGroup) {
  pid_t grandchild = 0;
  {
    auto child = ChildProcess::spawn(shell("sleep 30 & echo $!; wait"));
    ASSERT_TRUE(child);
    grandchild = std::stoi(wait_for_first_line(*child));
  }
  EXPECT_TRUE(eventually_dead(grandchild));
}

TEST(ChildProcess, TerminateAfterNaturalExitReturnsTheSameStatus) {
  auto child = ChildProcess::spawn(shell("exit 7"));
  ASSERT_TRUE(child);
  lines_until_exit(*child);
  EXPECT_EQ(child->terminate(50ms).exit_code, 7);
  EXPECT_EQ(child->terminate(50ms).exit_code, 7) << "a second terminate is harmless";
}

TEST(ChildProcess, OverlongLineIsCutAndFlagged) {
  auto spec = shell("printf '%025d\\n' 0");
  spec.max_line_bytes = 10;
  auto child = ChildProcess::spawn(spec);
  ASSERT_TRUE(child);
  auto lines = lines_until_exit(*child);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_TRUE(lines[0].truncated);
  EXPECT_TRUE(lines[1].truncated);
  EXPECT_FALSE(lines[2].truncated);
  EXPECT_EQ(lines[0].text.size() + lines[1].text.size() + lines[2].text.size(), 25u);
}

TEST(ChildProcess, SlowOwnerLosesOldestLinesButTheLogKeepsAll) {
  TempDir dir;
  auto spec = shell("for i in $(seq 1 20); do echo line$i; done");
  spec.max_queued_lines = 5;
  spec.stdout_log = dir / "out.log";
  auto child = ChildProcess::spawn(spec);
  ASSERT_TRUE(child);
  for (int i = 0; i < 200 && !child->exit_status(); ++i) std::this_thread::sleep_for(5ms);
  child->terminate(100ms);
  auto lines = child->take_lines();
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines.back().text, "line20");
  EXPECT_EQ(child->dropped_lines(), 15u);
  EXPECT_NE(slurp(dir / "out.log").find("line1\n"), std::string::npos);
}

TEST(ChildProcess, ActivityDescriptorPollsReadableWhenOutputArrives) {
  auto child = ChildProcess::spawn(shell("echo hello; sleep 5"));
  ASSERT_TRUE(child);
  pollfd fd{child->activity_fd(), POLLIN, 0};
  ASSERT_EQ(::poll(&fd, 1, 2000), 1);
  EXPECT_EQ(child->take_lines().size(), 1u);
  fd.revents = 0;
  EXPECT_EQ(::poll(&fd, 1, 0), 0) << "taking the lines clears it";
}

TEST(ChildProcess, OutputEndIsReachedOnceTheGroupHasGone) {
  auto child = ChildProcess::spawn(shell("(sleep 0.05; echo late) & echo early"));
  ASSERT_TRUE(child);
  EXPECT_TRUE(child->wait_for_output_end(2s));
  auto out = texts(child->take_lines(), OutputStream::out);
  EXPECT_EQ(out, (std::vector<std::string>{"early", "late"}));
}

TEST(ChildProcess, OutputEndTimesOutWhileAWriterLives) {
  auto child = ChildProcess::spawn(shell("sleep 5"));
  ASSERT_TRUE(child);
  EXPECT_FALSE(child->wait_for_output_end(20ms));
}

TEST(ChildProcess, MovedChildKeepsSupervising) {
  auto child = ChildProcess::spawn(shell("echo moved; exit 4"));
  ASSERT_TRUE(child);
  ChildProcess owner = std::move(*child);
  auto lines = lines_until_exit(owner);
  EXPECT_EQ(texts(lines, OutputStream::out), std::vector<std::string>{"moved"});
  EXPECT_EQ(owner.terminate(50ms).exit_code, 4);
}

}  // namespace
}  // namespace nightdesk::overnight
