// The demo's token, its built-in strategies and its banner (what a person and the integration tests read).
#include "apps/demo_settings.h"

#include <gtest/gtest.h>

#include <set>

#include "api/api_token.h"
#include "apps/demo_token.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace nightdesk::apps {
namespace {

TEST(DemoToken, Generated_IsStrongUrlSafeAndFresh) {
  auto a = generate_api_token();
  auto b = generate_api_token();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->size(), 43u);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(api::check_token_strength(*a, "demo")) << *a;
  for (char c : *a) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << *a;
}

TEST(DemoStrategies, NoFileAndNoExample_UsesTheBuiltInOnes) {
  testing::TempDir empty;
  auto s = demo_strategies("", empty.path().string());
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(s->second, "the built-in demo strategies");
  ASSERT_EQ(s->first.strategies.size(), 2u);
  EXPECT_EQ(s->first.strategies[0].kind, "short_put_vertical");
}

TEST(DemoStrategies, TheRepositorysExample_IsUsedWhenPresent) {
  auto s = demo_strategies("", testing::source_dir().string());
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_NE(s->second.find("config/strategies.yaml"), std::string::npos);
}

TEST(DemoStrategies, MissingFile_IsAnError) {
  EXPECT_FALSE(demo_strategies("/nonexistent/strategies.yaml", "/"));
}

TEST(DemoBanner, HasUrlTokenACurlLineAndTheDashboard) {
  DemoArgs args;
  const std::string text = demo_banner("http://127.0.0.1:4242", "tok", "tok", args, "built-in", "/tmp/x", true);
  EXPECT_NE(text.find("URL:   http://127.0.0.1:4242\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Token: tok\n"), std::string::npos) << text;
  EXPECT_NE(text.find("curl -H \"Authorization: Bearer tok\" http://127.0.0.1:4242/api/v1/positions"), std::string::npos) << text;
  EXPECT_NE(text.find("ws://127.0.0.1:4242/api/v1/ws"), std::string::npos) << text;
  EXPECT_NE(text.find("Open:  http://127.0.0.1:4242/ in a browser for the dashboard"), std::string::npos) << text;
}

}  // namespace
}  // namespace nightdesk::apps
