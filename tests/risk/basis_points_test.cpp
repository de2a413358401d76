#include "risk/basis_points.h"

#include <gtest/gtest.h>

#include "risk/risk_fixtures.h"

namespace nightdesk::risk {
namespace {

using testing::usd;

TEST(BasisPoints, Format_OneDecimalAtLeastTwoAtMost) {
  EXPECT_EQ(BasisPoints(260).to_string(), "2.6%");
  EXPECT_EQ(BasisPoints(200).to_string(), "2.0%");
  EXPECT_EQ(BasisPoints(255).to_string(), "2.55%");
  EXPECT_EQ(BasisPoints(-5).to_string(), "-0.05%");
}

TEST(BasisPoints, ConfigPercent_TwoDecimalsExact) {
  EXPECT_EQ(BasisPoints::from_percent_number(2.5).value(), BasisPoints(250));
  EXPECT_EQ(BasisPoints::from_percent_number(0.07).value(), BasisPoints(7));
}

TEST(BasisPoints, ConfigPercent_ThreeDecimals_IsRefused) {
  EXPECT_FALSE(BasisPoints::from_percent_number(2.505));
  EXPECT_FALSE(BasisPoints::from_percent_number(std::numeric_limits<double>::quiet_NaN()));
}

TEST(BasisPoints, Ratio_RoundsTheWayAsked) {
  // 521 / 20000 = 2.605%
  EXPECT_EQ(ratio(usd(521), usd(20'000), Rounding::up).value(), BasisPoints(261));
  EXPECT_EQ(ratio(usd(521), usd(20'000), Rounding::down).value(), BasisPoints(260));
  EXPECT_FALSE(ratio(usd(1), Money{}, Rounding::up));
}

TEST(BasisPoints, CompareRatio_IsExact) {
  EXPECT_EQ(compare_ratio(usd(400), usd(20'000), BasisPoints(200)), std::strong_ordering::equal);
  EXPECT_EQ(compare_ratio(Money::from_units(4'000'001), usd(20'000), BasisPoints(200)), std::strong_ordering::greater);
  EXPECT_EQ(compare_ratio(Money::from_units(3'999'999), usd(20'000), BasisPoints(200)), std::strong_ordering::less);
}

TEST(BasisPoints, CompareRatio_HugeAmounts_DoNotOverflow) {
  const Money big = Money::from_units(INT64_MAX / 2);
  EXPECT_EQ(compare_ratio(big, big, BasisPoints::from_percent(100)), std::strong_ordering::equal);
}

TEST(BasisPoints, ShareOf_TwoPercentOfEquity) { EXPECT_EQ(share_of(usd(20'000), BasisPoints(200), Rounding::down), usd(400)); }

}  // namespace
}  // namespace nightdesk::risk
