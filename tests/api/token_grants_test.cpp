// Tokens from the environment and a token file: scopes, weak tokens refused naming where, duplicates refused.
#include "api/token_grants.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.h"

namespace nightdesk::api {
namespace {

using ::testing::HasSubstr;

const std::string kTrade = "tK3v9QmZ2pLx8RfW4nYbH6cJ1sD7gE5a";
const std::string kAdmin = "Ab7Xq2Lm9Wc4Tz8Rk1Vn6Hs3Jp5Gd0Fy";
const std::string kRead = "r9F2kLm8Qz3Xw7Vc1Tb6Ny4Hp0Js5Gd2";

TEST(TokenGrants, EnvironmentTokens_GetTheirScopes) {
  auto grants = load_token_grants(environment_from({{"NIGHTDESK_API_TOKEN", kTrade}, {"NIGHTDESK_ADMIN_TOKEN", kAdmin},
                                                    {"NIGHTDESK_READ_TOKEN", kRead}}),
                                  {});
  ASSERT_TRUE(grants) << grants.error().message;
  ASSERT_EQ(grants->size(), 3u);
  EXPECT_EQ((*grants)[0].name, "api");
  EXPECT_EQ((*grants)[0].scope, AccessScope::trade);
  EXPECT_EQ((*grants)[1].scope, AccessScope::admin);
  EXPECT_EQ((*grants)[2].scope, AccessScope::read);
}

TEST(TokenGrants, NoToken_IsAnEmptyList) {
  auto grants = load_token_grants(environment_from({}), {});
  ASSERT_TRUE(grants);
  EXPECT_TRUE(grants->empty());
}

TEST(TokenGrants, WeakAdminToken_RefusedNamingTheVariable) {
  auto grants = load_token_grants(
      environment_from({{"NIGHTDESK_API_TOKEN", kTrade}, {"NIGHTDESK_ADMIN_TOKEN", "default-token-change-me"}}), {});
  ASSERT_FALSE(grants);
  EXPECT_EQ(grants.error().field, "NIGHTDESK_ADMIN_TOKEN");
  EXPECT_THAT(grants.error().message, HasSubstr("NIGHTDESK_ADMIN_TOKEN:"));
}

TEST(TokenGrants, SameTokenForTwoScopes_Refused) {
  auto grants = load_token_grants(environment_from({{"NIGHTDESK_API_TOKEN", kTrade}, {"NIGHTDESK_ADMIN_TOKEN", kTrade}}), {});
  ASSERT_FALSE(grants);
  EXPECT_THAT(grants.error().message, HasSubstr("same token"));
}

TEST(TokenFile, LinesWithScopes_Parsed) {
  auto grants = parse_token_file("# tokens\n\nread " + kRead + "\r\nadmin   " + kAdmin + "\n", "tokens.txt");
  ASSERT_TRUE(grants) << grants.error().message;
  ASSERT_EQ(grants->size(), 2u);
  EXPECT_EQ((*grants)[0].scope, AccessScope::read);
  EXPECT_EQ((*grants)[0].name, "tokens.txt:3");
  EXPECT_EQ((*grants)[1].token, kAdmin);
}

TEST(TokenFile, UnknownScope_RefusedNamingTheLine) {
  auto grants = parse_token_file("write " + kRead + "\n", "tokens.txt");
  ASSERT_FALSE(grants);
  EXPECT_THAT(grants.error().message, HasSubstr("tokens.txt:1"));
}

TEST(TokenFile, ShortToken_RefusedNamingTheLine) {
  auto grants = parse_token_file("read " + kRead + "\ntrade short-token\n", "tokens.txt");
  ASSERT_FALSE(grants);
  EXPECT_EQ(grants.error().field, "tokens.txt:2");
}

TEST(TokenFile, FromDisk_CombinedWithEnvironment) {
  nightdesk::testing::TempDir dir;
  const auto path = dir.path() / "tokens.txt";
  std::ofstream(path) << "read " << kRead << "\n";
  auto grants = load_token_grants(environment_from({{"NIGHTDESK_API_TOKEN", kTrade}}), path);
  ASSERT_TRUE(grants) << grants.error().message;
  EXPECT_EQ(grants->size(), 2u);
}

TEST(TokenFile, Missing_IsAnIoError) {
  auto grants = load_token_grants(environment_from({}), "/nonexistent/tokens.txt");
  ASSERT_FALSE(grants);
  EXPECT_EQ(grants.error().code, ErrorCode::io_error);
}

}  // namespace
}  // namespace nightdesk::api
