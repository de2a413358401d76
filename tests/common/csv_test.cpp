#include "common/csv.h"

#include <gtest/gtest.h>

namespace nightdesk {
namespace {

std::vector<std::string> split(std::string_view line) {
  std::vector<std::string> fields;
  auto r = split_csv_record(line, fields);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return fields;
}

TEST(CsvRecord, SplitsPlainFieldsIncludingEmptyOnes) {
  EXPECT_EQ(split("a,b,,d"), (std::vector<std::string>{"a", "b", "", "d"}));
  EXPECT_EQ(split(""), (std::vector<std::string>{""}));
  EXPECT_EQ(split("a,"), (std::vector<std::string>{"a", ""}));
  EXPECT_EQ(split("x,y\r"), (std::vector<std::string>{"x", "y"}));
}

TEST(CsvRecord, UnquotesQuotedFields) {
  EXPECT_EQ(split(R"("a,b","say ""hi""",c)"), (std::vector<std::string>{"a,b", "say \"hi\"", "c"}));
  EXPECT_EQ(split(R"("")"), (std::vector<std::string>{""}));
}

TEST(CsvRecord, MalformedQuotingNamesTheColumn) {
  std::vector<std::string> fields;
  auto open = split_csv_record(R"(a,"bc)", fields);
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().message.find("column 3"), std::string::npos);
  EXPECT_FALSE(split_csv_record(R"("a"b,c)", fields));
  EXPECT_FALSE(split_csv_record(R"(a"b,c)", fields));
}

TEST(CsvRecord, EscapeRoundTrips) {
  std::vector<std::string> original{"plain", "with,comma", "with \"quote\"", ""};
  EXPECT_EQ(split(csv_join(original)), original);
  EXPECT_EQ(csv_escape("plain"), "plain");
}

}  // namespace
}  // namespace nightdesk
