#include "common/fixed_point.h"

#include <gtest/gtest.h>

#include <limits>

namespace nightdesk {
namespace {

TEST(PriceText, DecimalStringsStayExact) {
  EXPECT_EQ(Price::parse("1.05")->units(), 10'500);
  EXPECT_EQ(Price::parse("1.05")->to_string(), "1.05");
  EXPECT_EQ(Price::parse("0.0125")->to_string(), "0.0125");
  EXPECT_EQ(Price::parse("450")->to_string(), "450.00");
  EXPECT_EQ(Price::parse("-2.5")->to_string(), "-2.50");
  EXPECT_EQ(Price::parse("+3.10")->units(), 31'000);
  EXPECT_EQ(Price::parse(".5")->units(), 5'000);
  EXPECT_EQ(Price::parse("1.050000")->units(), 10'500);
}

TEST(PriceText, RejectsWhatIsNotAnExactDecimal) {
  for (const char* bad : {"", "-", ".", "1.2.3", "1e3", " 1.05", "1.05 ", "abc", "1,05", "1.00001"}) {
    auto r = Price::parse(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "price") << bad;
  }
  EXPECT_NE(Price::parse("1.00001").error().message.find("more than 4 decimal places"), std::string::npos);
}

TEST(PriceText, RejectsNumbersBeyondSixtyFourBits) {
  auto r = Price::parse("999999999999999999");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("too large"), std::string::npos);
}

TEST(PriceFromDouble, DecimalInputsAreNotPushedAUnitAway) {
  // 1.05 is 1.0499999999999998 in binary; rounding down must still give 1.05.
  EXPECT_EQ(Price::from_double(1.05, Rounding::down)->units(), 10'500);
  EXPECT_EQ(Price::from_double(1.05, Rounding::up)->units(), 10'500);
  EXPECT_EQ(Price::from_double(1.23456, Rounding::down)->units(), 12'345);
  EXPECT_EQ(Price::from_double(1.23456, Rounding::up)->units(), 12'346);
  EXPECT_EQ(Price::from_double(-1.23456, Rounding::down)->units(), -12'346);
  EXPECT_EQ(Price::from_double(1.23455, Rounding::nearest)->units(), 12'346);
}

TEST(PriceFromDouble, NanAndInfinityAreErrors) {
  EXPECT_FALSE(Price::from_double(std::numeric_limits<double>::quiet_NaN(), Rounding::nearest));
  EXPECT_FALSE(Price::from_double(std::numeric_limits<double>::infinity(), Rounding::nearest));
  EXPECT_FALSE(Price::from_double(1e300, Rounding::nearest));
}

TEST(FixedPointArithmetic, OverflowIsReportedNotWrapped) {
  auto big = Money::from_units(std::numeric_limits<std::int64_t>::max());
  auto r = big.checked_add(Money::from_units(1));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::overflow);
  EXPECT_THROW((void)(big + Money::from_units(1)), FixedPointOverflow);
  EXPECT_THROW((void)(-Money::from_units(std::numeric_limits<std::int64_t>::min())), FixedPointOverflow);
  EXPECT_FALSE(big.checked_times(2));
}

TEST(FixedPointArithmetic, SumsAreExact) {
  Money total;
  for (int i = 0; i < 10; ++i) total += *Money::parse("0.10");
  EXPECT_EQ(total, *Money::parse("1.00"));
}

TEST(FixedPointDivide, RoundsInTheAskedDirection) {
  using fixed_point::divide;
  EXPECT_EQ(*divide(7, 2, Rounding::down), 3);
  EXPECT_EQ(*divide(7, 2, Rounding::up), 4);
  EXPECT_EQ(*divide(7, 2, Rounding::nearest), 4);
  EXPECT_EQ(*divide(-7, 2, Rounding::down), -4);
  EXPECT_EQ(*divide(-7, 2, Rounding::up), -3);
  EXPECT_EQ(*divide(-7, 2, Rounding::nearest), -3);  // an exact half goes up
  EXPECT_EQ(*divide(7, -2, Rounding::down), -4);
  EXPECT_EQ(*divide(-8, 3, Rounding::nearest), -3);
  EXPECT_EQ(*divide(6, 3, Rounding::up), 2);
  EXPECT_FALSE(divide(1, 0, Rounding::down));
}

TEST(Notional, PriceTimesContractsTimesMultiplier) {
  // 3 contracts at 1.05 with 100 shares each: $315.00.
  EXPECT_EQ(*notional(*Price::parse("1.05"), Quantity(3), 100), *Money::parse("315"));
  EXPECT_EQ(*notional(*Price::parse("1.05"), Quantity(-3), 100), *Money::parse("-315"));
  EXPECT_FALSE(notional(Price::from_units(std::numeric_limits<std::int64_t>::max() / 10), Quantity(100), 100));
}

TEST(PricePerShare, QuantityWeightedAverageIsExact) {
  // Fills 1 @ 1.00 and 2 @ 1.10: average 1.0666.. per share, rounded explicitly.
  Money spent = *notional(*Price::parse("1.00"), Quantity(1), 100) + *notional(*Price::parse("1.10"), Quantity(2), 100);
  EXPECT_EQ(price_per_share(spent, Quantity(3), 100, Rounding::down)->to_string(), "1.0666");
  EXPECT_EQ(price_per_share(spent, Quantity(3), 100, Rounding::up)->to_string(), "1.0667");
  EXPECT_FALSE(price_per_share(spent, Quantity(0), 100, Rounding::down));
}

TEST(QuantityText, WholeNumbersOnly) {
  EXPECT_EQ(Quantity::parse("12")->count(), 12);
  EXPECT_EQ(Quantity::parse("-3")->count(), -3);
  auto r = Quantity::parse("1.5");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "quantity");
  EXPECT_FALSE(Quantity::parse("x"));
}

}  // namespace
}  // namespace nightdesk
