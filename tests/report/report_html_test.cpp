// report.html: every section present, nothing loaded from outside the file, tags well nested.
#include "report/report_html.h"

#include <gtest/gtest.h>

#include "backtest_scenario.h"
#include "html_nesting.h"

namespace nightdesk::report::testing {
namespace {

std::string scenario_page(const char* generated = "2025-06-01T00:00:00Z") {
  BacktestScenario s;
  RunInfo info;
  info.label = "two <days> & a stop";
  info.generated_at = *parse_iso8601(generated);
  return report_html(s.run(), info);
}

TEST(ReportHtml, ContainsEverySection) {
  const std::string page = scenario_page();
  for (const char* id : kReportSections)
    EXPECT_NE(page.find(std::string("<section id=\"") + id + "\">"), std::string::npos) << id;
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find("pos-open-1"), std::string::npos);  // the trade list names the position
}

TEST(ReportHtml, NoExternalResources) {
  const std::string page = scenario_page();
  EXPECT_EQ(page.find("http://"), std::string::npos);
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("src="), std::string::npos);
  EXPECT_EQ(page.find("url("), std::string::npos);
}

TEST(ReportHtml, TagsWellNested) { EXPECT_EQ(html_nesting_error(scenario_page()), ""); }

TEST(ReportHtml, LabelIsEscaped) {
  const std::string page = scenario_page();
  EXPECT_NE(page.find("two &lt;days&gt; &amp; a stop"), std::string::npos);
  EXPECT_EQ(page.find("<days>"), std::string::npos);
}

TEST(ReportHtml, SameRunTwice_ByteIdentical) { EXPECT_EQ(scenario_page(), scenario_page()); }

TEST(ReportHtml, EmptyResult_DrawsNoDataCharts) {
  const std::string page = report_html(BacktestResult{}, RunInfo{});
  EXPECT_NE(page.find("no data"), std::string::npos);
  EXPECT_EQ(html_nesting_error(page), "");
}

TEST(HtmlNestingCheck, MisnestedTags_Reported) {
  EXPECT_NE(html_nesting_error("<html><body><p></body></html>"), "");
  EXPECT_NE(html_nesting_error("<html><body>"), "");
  EXPECT_EQ(html_nesting_error("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><svg><rect/></svg></body></html>"), "");
}

}  // namespace
}  // namespace nightdesk::report::testing
