// GitFixture: a throwaway git repository for tests, with a local identity and one initial commit.
// One per test; single-threaded.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "overnight/command_run.h"
#include "support/temp_dir.h"

namespace nightdesk::overnight::testing {

class GitFixture {
 public:
  explicit GitFixture(bool initial_commit = true) {
    git({"init", "-q", "-b", "main"});
    git({"config", "user.name", "Overnight Test"});
    git({"config", "user.email", "overnight@example.test"});
    git({"config", "commit.gpgsign", "false"});
    if (initial_commit) {
      write("README.md", "hello\n");
      git({"add", "-A"});
      git({"commit", "-q", "-m", "initial"});
    }
  }

  const std::filesystem::path& path() const { return dir_.path(); }

  // Runs git in the repository; fails the test when git fails. Returns stdout.
  std::string git(std::vector<std::string> args) {
    args.insert(args.begin(), "git");
    CommandOptions options;
    options.cwd = dir_.path();
    auto r = run_command(args, options);
    EXPECT_TRUE(r && r->success()) << (r ? r->output : r.error().describe());
    return r ? r->out : std::string();
  }

  void write(const std::string& name, const std::string& content) {
    std::filesystem::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name) << content;
  }

  std::string read(const std::string& name) const {
    std::ifstream in(dir_ / name);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // Installs an executable hook script (e.g. "pre-commit").
  void hook(const std::string& name, const std::string& script) {
    auto path = dir_ / ".git" / "hooks" / name;
    std::ofstream(path) << "#!/bin/sh\n" << script << "\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  }

 private:
  nightdesk::testing::TempDir dir_;
};

}  // namespace nightdesk::overnight::testing
