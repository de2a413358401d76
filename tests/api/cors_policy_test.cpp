// CORS: production refuses a wildcard or a missing list, development defaults to localhost, preflight headers.
#include "api/cors_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace nightdesk::api {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(CorsSettings, ProductionWithWildcard_Refused) {
  auto s = resolve_cors_settings(environment_from({{"NIGHTDESK_ENV", "production"}, {"NIGHTDESK_CORS_ORIGINS", "*"}}), {}, 600s);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "NIGHTDESK_CORS_ORIGINS");
  EXPECT_THAT(s.error().message, HasSubstr("wildcard"));
}

TEST(CorsSettings, ProductionWithPortWildcardInConfig_Refused) {
  auto s = resolve_cors_settings(environment_from({{"NIGHTDESK_ENV", "production"}}), {"https://desk.example.com:*"}, 600s);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "api.cors_origins");
}

TEST(CorsSettings, ProductionWithoutList_RefusedSayingWhatToSet) {
  auto s = resolve_cors_settings(environment_from({{"NIGHTDESK_ENV", "production"}}), {}, 600s);
  ASSERT_FALSE(s);
  EXPECT_THAT(s.error().message, HasSubstr("NIGHTDESK_CORS_ORIGINS"));
}

TEST(CorsSettings, ProductionWithList_Accepted) {
  auto s = resolve_cors_settings(
      environment_from({{"NIGHTDESK_ENV", "production"}, {"NIGHTDESK_CORS_ORIGINS", " https://Desk.example.com , https://ops.example.com"}}),
      {"http://ignored.example"}, 600s);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_THAT(s->allowed_origins, ElementsAre("https://desk.example.com", "https://ops.example.com"));
}

TEST(CorsSettings, Development_DefaultsToLocalhost) {
  auto s = resolve_cors_settings(environment_from({}), {}, 600s);
  ASSERT_TRUE(s);
  CorsPolicy policy(*s);
  EXPECT_TRUE(policy.allows("http://localhost:5173"));
  EXPECT_TRUE(policy.allows("http://127.0.0.1:8080"));
  EXPECT_FALSE(policy.allows("http://localhost.evil.com:80"));
  EXPECT_FALSE(policy.allows("http://localhost:"));
  EXPECT_FALSE(policy.allows("https://evil.example.com"));
}

TEST(CorsSettings, DevelopmentWildcard_AllowsAnyOrigin) {
  auto s = resolve_cors_settings(environment_from({{"NIGHTDESK_CORS_ORIGINS", "*"}}), {}, 600s);
  ASSERT_TRUE(s);
  EXPECT_TRUE(CorsPolicy(*s).allows("https://anything.example"));
}

TEST(CorsSettings, EntryWithPathOrTrailingSlash_Refused) {
  EXPECT_FALSE(resolve_cors_settings(environment_from({}), {"https://desk.example.com/"}, 600s));
  EXPECT_FALSE(resolve_cors_settings(environment_from({}), {"desk.example.com"}, 600s));
}

TEST(CorsSettings, UnknownEnvironment_RefusedNamingTheVariable) {
  auto s = resolve_cors_settings(environment_from({{"NIGHTDESK_ENV", "prod"}}), {}, 600s);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "NIGHTDESK_ENV");
}

TEST(CorsPolicy, Preflight_AllowedOrigin_ListsMethodsHeadersMaxAge) {
  CorsPolicy policy({{"https://desk.example.com"}, 900s});
  auto r = policy.preflight("https://desk.example.com", {"GET", "PATCH", "DELETE"});
  EXPECT_EQ(r.status, 204u);
  EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "https://desk.example.com");
  EXPECT_EQ(r.header("Access-Control-Allow-Methods"), "GET, PATCH, DELETE, HEAD, OPTIONS");
  EXPECT_THAT(r.header("Access-Control-Allow-Headers"), HasSubstr("Authorization"));
  EXPECT_THAT(r.header("Access-Control-Allow-Headers"), HasSubstr("Content-Type"));
  EXPECT_EQ(r.header("Access-Control-Max-Age"), "900");
  EXPECT_THAT(r.header("Vary"), HasSubstr("Origin"));
}

TEST(CorsPolicy, Preflight_OtherOrigin_403WithoutAllowOrigin) {
  CorsPolicy policy({{"https://desk.example.com"}, 900s});
  auto r = policy.preflight("https://evil.example.com", {"GET"});
  EXPECT_EQ(r.status, 403u);
  EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "");
}

TEST(CorsPolicy, Decorate_EchoesAllowedOriginAndAlwaysVaries) {
  CorsPolicy policy({{"https://desk.example.com"}, 900s});
  ApiResponse ok;
  policy.decorate(ok, "https://desk.example.com");
  EXPECT_EQ(ok.header("Access-Control-Allow-Origin"), "https://desk.example.com");
  EXPECT_EQ(ok.header("Vary"), "Origin");
  ApiResponse other;
  policy.decorate(other, "https://evil.example.com");
  EXPECT_EQ(other.header("Access-Control-Allow-Origin"), "");
  EXPECT_EQ(other.header("Vary"), "Origin");
}

TEST(SameOrigin, OriginNamingTheHostHeader_IsSameOrigin_AnyCaseEitherScheme) {
  EXPECT_TRUE(is_same_origin("http://127.0.0.1:8080", "127.0.0.1:8080"));
  EXPECT_TRUE(is_same_origin("https://Desk.Example.com", "desk.example.com"));
}

TEST(SameOrigin, AnotherHostPortOrScheme_IsNot) {
  EXPECT_FALSE(is_same_origin("http://127.0.0.1:8081", "127.0.0.1:8080"));
  EXPECT_FALSE(is_same_origin("https://evil.example", "127.0.0.1:8080"));
  EXPECT_FALSE(is_same_origin("ftp://127.0.0.1:8080", "127.0.0.1:8080"));
  EXPECT_FALSE(is_same_origin("http://127.0.0.1:8080/", "127.0.0.1:8080"));
  EXPECT_FALSE(is_same_origin("http://", ""));
  EXPECT_FALSE(is_same_origin("null", "127.0.0.1:8080"));
}

}  // namespace
}  // namespace nightdesk::api
