#include "broker/venue_id_sequence.h"

#include <gtest/gtest.h>

#include <limits>

namespace nightdesk::broker {
namespace {

TEST(VenueIdSequence, Take_NumbersFromTheStartAndCountsOn) {
  VenueIdSequence ids("pv-");
  EXPECT_EQ(ids.next(), 1u);
  EXPECT_EQ(ids.take(), "pv-1");
  EXPECT_EQ(ids.take(), "pv-2");
  EXPECT_EQ(ids.next(), 3u);
}

TEST(VenueIdSequence, Take_CarriesThroughNinesIntoANewDigit) {
  VenueIdSequence ids("pvf-", 9);
  EXPECT_EQ(ids.take(), "pvf-9");
  EXPECT_EQ(ids.take(), "pvf-10");
  ids.restart(199);
  EXPECT_EQ(ids.take(), "pvf-199");
  EXPECT_EQ(ids.take(), "pvf-200");
  ids.restart(999);
  EXPECT_EQ(ids.take(), "pvf-999");
  EXPECT_EQ(ids.take(), "pvf-1000");
}

TEST(VenueIdSequence, EveryIdMatchesItsNumber) {
  VenueIdSequence ids("pv-", 0);
  for (std::uint64_t n = 0; n < 12'345; ++n) ASSERT_EQ(ids.take(), "pv-" + std::to_string(n));
}

TEST(VenueIdSequence, Restart_NumbersFromTheGivenNumber) {
  VenueIdSequence ids("pv-");
  ids.take();
  ids.restart(42);
  EXPECT_EQ(ids.next(), 42u);
  EXPECT_EQ(ids.take(), "pv-42");
}

TEST(VenueIdSequence, LargestNumber_WrapsToZero) {
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  VenueIdSequence ids("pv-", kMax - 1);
  EXPECT_EQ(ids.take(), "pv-18446744073709551614");
  EXPECT_EQ(ids.take(), "pv-18446744073709551615");
  EXPECT_EQ(ids.next(), 0u);
  EXPECT_EQ(ids.take(), "pv-0");
}

}  // namespace
}  // namespace nightdesk::broker
