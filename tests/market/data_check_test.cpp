#include "market/data_check.h"

#include <gtest/gtest.h>

#include "support/paths.h"

#include <fstream>

#include "support/temp_dir.h"

namespace nightdesk::market {
namespace {

std::string write(const nightdesk::testing::TempDir& dir, const std::string& name, const std::string& text) {
  std::string path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

TEST(DataCheck, SummarizesAGoodNativeFile) {
  nightdesk::testing::TempDir dir;
  auto path = write(dir, "q.csv",
                    "time,underlying,expiry,strike,right,bid,ask,bid_size,ask_size\n"
                    "2025-01-10T21:00:00Z,SPY,,,,580.00,580.02,1,1\n"
                    "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.00,3.10,1,1\n"
                    "2025-01-10T21:00:00Z,SPY,2025-01-24,580,P,3.00,3.00,1,1\n"
                    "2025-01-13T21:00:00Z,QQQ,2025-01-17,500,C,2.00,2.10,1,1\n");
  auto s = check_data_file(path, {});
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->format, DataFormat::native_csv);
  EXPECT_EQ(s->stats.rows, 4u);
  EXPECT_EQ(s->option_quotes, 3u);
  EXPECT_EQ(s->underlying_quotes, 1u);
  EXPECT_EQ(s->underlyings, (std::set<std::string>{"QQQ", "SPY"}));
  EXPECT_EQ(s->expiries.size(), 2u);
  EXPECT_EQ(s->first_time, *parse_iso8601("2025-01-10T21:00:00Z"));
  EXPECT_EQ(s->last_time, *parse_iso8601("2025-01-13T21:00:00Z"));
  EXPECT_EQ(s->stats.locked, 1u);
  EXPECT_FALSE(s->has_bad_data());  // locked is normal
  EXPECT_NE(s->describe().find("locked quotes      1"), std::string::npos) << s->describe();
}

TEST(DataCheck, ReportsEveryBadRowEvenWhenAskedToFail) {
  nightdesk::testing::TempDir dir;
  auto path = write(dir, "q.csv",
                    "time,underlying,expiry,strike,right,bid,ask,bid_size,ask_size\n"
                    "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.00\n"
                    "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.20,3.10,1,1\n"
                    "2025-01-10T21:00:00Z,SPY,2025-01-17,-5,C,3.00,3.10,1,1\n");
  std::vector<std::string> reported;
  DataCheckOptions options;
  options.load.on_bad_row = OnBadRow::fail;
  options.load.report_bad_row = [&](const BadRow& b) { reported.push_back(b.describe()); };
  auto s = check_data_file(path, options);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->stats.bad_rows, 2u);
  EXPECT_EQ(s->stats.crossed, 1u);
  EXPECT_TRUE(s->has_bad_data());
  ASSERT_EQ(reported.size(), 2u);
  EXPECT_EQ(reported[0].rfind(path + ":2: expected 9 columns", 0), 0u) << reported[0];
  EXPECT_EQ(reported[1].rfind(path + ":4: strike", 0), 0u) << reported[1];
}

TEST(DataCheck, DetectsOptionsDx) {
  std::string sample = (testing::source_dir() / "data/spy_eod_sample.txt").string();
  auto s = check_data_file(sample, {});
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->format, DataFormat::optionsdx);
  EXPECT_EQ(s->underlyings, (std::set<std::string>{"SPY"}));
  EXPECT_EQ(s->expiries.size(), 2u);
  EXPECT_EQ(s->stats.rows, 36u);
  EXPECT_FALSE(s->has_bad_data());
}

TEST(DataCheck, FileWithoutHeaderIsAnError) {
  nightdesk::testing::TempDir dir;
  auto path = write(dir, "q.csv", "2025-01-10T21:00:00Z,SPY,2025-01-17,580,C,3.00,3.10,1,1\n");
  auto s = check_data_file(path, {});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find(":1: missing header"), std::string::npos);
}

}  // namespace
}  // namespace nightdesk::market
