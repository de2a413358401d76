// session-history.jsonl: one JSON object per line, appended; torn lines are reported, not fatal.
#include "overnight/session_history.h"

#include <fstream>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace nightdesk::overnight {
namespace {

TEST(SessionHistory, AppendsOneLinePerSessionWithEveryField) {
  testing::TempDir dir;
  auto path = dir.path() / "sub" / "session-history.jsonl";
  SessionRecord r;
  r.run_id = "run1";
  r.session = 1;
  r.exit_code = 0;
  r.exit_class = "finished";
  r.tasks_done_before = 1;
  r.tasks_done_after = 3;
  r.commits = {"abc"};
  r.cost_usd = 0.5;
  ASSERT_TRUE(append_session_record(path, r));
  r.session = 2;
  r.exit_code.reset();
  r.signal = 9;
  ASSERT_TRUE(append_session_record(path, r));
  auto lines = read_json_lines(path);
  ASSERT_TRUE(lines);
  ASSERT_EQ(lines->records.size(), 2u);
  EXPECT_EQ(lines->records[0]["tasks_done"], 2);
  EXPECT_EQ(lines->records[0]["exit_code"], 0);
  EXPECT_TRUE(lines->records[1]["exit_code"].is_null());
  EXPECT_EQ(lines->records[1]["signal"], 9);
  EXPECT_EQ(lines->records[1]["run_id"], "run1");
}

TEST(SessionHistory, TornLastLine_IsReportedByNumber) {
  testing::TempDir dir;
  auto path = dir.path() / "h.jsonl";
  std::ofstream(path) << "{\"a\":1}\n{\"b\":\n";
  auto lines = read_json_lines(path);
  ASSERT_TRUE(lines);
  EXPECT_EQ(lines->records.size(), 1u);
  EXPECT_EQ(lines->bad_lines, std::vector<int>{2});
}

}  // namespace
}  // namespace nightdesk::overnight
