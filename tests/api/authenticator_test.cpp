// Authentication: bearer parsing, scopes, the query token, failed attempts locking an address out (fake clock).
#include "api/authenticator.h"

#include <gtest/gtest.h>

namespace nightdesk::api {
namespace {

using namespace std::chrono_literals;

const std::string kTrade = "tK3v9QmZ2pLx8RfW4nYbH6cJ1sD7gE5a";
const std::string kRead = "r9F2kLm8Qz3Xw7Vc1Tb6Ny4Hp0Js5Gd2";

class AuthenticatorTest : public ::testing::Test {
 protected:
  SteadyTime t0 = SteadyTime{} + 1h;
  Authenticator auth{{{"api", "NIGHTDESK_API_TOKEN", AccessScope::trade, kTrade},
                      {"read", "NIGHTDESK_READ_TOKEN", AccessScope::read, kRead}},
                     BucketLimit{3, 1.0 / 60}, false};
  std::string bearer(const std::string& token) { return "Bearer " + token; }
};

TEST_F(AuthenticatorTest, RightBearerToken_GivesItsPrincipal) {
  auto a = auth.authenticate(bearer(kTrade), std::nullopt, "10.0.0.1", t0);
  ASSERT_EQ(a.kind, AuthOutcome::Kind::ok);
  EXPECT_EQ(a.principal.name, "api");
  EXPECT_EQ(a.principal.scope, AccessScope::trade);
  EXPECT_EQ(auth.authenticate(bearer(kRead), std::nullopt, "10.0.0.1", t0).principal.scope, AccessScope::read);
}

TEST_F(AuthenticatorTest, SchemeIsCaseInsensitive) {
  EXPECT_EQ(auth.authenticate("bearer  " + kTrade, std::nullopt, "ip", t0).kind, AuthOutcome::Kind::ok);
}

TEST_F(AuthenticatorTest, NoCredentials_Missing) {
  EXPECT_EQ(auth.authenticate(std::nullopt, std::nullopt, "ip", t0).kind, AuthOutcome::Kind::missing);
}

TEST_F(AuthenticatorTest, WrongTokenOrScheme_Invalid) {
  EXPECT_EQ(auth.authenticate(bearer(kTrade + "x"), std::nullopt, "ip", t0).kind, AuthOutcome::Kind::invalid);
  EXPECT_EQ(auth.authenticate("Basic " + kTrade, std::nullopt, "ip", t0).kind, AuthOutcome::Kind::invalid);
  EXPECT_EQ(auth.authenticate("Bearer", std::nullopt, "ip2", t0).kind, AuthOutcome::Kind::invalid);
}

TEST_F(AuthenticatorTest, QueryToken_AcceptedWhenPassed) {
  EXPECT_EQ(auth.authenticate(std::nullopt, kRead, "ip", t0).kind, AuthOutcome::Kind::ok);
}

TEST_F(AuthenticatorTest, FailedAttempts_LockTheAddressOut_EvenForTheRightToken) {
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(auth.authenticate(bearer("wrong"), std::nullopt, "10.0.0.9", t0).kind, AuthOutcome::Kind::invalid);
  auto locked = auth.authenticate(bearer(kTrade), std::nullopt, "10.0.0.9", t0 + 1s);
  EXPECT_EQ(locked.kind, AuthOutcome::Kind::locked_out);
  EXPECT_EQ(locked.retry_after, 59s);
  // Another address is not affected.
  EXPECT_EQ(auth.authenticate(bearer(kTrade), std::nullopt, "10.0.0.8", t0).kind, AuthOutcome::Kind::ok);
  // One attempt is forgiven per minute.
  EXPECT_EQ(auth.authenticate(bearer(kTrade), std::nullopt, "10.0.0.9", t0 + 60s).kind, AuthOutcome::Kind::ok);
}

TEST_F(AuthenticatorTest, MissingCredentials_DoNotCountAsFailedAttempts) {
  for (int i = 0; i < 10; ++i) auth.authenticate(std::nullopt, std::nullopt, "10.0.0.7", t0);
  EXPECT_EQ(auth.authenticate(bearer(kTrade), std::nullopt, "10.0.0.7", t0).kind, AuthOutcome::Kind::ok);
}

TEST(Authenticator, InsecureNoAuth_EveryoneIsAdmin) {
  Authenticator auth({}, BucketLimit{3, 1}, true);
  auto a = auth.authenticate(std::nullopt, std::nullopt, "127.0.0.1", SteadyTime{});
  ASSERT_EQ(a.kind, AuthOutcome::Kind::ok);
  EXPECT_EQ(a.principal.scope, AccessScope::admin);
}

TEST(BearerToken, Parsing) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("BEARER abc "), "abc");
  EXPECT_FALSE(bearer_token("Bearerabc"));
  EXPECT_FALSE(bearer_token("Bearer    "));
  EXPECT_FALSE(bearer_token("Token abc"));
}

TEST(AccessScope, HigherScopesIncludeLower) {
  EXPECT_TRUE(grants(AccessScope::admin, AccessScope::trade));
  EXPECT_TRUE(grants(AccessScope::trade, AccessScope::read));
  EXPECT_FALSE(grants(AccessScope::read, AccessScope::trade));
  EXPECT_FALSE(grants(AccessScope::trade, AccessScope::admin));
}

}  // namespace
}  // namespace nightdesk::api
