#include "common/time.h"

#include <gtest/gtest.h>

namespace nightdesk {
namespace {

using namespace std::chrono_literals;

TEST(Iso8601, FormatsUtcWithNineFractionalDigits) {
  EXPECT_EQ(format_iso8601(from_unix_nanos(1'737'147'600'123'456'789)), "2025-01-17T21:00:00.123456789Z");
}

TEST(Iso8601, ParsesZuluAndOffsetsToTheSameInstant) {
  auto z = parse_iso8601("2025-01-17T21:00:00Z");
  auto ny = parse_iso8601("2025-01-17T16:00:00-05:00");
  ASSERT_TRUE(z && ny);
  EXPECT_EQ(*z, *ny);
  EXPECT_EQ(to_unix_nanos(*z), 1'737'147'600'000'000'000);
}

TEST(Iso8601, RoundTripsNanoseconds) {
  auto t = from_unix_nanos(1'700'000'000'000'000'001);
  EXPECT_EQ(parse_iso8601(format_iso8601(t)).value(), t);
}

TEST(Iso8601, MissingZoneIsAnErrorNotAGuess) {
  auto r = parse_iso8601("2025-01-17T21:00:00");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::parse_error);
  EXPECT_NE(r.error().message.find("zone"), std::string::npos);
}

TEST(Iso8601, RejectsImpossibleDatesAndTimes) {
  EXPECT_FALSE(parse_iso8601("2025-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2025-01-17T24:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2025-01-17T21:00:00.1234567890Z"));
  EXPECT_FALSE(parse_iso8601("garbage"));
}

// Found by tests/fuzz/replay_feed_fuzz: year 1012 overflowed the nanosecond conversion.
TEST(Iso8601, YearsOutsideTheNanosecondRangeAreErrors) {
  auto r = parse_iso8601("1012-01-02T20:45:00Z");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("year outside 1700-2200"), std::string::npos) << r.error().message;
  EXPECT_FALSE(parse_iso8601("9999-12-31T23:59:59Z"));
  EXPECT_TRUE(parse_iso8601("2200-12-31T23:59:59Z"));
}

TEST(DateText, ParsesAndFormatsStrictly) {
  auto d = parse_date("2024-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(format_date(*d), "2024-02-29");
  EXPECT_FALSE(parse_date("2023-02-29"));
  EXPECT_FALSE(parse_date("2024-2-29"));
  EXPECT_FALSE(parse_date("2024-02-29x"));
}

TEST(SimulatedClock, MovesOnlyWhenToldAndNeverBackwards) {
  SimulatedClock clock(from_unix_nanos(1'000));
  EXPECT_EQ(to_unix_nanos(clock.now()), 1'000);
  clock.advance(5ns);
  EXPECT_EQ(to_unix_nanos(clock.now()), 1'005);
  EXPECT_TRUE(clock.set(from_unix_nanos(2'000)));
  auto back = clock.set(from_unix_nanos(1'500));
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().code, ErrorCode::conflict);
  EXPECT_EQ(to_unix_nanos(clock.now()), 2'000);
}

TEST(RealClock, IsCloseToTheSystemClock) {
  RealClock clock;
  auto system = std::chrono::system_clock::now();
  auto diff = clock.now() - std::chrono::time_point_cast<Nanoseconds>(system);
  EXPECT_LT(std::chrono::abs(diff), 5s);
}

}  // namespace
}  // namespace nightdesk
