// Token strength rules (length, defaults, placeholders, patterns) and constant-time comparison.
#include "api/api_token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace nightdesk::api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kStrong = "tK3v9QmZ2pLx8RfW4nYbH6cJ1sD7gE5a";  // 32 characters

TEST(TokenStrength, ThirtyTwoRandomCharacters_Accepted) {
  ASSERT_EQ(kStrong.size(), 32u);
  EXPECT_TRUE(check_token_strength(kStrong, "NIGHTDESK_API_TOKEN"));
}

TEST(TokenStrength, ThirtyOneCharacters_RefusedNamingTheVariable) {
  auto r = check_token_strength(kStrong.substr(0, 31), "NIGHTDESK_API_TOKEN");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "NIGHTDESK_API_TOKEN");
  EXPECT_THAT(r.error().message, HasSubstr("NIGHTDESK_API_TOKEN: the token is 31 characters; at least 32"));
  EXPECT_THAT(r.error().message, Not(HasSubstr(std::string(kStrong.substr(0, 31)))));  // never the secret
}

TEST(TokenStrength, EmptyToken_Refused) { EXPECT_FALSE(check_token_strength("", "NIGHTDESK_ADMIN_TOKEN")); }

TEST(TokenStrength, WellKnownDefaults_Refused) {
  for (std::string_view d : {"change-me", "default-token-change-me", "secret", "password", "token", "test", "admin"})
    EXPECT_FALSE(check_token_strength(d, "NIGHTDESK_API_TOKEN")) << d;
}

TEST(TokenStrength, LongDefaultsAndPlaceholders_Refused) {
  for (std::string_view d : {"0123456789abcdef0123456789abcdef", "change-me-change-me-change-me-now!",
                             "default-token-change-me-please-ok", "CHANGE_ME_xK3v9QmZ2pLx8RfW4nYbH6cJ",
                             "my-super-secret-token-for-the-api", "replace-me-with-a-real-token-1234",
                             "your-token-here-k3v9QmZ2pLx8RfW4n", "password1password2password3pass"}) {
    auto r = check_token_strength(d, "NIGHTDESK_API_TOKEN");
    EXPECT_FALSE(r) << d;
  }
}

TEST(TokenStrength, RepeatedPattern_Refused) {
  auto r = check_token_strength("abc1abc1abc1abc1abc1abc1abc1abc1", "T");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("repeats"));
  EXPECT_FALSE(check_token_strength(std::string(40, 'x'), "T"));
}

TEST(TokenStrength, FewDistinctCharacters_Refused) {
  auto r = check_token_strength("aabbaabbccaabbccaabbddaabbccaabbd", "T");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("distinct"));
}

TEST(TokenStrength, SpaceOrControlCharacter_Refused) {
  EXPECT_FALSE(check_token_strength("tK3v9QmZ2pLx8RfW 4nYbH6cJ1sD7gE5a", "T"));
  EXPECT_FALSE(check_token_strength("tK3v9QmZ2pLx8RfW\n4nYbH6cJ1sD7gE5a", "T"));
}

TEST(TokenCompare, EqualTokens_Equal) { EXPECT_TRUE(tokens_equal(kStrong, std::string(kStrong))); }

TEST(TokenCompare, DifferInLastCharacterOrLength_NotEqual) {
  std::string last(kStrong);
  last.back() = 'b';
  EXPECT_FALSE(tokens_equal(last, kStrong));
  EXPECT_FALSE(tokens_equal(kStrong.substr(0, 31), kStrong));
  EXPECT_FALSE(tokens_equal("tK3v9QmZ2pLx8RfW4nYbH6cJ1sD7gE5ax", kStrong));
  EXPECT_FALSE(tokens_equal("", kStrong));
}

TEST(TokenCompare, DigestsAreFixedSize_SoComparisonLengthDoesNotDependOnInput) {
  // The timing-safe path: every comparison is CRYPTO_memcmp over two 32-byte SHA-256 digests.
  const TokenDigest a = token_digest("x"), b = token_digest(std::string(10'000, 'y'));
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(b.size(), 32u);
  EXPECT_FALSE(digests_equal(a, b));
  EXPECT_TRUE(digests_equal(a, token_digest("x")));
}

}  // namespace
}  // namespace nightdesk::api
