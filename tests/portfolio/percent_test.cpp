#include "portfolio/percent.h"

#include <gtest/gtest.h>

namespace nightdesk::portfolio {
namespace {

TEST(Percent, ParsesAndPrintsSignedPercentages) {
  EXPECT_EQ(Percent::parse("50%")->basis_points(), 5000);
  EXPECT_EQ(Percent::parse("+100%")->basis_points(), 10000);
  EXPECT_EQ(Percent::parse("-200%")->basis_points(), -20000);
  EXPECT_EQ(Percent::parse("12.5%")->basis_points(), 1250);
  EXPECT_EQ(Percent::points(-200).to_string(), "-200%");
  EXPECT_EQ(Percent::from_basis_points(1250).to_string(), "+12.5%");
  EXPECT_EQ(Percent().to_string(), "0%");
}

TEST(Percent, RefusesTextWithoutPercentSignOrTooManyDecimals) {
  EXPECT_FALSE(Percent::parse("50"));
  EXPECT_FALSE(Percent::parse("12.345%"));
  EXPECT_FALSE(Percent::parse("abc%"));
  EXPECT_FALSE(Percent::from_fraction(std::numeric_limits<double>::quiet_NaN()));
}

TEST(Percent, CreditSpreadHalfWayIsFiftyPercent) {
  // Entry -500 (a credit), now -250: P&L +250 on a base of |−500| = +50%.
  EXPECT_EQ(*percent_of(Money::from_units(2'500'000), Money::from_units(-5'000'000)), Percent::points(50));
}

TEST(Percent, RatioTruncatesTowardZeroToTheBasisPoint) {
  // 1/3 = 33.333...% -> 3333 bp; -1/3 -> -3333 bp; -199.998% stays above a -200% stop.
  EXPECT_EQ(percent_of(Money::from_units(1), Money::from_units(3))->basis_points(), 3333);
  EXPECT_EQ(percent_of(Money::from_units(-1), Money::from_units(3))->basis_points(), -3333);
  EXPECT_EQ(percent_of(Money::from_units(-39'999'600), Money::from_units(-20'000'000))->basis_points(), -19999);
  EXPECT_FALSE(percent_of(Money::from_units(1), Money::from_units(0)));
}

}  // namespace
}  // namespace nightdesk::portfolio
