// Test runner: runs the configured test command (a shell command line) with a timeout and judges it:
// pass/fail, and counts when it recognises a ctest, pytest or GoogleTest summary. One owner; blocks.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

namespace nightdesk::overnight {

struct TestCommand {
  std::string command;  // run with /bin/sh -c, e.g. "ctest --test-dir build --output-on-failure"
  std::filesystem::path cwd;
  std::chrono::milliseconds timeout{30 * 60'000};
  std::size_t tail_bytes = 8 * 1024;  // how much of the end of the output to keep for the report
  std::filesystem::path log;          // optional full log
};

struct TestCounts {
  int passed = 0;
  int failed = 0;  // failures and errors
  int total = 0;   // passed + failed (+ skipped when the summary gives them)
  bool operator==(const TestCounts&) const = default;
};

struct TestRun {
  bool passed = false;  // exit code 0 and not timed out
  bool timed_out = false;
  std::optional<int> exit_code;
  std::optional<TestCounts> counts;  // when a summary was recognised
  std::string output_tail;
  std::chrono::milliseconds elapsed{0};

  // "passed (12/12)", "failed (3 of 12 failed)", "failed: exit code 2", "timed out after 1800 s".
  std::string summary() const;
};

// Errors only when /bin/sh cannot be started; a failing or hanging suite is a TestRun.
Result<TestRun> run_tests(const TestCommand& command);

// The last ctest ("75% tests passed, 3 tests failed out of 12"), pytest ("== 3 failed, 9 passed in 2.1s ==")
// or GoogleTest ("[  PASSED  ] 9 tests." / "[  FAILED  ] 3 tests, listed below:") summary in `output`.
std::optional<TestCounts> parse_test_counts(std::string_view output);

// Whether `now` is worse than `before` (the last checkpoint's run): it fails where that passed, it timed
// out where that did not, or, both failing with counts, more tests fail or fewer pass.
bool got_worse(const TestRun& now, const TestRun& before);

}  // namespace nightdesk::overnight
