#include "market/record_fields.h"

#include <gtest/gtest.h>

namespace nightdesk::market {
namespace {

TEST(RecordFields, DatesMustBeRealAndInsideTheTimestampRange) {
  EXPECT_TRUE(read_date("2025-01-17", "expiry"));
  auto far = read_date("9999-01-03", "expiry");  // would overflow a nanosecond comparison (fuzzer finding)
  ASSERT_FALSE(far);
  EXPECT_NE(far.error().message.find("expiry: expected a year in 1700-2200"), std::string::npos) << far.error().message;
  EXPECT_FALSE(read_date("1012-01-02", "expiry"));
  EXPECT_FALSE(read_date("2025-02-30", "expiry"));
  EXPECT_FALSE(read_date("2025-1-3", "expiry"));
}

TEST(RecordFields, PricesAreExactDecimals) {
  EXPECT_EQ(read_price("1.05", "bid")->units(), 10'500);
  EXPECT_FALSE(read_price("", "bid"));
  EXPECT_FALSE(read_price("1.00001", "bid"));
  EXPECT_FALSE(read_non_negative_price("-0.05", "bid"));
}

}  // namespace
}  // namespace nightdesk::market
