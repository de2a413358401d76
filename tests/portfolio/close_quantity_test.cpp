#include "portfolio/close_quantity.h"

#include <gtest/gtest.h>

#include <random>

namespace nightdesk::portfolio {

// 128-bit intermediates for exact products of 64-bit counts (a GCC/Clang extension).
__extension__ using Int128 = __int128;
namespace {

Quantity q(std::int64_t n) { return Quantity(n); }

TEST(CloseQuantity, OneContractAtThirtyPercent_SkipsLevel) { EXPECT_EQ(close_quantity(q(1), Percent::points(30)), q(0)); }
TEST(CloseQuantity, OneContractAtHundredPercent_ClosesIt) { EXPECT_EQ(close_quantity(q(1), Percent::points(100)), q(1)); }
TEST(CloseQuantity, TenContractsAtThirtyPercent_ClosesThree) { EXPECT_EQ(close_quantity(q(10), Percent::points(30)), q(3)); }
TEST(CloseQuantity, TwoContractsAtThirtyPercent_SkipsLevel) { EXPECT_EQ(close_quantity(q(2), Percent::points(30)), q(0)); }
TEST(CloseQuantity, FourContractsAtFiftyPercent_ClosesTwo) { EXPECT_EQ(close_quantity(q(4), Percent::points(50)), q(2)); }

TEST(CloseQuantity, FloorsExactlyWhereDoublesWouldDrift) {
  // 0.29 x 100 is 28.999999999999996 in doubles; the basis-point rule gives 29.
  EXPECT_EQ(close_quantity(q(100), *Percent::from_fraction(0.29)), q(29));
  EXPECT_EQ(close_quantity(q(100), *Percent::parse("57%")), q(57));
}

TEST(CloseQuantity, MoreThanHundredPercentClosesOnlyWhatIsHeld) {
  EXPECT_EQ(close_quantity(q(7), Percent::points(150)), q(7));
}

TEST(CloseQuantity, NothingHeldOrNothingTakenClosesNothing) {
  EXPECT_EQ(close_quantity(q(0), Percent::points(50)), q(0));
  EXPECT_EQ(close_quantity(q(-3), Percent::points(50)), q(0));
  EXPECT_EQ(close_quantity(q(10), Percent::points(0)), q(0));
  EXPECT_EQ(close_quantity(q(10), Percent::points(-30)), q(0));
}

TEST(CloseQuantity, MinCloseAboveOneSkipsSmallerCloses) {
  EXPECT_EQ(close_quantity(q(10), Percent::points(30), q(5)), q(0));
  EXPECT_EQ(close_quantity(q(20), Percent::points(30), q(5)), q(6));
}

TEST(CloseQuantity, Property_NeverMoreThanHeldAndNeverAFullCloseFromAPartialLevel) {
  std::mt19937_64 rng(20250117);
  std::uniform_int_distribution<std::int64_t> held_dist(0, 5000);
  std::uniform_int_distribution<std::int64_t> bp_dist(1, 12'000);
  for (int i = 0; i < 200'000; ++i) {
    Quantity held(held_dist(rng));
    Percent take = Percent::from_basis_points(bp_dist(rng));
    Quantity closed = close_quantity(held, take);
    ASSERT_GE(closed.count(), 0);
    ASSERT_LE(closed, held) << held.count() << " " << take.to_string();
    if (take < Percent::points(100) && held.count() > 0) {
      ASSERT_LT(closed, held) << "a partial level closed everything: " << held.count() << " " << take.to_string();
      // The floor: closed <= held x take < closed + 1, unless skipped.
      Int128 exact_bp = static_cast<Int128>(held.count()) * take.basis_points();
      ASSERT_LE(static_cast<Int128>(closed.count()) * 10'000, exact_bp);
      if (closed.count() > 0) {
        ASSERT_GT(static_cast<Int128>(closed.count() + 1) * 10'000, exact_bp);
      }
    }
    if (take >= Percent::points(100)) {
      ASSERT_EQ(closed, held);
    }
  }
  // Every (qty, whole pct) pair exhaustively for small positions.
  for (std::int64_t held = 0; held <= 200; ++held)
    for (std::int64_t pct = 1; pct <= 100; ++pct) {
      Quantity closed = close_quantity(q(held), Percent::points(pct));
      ASSERT_EQ(closed.count(), pct == 100 ? held : (held * pct / 100 >= 1 ? held * pct / 100 : 0)) << held << " " << pct;
    }
}

}  // namespace
}  // namespace nightdesk::portfolio
