#include "portfolio/close_amount.h"

#include <gtest/gtest.h>

namespace nightdesk::portfolio {
namespace {

CloseAmount units(std::int64_t n) { return CloseAmount{Quantity(n), std::nullopt}; }
CloseAmount pct(std::int64_t points) { return CloseAmount{std::nullopt, Percent::points(points)}; }

TEST(CloseAmount, UnitsWithinHeld_CloseThatMany) {
  EXPECT_EQ(*units_to_close(units(3), Quantity(10)), Quantity(3));
  EXPECT_EQ(*units_to_close(units(10), Quantity(10)), Quantity(10));
}

TEST(CloseAmount, PercentOfHeld_RoundsDownLikeTheLadder) {
  EXPECT_EQ(*units_to_close(pct(30), Quantity(10)), Quantity(3));
  EXPECT_EQ(*units_to_close(pct(50), Quantity(4)), Quantity(2));
  EXPECT_EQ(*units_to_close(pct(100), Quantity(1)), Quantity(1));
  EXPECT_EQ(*units_to_close(CloseAmount::all(), Quantity(7)), Quantity(7));
}

TEST(CloseAmount, ThirtyPercentOfOneUnit_RefusedNamingPct) {
  auto r = units_to_close(pct(30), Quantity(1));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(r.error().field, "pct");
}

TEST(CloseAmount, MoreUnitsThanHeld_RefusedNamingQuantity) {
  auto r = units_to_close(units(11), Quantity(10));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(r.error().field, "quantity");
  EXPECT_NE(r.error().message.find("10"), std::string::npos) << r.error().message;
}

TEST(CloseAmount, ZeroOrNegativeUnits_RefusedNamingQuantity) {
  EXPECT_EQ(units_to_close(units(0), Quantity(10)).error().field, "quantity");
  EXPECT_EQ(units_to_close(units(-2), Quantity(10)).error().field, "quantity");
}

TEST(CloseAmount, PercentOutsideZeroToHundred_RefusedNamingPct) {
  EXPECT_EQ(units_to_close(pct(0), Quantity(10)).error().field, "pct");
  EXPECT_EQ(units_to_close(pct(-5), Quantity(10)).error().field, "pct");
  EXPECT_EQ(units_to_close(pct(101), Quantity(10)).error().field, "pct");
}

TEST(CloseAmount, BothOrNeitherGiven_RefusedNamingQuantity) {
  EXPECT_EQ(units_to_close(CloseAmount{}, Quantity(10)).error().field, "quantity");
  EXPECT_EQ(units_to_close(CloseAmount{Quantity(1), Percent::points(10)}, Quantity(10)).error().field, "quantity");
}

}  // namespace
}  // namespace nightdesk::portfolio
