#include "common/prometheus_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace nightdesk {
namespace {

using ::testing::HasSubstr;

TEST(PrometheusText, Counter_WithoutTotalSuffix_GetsItAndHelpAndTypeOnce) {
  PrometheusText p;
  p.counter("overnight_restarts", "Restarts after failed sessions.", {{{{"role", "a"}}, 1}, {{{"role", "b"}}, 2}});
  EXPECT_EQ(p.text(),
            "# HELP overnight_restarts_total Restarts after failed sessions.\n"
            "# TYPE overnight_restarts_total counter\n"
            "overnight_restarts_total{role=\"a\"} 1\n"
            "overnight_restarts_total{role=\"b\"} 2\n");
}

TEST(PrometheusText, Counter_AlreadyEndingInTotal_IsNotDoubled) {
  PrometheusText p;
  p.counter("x_total", "h", 3);
  EXPECT_THAT(p.text(), HasSubstr("x_total 3\n"));
  EXPECT_THAT(p.text(), ::testing::Not(HasSubstr("x_total_total")));
}

TEST(PrometheusText, Gauge_FractionalAndSpecialValues_AreWrittenInTextFormat) {
  PrometheusText p;
  p.gauge("g", "h",
          {{{{"k", "a"}}, 0.25},
           {{{"k", "b"}}, std::numeric_limits<double>::infinity()},
           {{{"k", "c"}}, -std::numeric_limits<double>::infinity()},
           {{{"k", "d"}}, std::nan("")}});
  EXPECT_THAT(p.text(), HasSubstr("# TYPE g gauge\n"));
  EXPECT_THAT(p.text(), HasSubstr("g{k=\"a\"} 0.25\n"));
  EXPECT_THAT(p.text(), HasSubstr("g{k=\"b\"} +Inf\n"));
  EXPECT_THAT(p.text(), HasSubstr("g{k=\"c\"} -Inf\n"));
  EXPECT_THAT(p.text(), HasSubstr("g{k=\"d\"} NaN\n"));
}

TEST(PrometheusText, LabelValue_QuoteBackslashNewline_AreEscaped) {
  PrometheusText p;
  p.gauge("g", "h", {{{{"reason", "a\"b\\c\nd"}}, 1}});
  EXPECT_THAT(p.text(), HasSubstr("g{reason=\"a\\\"b\\\\c\\nd\"} 1\n"));
}

TEST(PrometheusText, Help_BackslashAndNewline_AreEscaped) {
  PrometheusText p;
  p.gauge("g", "line one\nback\\slash", 1);
  EXPECT_THAT(p.text(), HasSubstr("# HELP g line one\\nback\\\\slash\n"));
}

TEST(PrometheusText, BadNames_AreSanitized) {
  EXPECT_EQ(sanitize_metric_name("overnight.cost-usd"), "overnight_cost_usd");
  EXPECT_EQ(sanitize_metric_name("9lives"), "_9lives");
  EXPECT_EQ(sanitize_metric_name("a:b"), "a:b");
  EXPECT_EQ(sanitize_metric_name("a:b", false), "a_b");
  EXPECT_EQ(sanitize_metric_name(""), "_");
}

TEST(PrometheusText, Histogram_BucketsAreCumulativeWithInfSumAndCount) {
  HistogramData h({1, 10});
  h.observe(0.5);
  h.observe(1);  // on the bound: counts in le="1"
  h.observe(5);
  h.observe(100);
  PrometheusText p;
  p.histogram("d_seconds", "Durations.", {{{{"role", "first"}}, h}});
  EXPECT_EQ(p.text(),
            "# HELP d_seconds Durations.\n"
            "# TYPE d_seconds histogram\n"
            "d_seconds_bucket{role=\"first\",le=\"1\"} 2\n"
            "d_seconds_bucket{role=\"first\",le=\"10\"} 3\n"
            "d_seconds_bucket{role=\"first\",le=\"+Inf\"} 4\n"
            "d_seconds_sum{role=\"first\"} 106.5\n"
            "d_seconds_count{role=\"first\"} 4\n");
}

TEST(PrometheusText, Histogram_Empty_HasZeroBucketsSumAndCount) {
  PrometheusText p;
  p.histogram("e", "h", HistogramData({1}));
  EXPECT_THAT(p.text(), HasSubstr("e_bucket{le=\"1\"} 0\n"));
  EXPECT_THAT(p.text(), HasSubstr("e_bucket{le=\"+Inf\"} 0\n"));
  EXPECT_THAT(p.text(), HasSubstr("e_count 0\n"));
}

}  // namespace
}  // namespace nightdesk
