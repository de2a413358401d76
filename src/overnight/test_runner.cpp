#include "overnight/test_runner.h"

// GCC 12 reports a false -Wmaybe-uninitialized inside <regex>'s NFA builder under -fsanitize=address;
// it is in the library's code, not ours, so it is silenced for this file only.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <regex>

#include <fmt/format.h>

#include "overnight/command_run.h"

namespace nightdesk::overnight {
namespace {

std::optional<TestCounts> parse_ctest(const std::string& line) {
  static const std::regex summary(R"((\d+)% tests passed, (\d+) tests? failed out of (\d+))");
  std::smatch m;
  if (!std::regex_search(line, m, summary)) return std::nullopt;
  TestCounts c;
  c.total = std::stoi(m[3]);
  c.failed = std::stoi(m[2]);
  c.passed = c.total - c.failed;
  return c;
}

std::optional<TestCounts> parse_pytest(const std::string& line) {
  static const std::regex summary(R"(^=*\s*(\d+ [a-z]+(, \d+ [a-z]+)*) in [0-9.]+s\b)");
  static const std::regex item(R"((\d+) ([a-z]+))");
  std::smatch m;
  if (!std::regex_search(line, m, summary)) return std::nullopt;
  TestCounts c;
  std::string items = m[1];
  bool known = false;
  for (std::sregex_iterator it(items.begin(), items.end(), item), end; it != end; ++it) {
    int n = std::stoi((*it)[1]);
    std::string kind = (*it)[2];
    if (kind == "passed" || kind == "xpassed") {
      c.passed += n;
    } else if (kind == "failed" || kind == "error" || kind == "errors") {
      c.failed += n;
    } else if (kind == "skipped" || kind == "xfailed" || kind == "deselected") {
      c.total += n;
    } else {
      continue;  // warnings and the like are not tests
    }
    known = true;
  }
  if (!known) return std::nullopt;
  c.total += c.passed + c.failed;
  return c;
}

}  // namespace

std::optional<TestCounts> parse_test_counts(std::string_view output) {
  static const std::regex gtest_passed(R"(^\[  PASSED  \] (\d+) tests?\.)");
  static const std::regex gtest_failed(R"(^\[  FAILED  \] (\d+) tests?, listed below)");
  std::optional<TestCounts> found;
  std::optional<int> gtest_pass, gtest_fail;
  std::size_t start = 0;
  while (start < output.size()) {
    std::size_t end = output.find('\n', start);
    if (end == std::string_view::npos) end = output.size();
    // Summary lines are short; bounding the length keeps std::regex's recursion shallow.
    std::string line(output.substr(start, std::min<std::size_t>(end - start, 1000)));
    start = end + 1;
    std::smatch m;
    if (auto c = parse_ctest(line)) {
      found = c;
    } else if (auto p = parse_pytest(line)) {
      found = p;
    } else if (std::regex_search(line, m, gtest_passed)) {
      gtest_pass = std::stoi(m[1]);
      gtest_fail.reset();
    } else if (std::regex_search(line, m, gtest_failed)) {
      gtest_fail = std::stoi(m[1]);
    }
  }
  if (!found && gtest_pass) {
    TestCounts c;
    c.passed = *gtest_pass;
    c.failed = gtest_fail.value_or(0);
    c.total = c.passed + c.failed;
    found = c;
  }
  return found;
}

std::string TestRun::summary() const {
  if (timed_out) return fmt::format("timed out after {} s", elapsed.count() / 1000);
  if (passed) return counts ? fmt::format("passed ({}/{})", counts->passed, counts->total) : "passed";
  if (counts) return fmt::format("failed ({} of {} failed)", counts->failed, counts->total);
  return exit_code ? fmt::format("failed: exit code {}", *exit_code) : "failed: killed by a signal";
}

Result<TestRun> run_tests(const TestCommand& command) {
  CommandOptions options;
  options.cwd = command.cwd;
  options.timeout = command.timeout;
  options.tail_bytes = command.tail_bytes;
  options.log = command.log;
  auto r = run_command({"/bin/sh", "-c", command.command}, options);
  if (!r) return std::unexpected(r.error());
  TestRun run;
  run.timed_out = r->timed_out;
  run.exit_code = r->status.exit_code;
  run.passed = r->success();
  run.output_tail = std::move(r->output);
  run.counts = parse_test_counts(run.output_tail);
  run.elapsed = r->elapsed;
  return run;
}

bool got_worse(const TestRun& now, const TestRun& before) {
  if (now.timed_out && !before.timed_out) return true;
  if (now.passed) return false;
  if (before.passed) return true;
  if (now.counts && before.counts) return now.counts->failed > before.counts->failed || now.counts->passed < before.counts->passed;
  return false;  // both red without counts: no evidence that it got worse
}

}  // namespace nightdesk::overnight
