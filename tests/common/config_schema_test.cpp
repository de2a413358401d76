#include "common/config_schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace nightdesk {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ConfigSchema, BuilderRecordsTypeDefaultRangeDescriptionAndSecret) {
  ConfigSchema schema;
  ConfigKey<std::int64_t> hours =
      schema.integer("session", "max_runtime_hours", "hard stop for one session").defaults_to(10).range(1, 168);
  schema.text("notifications", "discord_webhook", "Discord webhook URL").defaults_to("").secret();
  const ConfigKeySpec* spec = schema.find("session", "max_runtime_hours");
  ASSERT_NE(spec, nullptr);
  EXPECT_EQ(spec->type, ConfigType::integer);
  EXPECT_EQ(spec->description, "hard stop for one session");
  EXPECT_EQ(spec->default_value, ConfigValue(std::int64_t{10}));
  EXPECT_EQ(spec->min, ConfigValue(std::int64_t{1}));
  EXPECT_EQ(spec->max, ConfigValue(std::int64_t{168}));
  EXPECT_FALSE(spec->secret);
  EXPECT_TRUE(schema.find("notifications", "discord_webhook")->secret);
  EXPECT_EQ(hours.path(), "session.max_runtime_hours");
}

TEST(ConfigSchema, KeyWithoutDefaultIsRequired) {
  ConfigSchema schema;
  schema.text("store", "url", "database URL");
  schema.number("budget", "max_cost_usd", "spend cap").defaults_to(50);
  EXPECT_TRUE(schema.find("store", "url")->required());
  EXPECT_FALSE(schema.find("budget", "max_cost_usd")->required());
}

TEST(ConfigSchema, SectionsAndKeysKeepDeclarationOrder) {
  ConfigSchema schema;
  schema.integer("session", "b", "").defaults_to(1);
  schema.integer("budget", "x", "").defaults_to(1);
  schema.integer("session", "a", "").defaults_to(1);
  EXPECT_THAT(schema.sections(), ElementsAre("session", "budget"));
  EXPECT_THAT(schema.key_names("session"), ElementsAre("b", "a"));
  EXPECT_TRUE(schema.has_section("budget"));
  EXPECT_FALSE(schema.has_section("paths"));
  EXPECT_EQ(schema.find("session", "x"), nullptr);
}

TEST(ConfigSchema, EnvNameIsPrefixSectionKeyInUpperCase) {
  ConfigSchema schema;
  schema.integer("session", "max_runtime_hours", "").defaults_to(10);
  const ConfigKeySpec& spec = schema.keys().front();
  EXPECT_EQ(config_env_name("OVERNIGHT", spec), "OVERNIGHT_SESSION_MAX_RUNTIME_HOURS");
  EXPECT_EQ(config_env_name("nightdesk", spec), "NIGHTDESK_SESSION_MAX_RUNTIME_HOURS");
  EXPECT_EQ(config_env_name("", spec), "SESSION_MAX_RUNTIME_HOURS");
}

TEST(ConfigSchema, WellFormedSchemaPassesCheck) {
  ConfigSchema schema;
  schema.boolean("enforcement", "require_p0", "").defaults_to(true);
  schema.choice("logging", "format", {"json", "text"}, "").defaults_to("json");
  schema.duration("watchdog", "check_interval", "").defaults_to(30s).range(1s, 1h);
  schema.text_list("api", "cors_origins", "").defaults_to({"http://localhost:8080"});
  EXPECT_TRUE(schema.check("OVERNIGHT"));
}

TEST(ConfigSchemaCheck, RefusesNamesThatAreNotSnakeCase) {
  ConfigSchema schema;
  schema.integer("Session", "maxRuntime", "").defaults_to(1);
  schema.integer("session", "max-runtime", "").defaults_to(1);
  auto r = schema.check("OVERNIGHT");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::internal);
  EXPECT_THAT(r.error().message, HasSubstr("Session.maxRuntime: section name is not lower_snake_case"));
  EXPECT_THAT(r.error().message, HasSubstr("Session.maxRuntime: key name is not lower_snake_case"));
  EXPECT_THAT(r.error().message, HasSubstr("session.max-runtime: key name is not lower_snake_case"));
}

TEST(ConfigSchemaCheck, RefusesAKeyDeclaredTwice) {
  ConfigSchema schema;
  schema.integer("session", "max_runtime_hours", "").defaults_to(1);
  schema.number("session", "max_runtime_hours", "").defaults_to(1);
  EXPECT_THAT(schema.check("OVERNIGHT").error().message, HasSubstr("session.max_runtime_hours: declared twice"));
}

TEST(ConfigSchemaCheck, RefusesTwoKeysSharingAnEnvironmentVariable) {
  ConfigSchema schema;
  schema.integer("a_b", "c", "").defaults_to(1);
  schema.integer("a", "b_c", "").defaults_to(1);
  EXPECT_THAT(schema.check("OVERNIGHT").error().message,
              HasSubstr("a.b_c: environment variable OVERNIGHT_A_B_C is also the one of a_b.c"));
  EXPECT_TRUE(schema.check("")) << "without a prefix there are no environment overrides to collide";
}

TEST(ConfigSchemaCheck, RefusesDefaultsOutsideRangeOrChoices) {
  ConfigSchema schema;
  schema.integer("session", "max_runtime_hours", "").defaults_to(200).range(1, 168);
  schema.choice("logging", "format", {"json", "text"}, "").defaults_to("xml");
  auto message = schema.check("OVERNIGHT").error().message;
  EXPECT_THAT(message, HasSubstr("session.max_runtime_hours: default expected an integer in [1, 168], got 200"));
  EXPECT_THAT(message, HasSubstr("logging.format: default \"xml\" is not one of json, text"));
}

TEST(ConfigSchemaCheck, RefusesInvertedRangeAndEmptyChoice) {
  ConfigSchema schema;
  schema.number("budget", "warning_threshold_pct", "").range(95, 80);
  schema.choice("logging", "level", {}, "");
  auto message = schema.check("OVERNIGHT").error().message;
  EXPECT_THAT(message, HasSubstr("budget.warning_threshold_pct: min 95 is above max 80"));
  EXPECT_THAT(message, HasSubstr("logging.level: a choice needs at least one allowed value"));
}

}  // namespace
}  // namespace nightdesk
