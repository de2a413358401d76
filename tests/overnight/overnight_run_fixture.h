// OvernightRun: the fixture of the integration tests: the real `overnight` binary against scripted stand-in
// agents (shell scripts) in a temporary git repository, with every interval configured down to milliseconds.
// One fixture per test; single-threaded.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/core.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/atomic_file.h"
#include "overnight/run_state.h"
#include "overnight/session_history.h"
#include "support/temp_dir.h"

namespace nightdesk::overnight::testing {

using namespace std::chrono_literals;

// $NIGHTDESK_BINARY_DIR/src/apps/overnight; without the variable, the build tree this test binary sits in
// (<build>/tests/overnight_tests).
inline std::filesystem::path overnight_binary() {
  const char* dir = std::getenv("NIGHTDESK_BINARY_DIR");
  std::filesystem::path build =
      dir ? std::filesystem::path(dir) : std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path();
  return build / "src" / "apps" / "overnight";
}

struct Finished {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// A started `overnight` process whose output goes to a file.
class OvernightProcess {
 public:
  OvernightProcess(const std::filesystem::path& cwd, std::vector<std::string> args, std::filesystem::path out)
      : out_(std::move(out)) {
    pid_ = ::fork();
    if (pid_ == 0) {
      if (::chdir(cwd.c_str()) != 0) ::_exit(126);
      FILE* f = std::fopen(out_.c_str(), "w");
      ::dup2(::fileno(f), 1);
      ::dup2(::fileno(f), 2);
      std::vector<char*> argv;
      std::string bin = overnight_binary().string();
      argv.push_back(bin.data());
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(bin.c_str(), argv.data());
      ::_exit(127);
    }
  }
  Finished wait(std::chrono::seconds timeout = 60s) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        ADD_FAILURE() << "overnight did not finish in time";
        break;
      }
      std::this_thread::sleep_for(10ms);
    }
    Finished f;
    f.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    f.output = read_file(out_).value_or("");
    return f;
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::filesystem::path out_;
};

class OvernightRun : public ::testing::Test {
 protected:
  void SetUp() override {
    repo = dir.path() / "repo";
    std::filesystem::create_directories(repo);
    sh(fmt::format("cd '{}' && git init -q && git config user.email t@example.com && git config user.name T && "
                   "printf '.overnight/\\n' > .gitignore && git add . && git commit -qm init",
                   repo.string()));
  }
  static void sh(const std::string& cmd) { ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd; }

  void write(const std::filesystem::path& path, const std::string& text, bool executable = false) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    if (executable) std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  }
  void progress(const std::string& text) { write(repo / "PROGRESS.md", text); }
  // The agent: a shell script run in the repository with the prompt as its last argument.
  void agent(const std::string& body) { write(dir.path() / "agent.sh", "#!/bin/sh\n" + body, true); }
  // `extra` adds whole sections; `recovery` adds keys to the recovery section.
  void config(const std::string& extra = "", const std::string& recovery = "") {
    write(dir.path() / "overnight.yaml",
          fmt::format("agent:\n  command: {}\n  stall_minutes: 0.02\n  stop_grace_seconds: 0.5\n"
                      "paths:\n  workdir: repo\n"
                      "watchdog:\n  check_interval_seconds: 0.05\n"
                      "recovery:\n  backoff_base_seconds: 0.05\n  backoff_max_seconds: 0.2\n"
                      "  rate_limit_min_wait_seconds: 1\n{}"
                      "checkpoints:\n  min_free_disk_mb: 0\n{}",
                      (dir.path() / "agent.sh").string(), recovery, extra));
  }
  Finished overnight(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--config", (dir.path() / "overnight.yaml").string()});
    return OvernightProcess(dir.path(), args, dir.path() / fmt::format("out{}.txt", ++runs_)).wait();
  }
  RunState state() {
    auto text = read_file(repo / ".overnight" / "state.json");
    EXPECT_TRUE(text);
    auto s = decode_run_state(text.value_or(""));
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    return s.value_or(RunState{});
  }
  std::vector<nlohmann::json> history() {
    auto lines = read_json_lines(repo / ".overnight" / "session-history.jsonl");
    return lines ? lines->records : std::vector<nlohmann::json>{};
  }

  nightdesk::testing::TempDir dir;
  std::filesystem::path repo;
  int runs_ = 0;
};

inline constexpr const char* kTwoTasks = "# GOAL: test\n## Fixes (P0)\n- [ ] **1** first\n- [ ] **2** second\n";

// Marks the first open task done and commits.
inline constexpr const char* kOneTaskPerSession =
    "sed -i '0,/- \\[ \\]/s//- [x]/' PROGRESS.md\ngit add PROGRESS.md\ngit commit -qm \"task done\"\n"
    "echo '{\"type\":\"result\",\"subtype\":\"success\",\"total_cost_usd\":0.25}'\n";

}  // namespace nightdesk::overnight::testing
