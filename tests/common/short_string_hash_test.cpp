#include "common/short_string_hash.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>
#include <unordered_set>

namespace nightdesk {
namespace {

TEST(ShortStringHash, EqualTextHashesEqualWhereverItLives) {
  const std::string a = "ord-9f2c4a7e01b3d865-42";
  const std::string b = a;  // a different buffer
  EXPECT_EQ(short_string_hash(a), short_string_hash(b));
  EXPECT_EQ(short_string_hash(std::string_view("xxord-9f2c4a7e01b3d865-42").substr(2)), short_string_hash(a));
}

TEST(ShortStringHash, EmptyAndEveryLengthUpToFortyAreDistinct) {
  std::unordered_set<std::uint64_t> seen;
  for (std::size_t n = 0; n <= 40; ++n) seen.insert(short_string_hash(std::string(n, 'a')));
  EXPECT_EQ(seen.size(), 41u);  // the length is mixed in: "", "a", "aa", ... never collide
}

TEST(ShortStringHash, EngineShapedIdsDoNotCollide) {
  // The engine's ids differ only in a counter at the end (IdGenerator: "ord-<run token>-<n>").
  std::unordered_set<std::uint64_t> seen;
  constexpr int kIds = 200'000;
  for (int i = 0; i < kIds; ++i) seen.insert(short_string_hash(fmt::format("ord-9f2c4a7e01b3d865-{}", i)));
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kIds));
}

TEST(ShortStringHash, EveryByteOfAShortSymbolCounts) {
  EXPECT_NE(short_string_hash("SPY"), short_string_hash("SPX"));
  EXPECT_NE(short_string_hash("SPY"), short_string_hash("QPY"));
  EXPECT_NE(short_string_hash("ABCDEFGH"), short_string_hash("ABCDEFGI"));  // exactly one word
  EXPECT_NE(short_string_hash("ABCDEFGHI"), short_string_hash("BBCDEFGHI"));  // the first of two overlapping words
}

TEST(ShortStringHash, LowBitsSpreadOverBuckets) {
  // Hash tables index by the low bits (or a prime modulus): ids that differ in their last digit must land
  // in many different buckets of a small power-of-two table.
  std::unordered_set<std::uint64_t> buckets;
  for (int i = 0; i < 64; ++i) buckets.insert(short_string_hash(fmt::format("ord-9f2c4a7e01b3d865-{}", i)) & 63u);
  EXPECT_GT(buckets.size(), 32u);
}

}  // namespace
}  // namespace nightdesk
