// GET /config's redaction: URL passwords, keys named like secrets, and what must stay visible.
#include "apps/redacted_config.h"

#include <gtest/gtest.h>

#include "apps/program_config.h"

namespace nightdesk::apps {
namespace {

TEST(RedactUrlPassword, PostgresUrlWithPassword_HidesOnlyThePassword) {
  EXPECT_EQ(redact_url_password("postgresql://desk:s3cr3t@db.example:5432/nightdesk"), "postgresql://desk:***@db.example:5432/nightdesk");
}

TEST(RedactUrlPassword, PasswordWithAtSign_IsHiddenWhole) {
  EXPECT_EQ(redact_url_password("postgresql://desk:p@ss@db/nd"), "postgresql://desk:***@db/nd");
}

TEST(RedactUrlPassword, UrlWithoutPassword_IsUnchanged) {
  EXPECT_EQ(redact_url_password("postgresql://desk@db/nd"), "postgresql://desk@db/nd");
  EXPECT_EQ(redact_url_password("sqlite:///var/lib/nightdesk/journal.db"), "sqlite:///var/lib/nightdesk/journal.db");
  EXPECT_EQ(redact_url_password("http://127.0.0.1:8080/a@b"), "http://127.0.0.1:8080/a@b") << "an @ in the path is not user info";
}

TEST(RedactUrlPassword, PlainText_IsUnchanged) {
  EXPECT_EQ(redact_url_password("touch"), "touch");
  EXPECT_EQ(redact_url_password(""), "");
}

TEST(RedactedConfigJson, StoreUrlPassword_IsHiddenAndOtherValuesShown) {
  auto c = load_program_config_text("store:\n  url: postgresql://desk:hunter2hunter2@db/nd\napi:\n  token_file: /etc/nd/tokens\n",
                                    "nightdesk.yaml", environment_from({}));
  ASSERT_TRUE(c) << c.error().describe();
  auto json = redacted_config_json(*c->engine.raw);
  EXPECT_EQ(json["store"]["url"], "postgresql://desk:***@db/nd");
  EXPECT_EQ(json["api"]["token_file"], "/etc/nd/tokens") << "a path to a secret is not the secret";
  EXPECT_EQ(json["execution"]["max_attempts"], 10);
  EXPECT_EQ(json.dump().find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace nightdesk::apps
